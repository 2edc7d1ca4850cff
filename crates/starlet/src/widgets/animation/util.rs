//! The arithmetic keyframe animation is made of: mapping a value from one
//! range to another and blending two numbers.

/// Maps `v` from `from_min..from_max` onto `to_min..to_max`; an empty source
/// range maps everything to `to_max`.
pub fn rescale(from_min: f64, from_max: f64, to_min: f64, to_max: f64, v: f64) -> f64 {
    if from_max == from_min {
        return to_max;
    }
    to_min + (v - from_min) / (from_max - from_min) * (to_max - to_min)
}

/// The value `t` of the way from `from` to `to`.
pub fn lerp(from: f64, to: f64, t: f64) -> f64 {
    from + (to - from) * t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rescale_maps_between_ranges() {
        assert_eq!(rescale(0.0, 1.0, 0.0, 100.0, 0.0), 0.0);
        assert_eq!(rescale(0.0, 1.0, 0.0, 100.0, 0.5), 50.0);
        assert_eq!(rescale(0.0, 1.0, 0.0, 100.0, 1.0), 100.0);
        assert_eq!(rescale(0.0, 1.0, -50.0, 100.0, 0.0), -50.0);
        assert_eq!(rescale(0.0, 1.0, -50.0, 100.0, 0.5), 25.0);
        assert_eq!(rescale(0.0, 1.0, -50.0, 100.0, 1.0), 100.0);
        assert_eq!(rescale(-33.2, 10.71, 0.0, 1.0, -10.0), 0.5283534502391255);
        assert_eq!(rescale(-33.2, 10.71, 0.0, 1.0, 5.0), 0.8699612844454566);
        assert_eq!(rescale(-33.2, 10.71, 0.0, 1.0, 10.0), 0.9838305625142336);
    }

    #[test]
    fn rescale_of_an_empty_range_is_the_end() {
        assert_eq!(rescale(0.5, 0.5, 0.0, 1.0, 0.5), 1.0);
    }

    #[test]
    fn lerp_blends_with_go_float_results() {
        let cases = [
            (0.0, 1.0, 0.0, 0.0),
            (0.0, 1.0, 0.1, 0.1),
            (0.0, 1.0, 0.33, 0.33),
            (0.0, 1.0, 0.5, 0.5),
            (0.0, 1.0, 0.7533, 0.7533),
            (0.0, 1.0, 1.0, 1.0),
            (-1.0, 1.0, 0.0, -1.0),
            (-1.0, 1.0, 0.1, -0.8),
            (-1.0, 1.0, 0.33, -0.33999999999999997),
            (-1.0, 1.0, 0.5, 0.0),
            (-1.0, 1.0, 0.7533, 0.5065999999999999),
            (-1.0, 1.0, 1.0, 1.0),
            (0.0, 42.1337, 0.0, 0.0),
            (0.0, 42.1337, 0.1, 4.21337),
            (0.0, 42.1337, 0.33, 13.904121),
            (0.0, 42.1337, 0.5, 21.06685),
            (0.0, 42.1337, 0.7533, 31.73931621),
            (0.0, 42.1337, 1.0, 42.1337),
        ];
        for (from, to, t, want) in cases {
            assert_eq!(lerp(from, to, t), want, "lerp({from}, {to}, {t})");
        }
    }
}
