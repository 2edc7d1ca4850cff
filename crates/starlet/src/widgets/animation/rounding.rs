//! How interpolated translations land on the pixel grid (`rounding`).

/// `round` to the nearest pixel (halves away from zero), `floor`, `ceil`,
/// or `none` to keep fractions (and so resample what is drawn).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rounding {
    #[default]
    Round,
    Floor,
    Ceil,
    None,
}

impl Rounding {
    /// The rounding an app names; `""` is the default, `round`.
    pub fn parse(text: &str) -> Option<Rounding> {
        match text {
            "" | "round" => Some(Rounding::Round),
            "floor" => Some(Rounding::Floor),
            "ceil" => Some(Rounding::Ceil),
            "none" => Some(Rounding::None),
            _ => None,
        }
    }

    pub fn apply(&self, v: f64) -> f64 {
        match self {
            Rounding::Round => v.round(),
            Rounding::Floor => v.floor(),
            Rounding::Ceil => v.ceil(),
            Rounding::None => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rounding_lands_as_go_math_does() {
        let apply = |r: Rounding| [-2.5, -0.4, 0.5, 1.2].map(|v| r.apply(v));
        assert_eq!(apply(Rounding::Round), [-3.0, -0.0, 1.0, 1.0]);
        assert_eq!(apply(Rounding::Floor), [-3.0, -1.0, 0.0, 1.0]);
        assert_eq!(apply(Rounding::Ceil), [-2.0, -0.0, 1.0, 2.0]);
        assert_eq!(apply(Rounding::None), [-2.5, -0.4, 0.5, 1.2]);
    }
}
