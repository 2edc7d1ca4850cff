//! `random.star`: numbers from Go's PCG generator (`math/rand/v2`), so an app
//! that calls `random.seed(n)` draws exactly the numbers it draws in Pixlet.
//!
//! Each render starts from the render's `seed` (the time in 15-second steps
//! unless the host says otherwise), as Tidbyt's Pixlet does and Pixlet's
//! documentation describes, so an app's picture holds still for 15 seconds.
//! `secure = True` draws from the operating system instead.

use starlark::environment::GlobalsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::none::NoneType;

use crate::runtime::context::RenderContext;

/// Go's `rand.PCG`: a 128-bit linear congruential state, DXSM output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pcg {
    hi: u64,
    lo: u64,
}

impl Pcg {
    /// Go's `rand.NewPCG(seed1, seed2)`.
    pub fn new(seed1: u64, seed2: u64) -> Self {
        Self { hi: seed1, lo: seed2 }
    }

    pub fn next_u64(&mut self) -> u64 {
        const MULTIPLIER: u128 = (2_549_297_995_355_413_924 << 64) | 4_865_540_595_714_422_341;
        const INCREMENT: u128 = (6_364_136_223_846_793_005 << 64) | 1_442_695_040_888_963_407;
        let state = ((u128::from(self.hi) << 64) | u128::from(self.lo))
            .wrapping_mul(MULTIPLIER)
            .wrapping_add(INCREMENT);
        (self.hi, self.lo) = ((state >> 64) as u64, state as u64);
        let mut hi = self.hi;
        hi ^= hi >> 32;
        hi = hi.wrapping_mul(0xda94_2042_e4dd_58b5);
        hi ^= hi >> 48;
        hi.wrapping_mul(self.lo | 1)
    }

    /// A uniform number in `[0, n)`, `n > 0`, by Go's `Uint64N` method.
    pub fn below(&mut self, n: u64) -> u64 {
        uniform_below(n, || self.next_u64())
    }

    /// A uniform float in `[0, 1)`, as Go's `Float64`.
    pub fn next_f64(&mut self) -> f64 {
        ((self.next_u64() << 11) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Go's reduction of uniform 64-bit draws to `[0, n)`: a mask for powers of
/// two, otherwise Lemire's multiply with rejection of the biased low end.
fn uniform_below(n: u64, mut draw: impl FnMut() -> u64) -> u64 {
    if n.is_power_of_two() {
        return draw() & (n - 1);
    }
    let product = |x: u64| u128::from(x) * u128::from(n);
    let mut wide = product(draw());
    if (wide as u64) < n {
        let threshold = n.wrapping_neg() % n;
        while (wide as u64) < threshold {
            wide = product(draw());
        }
    }
    (wide >> 64) as u64
}

/// Runs `f` on this render's generator, seeding it on first use.
fn with_generator<T>(context: &RenderContext, f: impl FnOnce(&mut Pcg) -> T) -> T {
    let mut generator = context
        .random
        .get()
        .unwrap_or_else(|| Pcg::new(context.seed, context.seed));
    let result = f(&mut generator);
    context.random.set(Some(generator));
    result
}

/// A 64-bit number from the operating system's generator.
fn os_u64() -> anyhow::Result<u64> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("reading random number: {e}"))?;
    Ok(u64::from_le_bytes(bytes))
}

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("random", random_members);
}

#[starlark_module]
fn random_members(builder: &mut GlobalsBuilder) {
    /// Restarts the generator at `seed`, as Go's `NewPCG(seed, seed)`.
    fn seed(seed: i64, eval: &mut Evaluator) -> anyhow::Result<NoneType> {
        let context = RenderContext::of(eval)?;
        context.random.set(Some(Pcg::new(seed as u64, seed as u64)));
        Ok(NoneType)
    }

    /// A whole number from `min` to `max`, both included; `min` must be at
    /// least 0. With `secure`, from the operating system's generator.
    fn number(
        min: i64,
        max: i64,
        #[starlark(default = false)] secure: bool,
        eval: &mut Evaluator,
    ) -> anyhow::Result<i64> {
        if min < 0 {
            anyhow::bail!("min has to be 0 or greater");
        }
        if max < min {
            anyhow::bail!("max is less than min");
        }
        let span = (max - min).min(i64::MAX - 1) as u64 + 1;
        let drawn = if secure {
            let mut failure = None;
            let value = uniform_below(span, || {
                os_u64().unwrap_or_else(|e| {
                    failure = Some(e);
                    0
                })
            });
            if let Some(error) = failure {
                return Err(error);
            }
            value
        } else {
            with_generator(RenderContext::of(eval)?, |g| g.below(span))
        };
        Ok(drawn as i64 + min)
    }

    /// A float in `[0, 1)`.
    fn float(eval: &mut Evaluator) -> anyhow::Result<f64> {
        Ok(with_generator(RenderContext::of(eval)?, Pcg::next_f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_gos_for_the_same_seeds() {
        // Go's own math/rand/v2 test vector for NewPCG(1, 2).
        let mut pcg = Pcg::new(1, 2);
        let want = [
            0xc4f5a58656eef510u64,
            0x9dcec3ad077dec6c,
            0xc8d04605312f8088,
            0xcbedc0dcb63ac19a,
            0x3bf98798cae97950,
            0x0a8c6d7f8d485abc,
            0x7ffa3780429cd279,
            0x730ad2626b1c2f8e,
            0x21ff2330f4a0ad99,
            0x2f0901a1947094b0,
        ];
        for (i, want) in want.into_iter().enumerate() {
            assert_eq!(pcg.next_u64(), want, "draw {i}");
        }
    }

    #[test]
    fn ranges_stay_in_bounds_and_use_every_value() {
        let mut pcg = Pcg::new(7, 7);
        let mut seen = [false; 21];
        for _ in 0..2000 {
            let n = pcg.below(21);
            seen[n as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
        assert!(pcg.below(1 << 20) < 1 << 20);
        let f = pcg.next_f64();
        assert!((0.0..1.0).contains(&f));
        assert_eq!(pcg.below(1), 0);
    }

    #[test]
    fn rejection_skips_the_biased_draws() {
        // With n = 3, a draw whose low product half falls under 2^64 mod 3
        // (= 1) is thrown away and the next one used.
        let mut draws = [0u64, u64::MAX].into_iter();
        assert_eq!(uniform_below(3, || draws.next().unwrap()), 2);
    }
}
