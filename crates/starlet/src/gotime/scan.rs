//! The small readers Go's time parsing is built from: literal text with
//! its space rule, fixed and loose numbers, names in any letter case,
//! fractions, and zone abbreviations.

/// Why one element did not read: it did not fit, or it was out of range.
pub(super) enum Failure {
    Bad,
    Range(&'static str),
}

/// Go's `skip`: the layout's literal text must be next in the value; a
/// space in it matches any run of spaces.
pub(super) fn skip<'a>(mut value: &'a [u8], mut prefix: &[u8]) -> Result<&'a [u8], &'a [u8]> {
    let trim = |s: &'a [u8]| -> &'a [u8] { &s[s.iter().take_while(|&&b| b == b' ').count()..] };
    while let Some(&first) = prefix.first() {
        if first == b' ' {
            if value.first().is_some_and(|&b| b != b' ') {
                return Err(value);
            }
            prefix = &prefix[prefix.iter().take_while(|&&b| b == b' ').count()..];
            value = trim(value);
            continue;
        }
        if value.first() != Some(&first) {
            return Err(value);
        }
        prefix = &prefix[1..];
        value = &value[1..];
    }
    Ok(value)
}

pub(super) fn take<'a>(v: &mut &'a [u8], n: usize) -> Result<&'a [u8], Failure> {
    if v.len() < n {
        return Err(Failure::Bad);
    }
    let (head, tail) = v.split_at(n);
    *v = tail;
    Ok(head)
}

/// One or two digits; exactly two when `fixed`.
pub(super) fn number(v: &mut &[u8], fixed: bool) -> Result<i64, Failure> {
    let digits = v.iter().take(2).take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || (fixed && digits < 2) {
        return Err(Failure::Bad);
    }
    let n = atoi(&v[..digits])?;
    *v = &v[digits..];
    Ok(n)
}

/// Go's `atoi`: an optional sign, then digits only.
pub(super) fn atoi(text: &[u8]) -> Result<i64, Failure> {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) || digits.len() > 18 {
        return Err(Failure::Bad);
    }
    let n = digits.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
    Ok(if negative { -n } else { n })
}

/// A name from `names` (any letter case) at the start of `v`: its index.
pub(super) fn lookup(v: &mut &[u8], names: &[&str]) -> Result<i64, Failure> {
    for (i, name) in names.iter().enumerate() {
        if v.len() >= name.len() && v[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            *v = &v[name.len()..];
            return Ok(i as i64);
        }
    }
    Err(Failure::Bad)
}

pub(super) fn is_separator(b: u8) -> bool {
    b == b'.' || b == b','
}

/// `.123` as nanoseconds; digits past the ninth are dropped.
pub(super) fn nanoseconds(text: &[u8]) -> Result<i64, Failure> {
    if !is_separator(text[0]) {
        return Err(Failure::Bad);
    }
    let digits = &text[1..text.len().min(10)];
    let n = atoi(digits)?;
    if n < 0 {
        return Err(Failure::Range("fractional second"));
    }
    Ok(n * 10i64.pow(9 - digits.len() as u32))
}

/// How much of `v` is a zone abbreviation by Go's rules: three to five
/// capitals (four or five ending in `T`, or `WITA`), `ChST`, `MeST`,
/// `GMT` with an optional hour offset, or a bare `+hh`.
pub(super) fn zone_name_length(v: &[u8]) -> Option<usize> {
    if v.len() < 3 {
        return None;
    }
    if v.starts_with(b"ChST") || v.starts_with(b"MeST") {
        return Some(4);
    }
    if v.starts_with(b"GMT") {
        return Some(3 + signed_offset_length(&v[3..]).unwrap_or(0));
    }
    if matches!(v[0], b'+' | b'-') {
        return signed_offset_length(v);
    }
    let capitals = v.iter().take(6).take_while(|b| b.is_ascii_uppercase()).count();
    match capitals {
        3 => Some(3),
        4 if v[3] == b'T' || v.starts_with(b"WITA") => Some(4),
        5 if v[4] == b'T' => Some(5),
        _ => None,
    }
}

/// `+3` or `-11`: a sign and an hour up to 23.
fn signed_offset_length(v: &[u8]) -> Option<usize> {
    if !matches!(v.first(), Some(b'+' | b'-')) {
        return None;
    }
    let digits = v[1..].iter().take_while(|b| b.is_ascii_digit()).count();
    let hours = std::str::from_utf8(&v[1..1 + digits]).ok()?.parse::<u64>().ok()?;
    (digits > 0 && hours <= 23).then_some(1 + digits)
}
