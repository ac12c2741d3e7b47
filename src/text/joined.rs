//! Numbers joined by ":", "-" or "/": times, ranges, ISO and numeric dates, telephone-like
//! numbers, fractions.

use super::context::Out;
use super::numbers;
use super::numeric::{amount, flush_letters, scan, Num};
use super::tables;
use std::ops::Range;

/// Times: "5:39" → "five thirty nine", "5:00" → "five o'clock", "5:05pm".
pub(crate) fn time(
    h: &Num,
    rest: &str,
    w: &mut Vec<&'static str>,
    out: &mut Out,
    span: &Range<usize>,
) -> bool {
    let mut groups = vec![h.integer()];
    let mut r = rest;
    let mut lens = Vec::new();
    loop {
        let digits = r.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        lens.push(digits);
        groups.push(r[..digits].parse().ok());
        r = &r[digits..];
        match r.strip_prefix(':') {
            Some(more) => r = more,
            None => break,
        }
    }
    let Some(groups) = groups.into_iter().collect::<Option<Vec<u64>>>() else {
        return false;
    };
    let meridiem = match r.to_ascii_lowercase().as_str() {
        "" => None,
        "am" | "a.m." | "a.m" => Some("a"),
        "pm" | "p.m." | "p.m" => Some("p"),
        _ => return false,
    };
    let clock = groups.len() <= 3
        && groups[0] <= 24
        && lens.iter().all(|&l| l == 2)
        && groups[1..].iter().all(|&m| m < 60);
    if !clock {
        // "3:2" (a ratio), "00:00:00:25" (a timestamp): the numbers in turn.
        for (k, g) in groups.iter().enumerate() {
            if k > 0 && groups.len() == 2 {
                w.push("to");
            }
            numbers::cardinal(*g, w);
        }
        return meridiem.is_none();
    }
    numbers::cardinal(groups[0], w);
    for (k, &m) in groups[1..].iter().enumerate() {
        if m == 0 && k == 0 && groups.len() == 2 {
            if meridiem.is_none() {
                w.push("o'clock");
            }
        } else if m < 10 {
            w.push("oh");
            numbers::cardinal(m, w);
        } else {
            numbers::cardinal(m, w);
        }
    }
    if let Some(a) = meridiem {
        flush_letters(w, out, span, a, "m");
    }
    true
}

/// "2019-2021", "3-4", "555-1234", "2020-04-24", "10-20%".
pub(crate) fn dashed(n: &Num, rest: &str, w: &mut Vec<&'static str>) -> bool {
    let parts: Vec<&str> = rest.split('-').collect();
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    // ISO date.
    if parts.len() == 2 && n.int.len() == 4 && parts.iter().all(|p| p.len() == 2 && all_digits(p)) {
        let (y, m, d) = (
            n.integer(),
            parts[0].parse().ok(),
            parts[1].parse::<u64>().ok(),
        );
        if let (Some(y), Some(name), Some(d)) = (y, m.and_then(tables::month_name), d) {
            if (1..=31).contains(&d) {
                w.push(name);
                numbers::ordinal(d, w);
                numbers::year(y, w);
                return true;
            }
        }
    }
    // Telephone-like numbers: digit groups.
    let phone = parts.iter().all(|p| all_digits(p))
        && n.frac.is_none()
        && !n.int.contains(',')
        && ((n.int.len() == 3 && parts.len() == 1 && parts[0].len() == 4) || parts.len() >= 2);
    if phone {
        numbers::digits(n.int, w);
        for p in &parts {
            numbers::digits(p, w);
        }
        return true;
    }
    if parts.len() != 1 {
        return false;
    }
    let (percent, second) = match parts[0].strip_suffix('%') {
        Some(s) => (true, s),
        None => (false, parts[0]),
    };
    let Some((m, "")) = scan(second) else {
        return false;
    };
    let years = |a: &Num, b: &Num| {
        a.int.len() == 4
            && a.integer().is_some_and(|v| (1000..=2099).contains(&v))
            && b.integer()
                .is_some_and(|v| (1000..=2099).contains(&v) || v < 100)
            && !percent
    };
    if years(n, &m) {
        numbers::year(n.integer().unwrap_or(0), w);
        w.push("to");
        let v = m.integer().unwrap_or(0);
        if m.int.len() == 4 {
            numbers::year(v, w);
        } else {
            numbers::cardinal(v, w);
        }
    } else {
        amount(n, w);
        w.push("to");
        amount(&m, w);
        if percent {
            w.push("percent");
        }
    }
    true
}

/// "1/2" → "one half", "3/4" → "three quarters", "4/24/2020" → a date, "24/7".
pub(crate) fn slashed(n: &Num, rest: &str, w: &mut Vec<&'static str>) -> bool {
    let parts: Vec<&str> = rest.split('/').collect();
    let nums: Option<Vec<u64>> = parts
        .iter()
        .map(|p| {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                p.parse().ok()
            }
        })
        .collect();
    let (Some(a), Some(nums)) = (n.integer(), nums) else {
        return false;
    };
    match nums[..] {
        [d, y] if (1..=31).contains(&d) && parts[1].len() == 4 => {
            let Some(month) = tables::month_name(a) else {
                return false;
            };
            w.push(month);
            numbers::ordinal(d, w);
            numbers::year(y, w);
        }
        [b] if a < b && (b <= 16 || matches!(b, 32 | 64 | 100)) => {
            numbers::cardinal(a, w);
            let start = w.len();
            match b {
                2 => w.push("half"),
                4 => w.push("quarter"),
                _ => numbers::ordinal(b, w),
            }
            if a != 1 {
                if w[start..] == ["half"] {
                    w[start] = "halves";
                } else {
                    if let Some(last) = w.last_mut() {
                        *last = plural_ordinal(last);
                    }
                }
            }
        }
        [b] => {
            numbers::cardinal(a, w);
            numbers::cardinal(b, w);
        }
        _ => return false,
    }
    true
}

/// "third" → "thirds", "quarter" → "quarters".
fn plural_ordinal(word: &'static str) -> &'static str {
    match word {
        "quarter" => "quarters",
        "second" => "seconds",
        "fourth" => "fourths",
        "thirteenth" => "thirteenths",
        "fourteenth" => "fourteenths",
        "fifteenth" => "fifteenths",
        "third" => "thirds",
        "fifth" => "fifths",
        "sixth" => "sixths",
        "seventh" => "sevenths",
        "eighth" => "eighths",
        "ninth" => "ninths",
        "tenth" => "tenths",
        "eleventh" => "elevenths",
        "twelfth" => "twelfths",
        "sixteenth" => "sixteenths",
        "hundredth" => "hundredths",
        other => other,
    }
}
