//! What a keyframe holds: a list of transforms, and how two keyframes'
//! lists blend into the one painted between them (CSS's rules for
//! interpolating transform lists, without the matrix fallback).

use super::rotate::Rotate;
use super::rounding::Rounding;
use super::scale::Scale;
use super::shear::Shear;
use super::translate::Translate;
use crate::render::Canvas;

/// One of `Translate`, `Scale`, `Rotate`, `Shear`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Transform {
    Translate(Translate),
    Scale(Scale),
    Rotate(Rotate),
    Shear(Shear),
}

impl Transform {
    /// The transform of the same kind that changes nothing.
    fn identity(&self) -> Transform {
        match self {
            Transform::Translate(_) => Transform::Translate(Translate::default()),
            Transform::Scale(_) => Transform::Scale(Scale::default()),
            Transform::Rotate(_) => Transform::Rotate(Rotate::default()),
            Transform::Shear(_) => Transform::Shear(Shear::default()),
        }
    }

    /// The transform `progress` of the way to `to`; none when they are of
    /// different kinds.
    pub fn interpolate(&self, to: &Transform, progress: f64) -> Option<Transform> {
        Some(match (self, to) {
            (Transform::Translate(a), Transform::Translate(b)) => Transform::Translate(a.interpolate(b, progress)),
            (Transform::Scale(a), Transform::Scale(b)) => Transform::Scale(a.interpolate(b, progress)),
            (Transform::Rotate(a), Transform::Rotate(b)) => Transform::Rotate(a.interpolate(b, progress)),
            (Transform::Shear(a), Transform::Shear(b)) => Transform::Shear(a.interpolate(b, progress)),
            _ => return None,
        })
    }

    /// Applies the transform to what is painted next; scaling, rotating and
    /// shearing happen about `origin`, only translations are rounded.
    pub fn apply(&self, canvas: &mut Canvas, origin: (f64, f64), rounding: Rounding) {
        match self {
            Transform::Translate(t) => t.apply(canvas, rounding),
            Transform::Scale(s) => s.apply(canvas, origin),
            Transform::Rotate(r) => r.apply(canvas, origin),
            Transform::Shear(s) => s.apply(canvas, origin),
        }
    }
}

/// `short` padded to the length of `long` with identities of the kinds
/// `long` has there.
pub fn extend(short: &[Transform], long: &[Transform]) -> Vec<Transform> {
    let mut extended = short.to_vec();
    extended.extend(long.iter().skip(short.len()).map(Transform::identity));
    extended
}

/// The transforms `progress` of the way from `from` to `to`, pairwise after
/// padding the shorter list; none when a pair differs in kind, and then the
/// child is painted untransformed, as in Pixlet.
pub fn interpolate(from: &[Transform], to: &[Transform], progress: f64) -> Option<Vec<Transform>> {
    let (from, to) = (extend(from, to), extend(to, from));
    from.iter().zip(&to).map(|(a, b)| a.interpolate(b, progress)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translate(x: f64, y: f64) -> Transform {
        Transform::Translate(Translate { x, y })
    }

    fn scale(x: f64, y: f64) -> Transform {
        Transform::Scale(Scale { x, y })
    }

    fn rotate(angle: f64) -> Transform {
        Transform::Rotate(Rotate { angle })
    }

    #[test]
    fn extend_pads_with_identities_of_the_longer_lists_kinds() {
        let defaults = [translate(0.0, 0.0), scale(1.0, 1.0), rotate(0.0)];
        assert_eq!(extend(&[], &defaults), defaults);
        assert_eq!(
            extend(&[translate(5.0, 5.0)], &defaults),
            [translate(5.0, 5.0), scale(1.0, 1.0), rotate(0.0)]
        );
        assert_eq!(
            extend(&[scale(2.5, 2.5)], &[scale(1.0, 1.0), rotate(0.0)]),
            [scale(2.5, 2.5), rotate(0.0)]
        );
    }

    #[test]
    fn matching_lists_interpolate_pairwise() {
        let result = interpolate(
            &[translate(0.0, 0.0), scale(1.0, 1.0), rotate(0.0)],
            &[translate(5.0, 5.0), scale(2.0, 2.0), rotate(180.0)],
            0.5,
        );
        assert_eq!(result, Some(vec![translate(2.5, 2.5), scale(1.5, 1.5), rotate(90.0)]));
    }

    #[test]
    fn missing_transforms_interpolate_from_identities() {
        let result = interpolate(&[translate(0.0, 0.0), scale(2.0, 2.0)], &[translate(5.0, 5.0)], 0.5);
        assert_eq!(result, Some(vec![translate(2.5, 2.5), scale(1.5, 1.5)]));
    }

    #[test]
    fn mismatched_kinds_do_not_interpolate() {
        let result = interpolate(
            &[scale(1.0, 1.0), translate(100.0, 100.0)],
            &[rotate(90.0), scale(2.0, 2.0)],
            0.5,
        );
        assert_eq!(result, None);
    }

    #[test]
    fn two_empty_lists_interpolate_to_nothing() {
        assert_eq!(interpolate(&[], &[], 0.5), Some(vec![]));
    }
}
