//! Which way an animation plays (`direction`), and so how many frames it
//! has and how far along it is in each.

/// `normal`, `reverse`, `alternate` (forwards then back) or
/// `alternate-reverse` (back then forwards).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Direction {
    pub alternate: bool,
    pub reverse: bool,
}

impl Direction {
    pub const NORMAL: Direction = Direction {
        alternate: false,
        reverse: false,
    };
    pub const REVERSE: Direction = Direction {
        alternate: false,
        reverse: true,
    };
    pub const ALTERNATE: Direction = Direction {
        alternate: true,
        reverse: false,
    };
    pub const ALTERNATE_REVERSE: Direction = Direction {
        alternate: true,
        reverse: true,
    };

    /// The direction an app names; `""` is the default, `normal`.
    pub fn parse(text: &str) -> Option<Direction> {
        match text {
            "" | "normal" => Some(Self::NORMAL),
            "reverse" => Some(Self::REVERSE),
            "alternate" => Some(Self::ALTERNATE),
            "alternate-reverse" => Some(Self::ALTERNATE_REVERSE),
            _ => None,
        }
    }

    /// Frames of one cycle: the delay, the animation and the delay again,
    /// or twice delay and animation when alternating.
    pub fn frame_count(&self, delay: i64, duration: i64) -> i64 {
        let once = delay.saturating_add(duration);
        if self.alternate {
            once.saturating_mul(2)
        } else {
            once.saturating_add(delay)
        }
    }

    /// How far along (0 to 1) the animation is in frame `frame`; `fill`
    /// once the cycle is over.
    pub fn progress(&self, delay: i64, duration: i64, fill: f64, frame: i64) -> f64 {
        let start = delay;
        let end = delay.saturating_add(duration);
        let resumed = end.saturating_add(delay);
        let back = resumed.saturating_add(duration);
        let step = |from: i64| frame.saturating_sub(from) as f64 / duration.saturating_sub(1) as f64;
        let progress = if frame < start {
            0.0
        } else if frame < end {
            step(start)
        } else if frame < resumed {
            1.0
        } else if self.alternate && frame < back {
            1.0 - step(resumed)
        } else {
            fill
        };
        if self.reverse { 1.0 - progress } else { progress }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Progress in frames 0 up to (not including) the cycle's length, and
    /// in the frame after it with a fill of 0.5.
    fn progresses(direction: Direction, fill: f64) -> Vec<f64> {
        let count = direction.frame_count(1, 5);
        (0..count).map(|frame| direction.progress(1, 5, fill, frame)).collect()
    }

    #[test]
    fn normal_plays_forwards_between_delays() {
        let d = Direction::NORMAL;
        assert_eq!(d.frame_count(1, 5), 7);
        assert_eq!(progresses(d, 1.0), [0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.0]);
        assert_eq!(d.progress(1, 5, 0.5, 7), 0.5);
    }

    #[test]
    fn reverse_plays_backwards() {
        let d = Direction::REVERSE;
        assert_eq!(d.frame_count(1, 5), 7);
        assert_eq!(progresses(d, 0.0), [1.0, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0]);
        assert_eq!(d.progress(1, 5, 0.5, 7), 0.5);
    }

    #[test]
    fn alternate_plays_forwards_then_back() {
        let d = Direction::ALTERNATE;
        assert_eq!(d.frame_count(1, 5), 12);
        assert_eq!(
            progresses(d, 1.0),
            [0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.0, 1.0, 0.75, 0.5, 0.25, 0.0]
        );
        assert_eq!(d.progress(1, 5, 0.5, 12), 0.5);
    }

    #[test]
    fn alternate_reverse_plays_back_then_forwards() {
        let d = Direction::ALTERNATE_REVERSE;
        assert_eq!(d.frame_count(1, 5), 12);
        assert_eq!(d.progress(1, 5, 1.0, 0), 1.0);
        let forwards: Vec<f64> = (1..6).map(|frame| d.progress(1, 5, 0.0, frame)).collect();
        assert_eq!(forwards, [1.0, 0.75, 0.5, 0.25, 0.0]);
        assert_eq!(d.progress(1, 5, 1.0, 6), 0.0);
        let back: Vec<f64> = (7..12).map(|frame| d.progress(1, 5, 0.0, frame)).collect();
        assert_eq!(back, [0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(d.progress(1, 5, 0.5, 12), 0.5);
    }

    #[test]
    fn names_parse_and_others_do_not() {
        assert_eq!(Direction::parse(""), Some(Direction::NORMAL));
        assert_eq!(
            Direction::parse("alternate-reverse"),
            Some(Direction::ALTERNATE_REVERSE)
        );
        assert_eq!(Direction::parse("backwards"), None);
    }

    #[test]
    fn huge_delays_do_not_overflow() {
        let d = Direction::ALTERNATE;
        assert_eq!(d.frame_count(i64::MAX, i64::MAX), i64::MAX);
        assert_eq!(d.progress(i64::MAX, 5, 0.5, 3), 0.0);
    }
}
