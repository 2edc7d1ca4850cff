//! Rectangles in pixel coordinates, with the half-open semantics of Go's
//! `image.Rectangle` that Pixlet's layout arithmetic is written against.

/// A rectangle from `(x0, y0)` inclusive to `(x1, y1)` exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl Rect {
    /// A rectangle with its corners put in order, as Go's `image.Rect` does.
    pub fn new(x0: i32, y0: i32, x1: i32, y1: i32) -> Self {
        Self {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }

    /// A `width` by `height` rectangle at the origin.
    pub fn sized(width: i32, height: i32) -> Self {
        Self::new(0, 0, width, height)
    }

    pub fn dx(&self) -> i32 {
        self.x1 - self.x0
    }

    pub fn dy(&self) -> i32 {
        self.y1 - self.y0
    }

    pub fn is_empty(&self) -> bool {
        self.x0 >= self.x1 || self.y0 >= self.y1
    }

    /// The largest rectangle inside both, or the empty rectangle.
    pub fn intersect(&self, other: &Rect) -> Rect {
        let r = Rect {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        };
        if r.is_empty() { Rect::default() } else { r }
    }

    /// The smallest rectangle holding both; an empty one adds nothing.
    pub fn union(&self, other: &Rect) -> Rect {
        if self.is_empty() {
            return *other;
        }
        if other.is_empty() {
            return *self;
        }
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    pub fn contains(&self, x: i32, y: i32) -> bool {
        x >= self.x0 && x < self.x1 && y >= self.y0 && y < self.y1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_are_ordered() {
        assert_eq!(Rect::new(5, 6, 1, 2), Rect::new(1, 2, 5, 6));
        assert_eq!(Rect::new(5, 6, 1, 2).dx(), 4);
    }

    #[test]
    fn disjoint_rectangles_intersect_in_nothing() {
        let a = Rect::new(0, 0, 2, 2);
        assert!(a.intersect(&Rect::new(3, 3, 4, 4)).is_empty());
        assert_eq!(a.intersect(&Rect::new(1, 1, 4, 4)), Rect::new(1, 1, 2, 2));
    }

    #[test]
    fn union_ignores_empty_rectangles() {
        let a = Rect::new(1, 1, 2, 2);
        assert_eq!(a.union(&Rect::default()), a);
        assert_eq!(a.union(&Rect::new(3, 0, 4, 1)), Rect::new(1, 0, 4, 2));
    }
}
