//! What an animation shows once it is over (`fill_mode`).

/// `forwards` keeps the last keyframe's transforms, `backwards` returns to
/// the first one's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FillMode {
    #[default]
    Forwards,
    Backwards,
}

impl FillMode {
    /// The mode an app names; `""` is the default, `forwards`.
    pub fn parse(text: &str) -> Option<FillMode> {
        match text {
            "" | "forwards" => Some(FillMode::Forwards),
            "backwards" => Some(FillMode::Backwards),
            _ => None,
        }
    }

    /// The progress shown after the animation.
    pub fn value(&self) -> f64 {
        match self {
            FillMode::Forwards => 1.0,
            FillMode::Backwards => 0.0,
        }
    }
}
