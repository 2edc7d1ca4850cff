//! The penalty Pixlet's QR library scores a masked symbol with; the mask
//! with the lowest score is drawn. Its rules differ from the QR standard's
//! in places (runs score from six modules, the finder-like pattern test),
//! so they are followed as the library has them to pick the same mask.

const RUN_WEIGHT: u32 = 3;
const BLOCK_WEIGHT: u32 = 3;
const FINDER_WEIGHT: u32 = 40;
const BALANCE_WEIGHT: u32 = 10;

/// The penalty of a symbol given as rows of modules (`true` dark).
pub fn penalty(modules: &[Vec<bool>]) -> u32 {
    let size = modules.len();
    let rows = |y: usize| (0..size).map(move |x| modules[y][x]);
    let columns = |x: usize| (0..size).map(move |y| modules[y][x]);
    let mut total = 0;
    for i in 0..size {
        total += runs(columns(i)) + runs(rows(i));
        total += finder_like(rows(i), size) + finder_like(columns(i), size);
    }
    total + blocks(modules) + balance(modules)
}

/// Six modules of one colour in a line score 4, each further one 1 more.
fn runs(line: impl Iterator<Item = bool>) -> u32 {
    let mut penalty = 0;
    let mut last = None;
    let mut count = 0;
    for module in line {
        if Some(module) == last {
            count += 1;
            if count == 6 {
                penalty += RUN_WEIGHT + 1;
            } else if count > 6 {
                penalty += 1;
            }
        } else {
            last = Some(module);
            count = 1;
        }
    }
    penalty
}

/// Each 2x2 block of one colour.
fn blocks(modules: &[Vec<bool>]) -> u32 {
    let size = modules.len();
    let mut count = 0;
    for y in 1..size {
        for x in 1..size {
            let here = modules[y][x];
            if here == modules[y][x - 1] && here == modules[y - 1][x] && here == modules[y - 1][x - 1] {
                count += 1;
            }
        }
    }
    count * BLOCK_WEIGHT
}

/// Dark-light-dark-dark-dark-light-dark with four light modules on one side
/// (the last eleven modules read as bits), or that pattern ending a line.
fn finder_like(line: impl Iterator<Item = bool>, size: usize) -> u32 {
    let mut penalty = 0;
    let mut window: u16 = 0;
    for (i, module) in line.enumerate() {
        window = (window << 1) | u16::from(module);
        match window & 0x7ff {
            0x05d | 0x5d0 => {
                penalty += FINDER_WEIGHT;
                window = 0xff;
            }
            _ if i == size - 1 && window & 0x7f == 0x5d => {
                penalty += FINDER_WEIGHT;
                window = 0xff;
            }
            _ => {}
        }
    }
    penalty
}

/// 10 for each whole 5% the dark share is away from half.
fn balance(modules: &[Vec<bool>]) -> u32 {
    let total = modules.len() * modules.len();
    let dark = modules.iter().flatten().filter(|m| **m).count();
    let deviation = (total / 2).abs_diff(dark);
    BALANCE_WEIGHT * (deviation / (total / 20)) as u32
}
