//! Tokens made of numbers: amounts, currency, percentages, ordinals, years, decades,
//! times, dates, ranges, fractions and numbers with units.

use super::context::{Ctx, Out};
use super::joined;
use super::numbers;
use super::tables;
use std::ops::Range;

/// A currency symbol's spoken names.
#[derive(Debug, Clone, Copy)]
struct Currency {
    one: &'static str,
    many: &'static str,
    cent: &'static str,
    cents: &'static str,
}

fn currency(c: char) -> Option<Currency> {
    let (one, many, cent, cents) = match c {
        '$' => ("dollar", "dollars", "cent", "cents"),
        '€' => ("euro", "euros", "cent", "cents"),
        '£' => ("pound", "pounds", "penny", "pence"),
        '¥' => ("yen", "yen", "sen", "sen"),
        '₹' => ("rupee", "rupees", "paisa", "paise"),
        _ => return None,
    };
    Some(Currency {
        one,
        many,
        cent,
        cents,
    })
}

/// Characters that belong to a number token and must not split it ("$", "%", "°").
pub(crate) fn is_number_sign(c: char) -> bool {
    currency(c).is_some() || matches!(c, '%' | '°' | '½' | '¼' | '¾' | '⅓' | '⅔' | '⅛')
}

/// "thousand", "million", "billion", "trillion".
pub(crate) fn is_scale_word(s: &str) -> bool {
    matches!(s, "thousand" | "million" | "billion" | "trillion")
}

/// When `prev` is a bare currency amount ("$320"), the currency's plural name, so that a
/// following scale word is read "billion dollars".
pub(crate) fn currency_before_scale(prev: &str) -> Option<&'static str> {
    let s = prev.strip_prefix(['-', '−']).unwrap_or(prev);
    let c = s.chars().next()?;
    let cur = currency(c)?;
    let rest = &s[c.len_utf8()..];
    let (num, tail) = scan(rest)?;
    (tail.is_empty() && !num.int.is_empty()).then_some(cur.many)
}

/// Whether a token is a plain amount ("14", "5.5", "1,500", "one") — for units after it.
pub(crate) fn is_amount(s: &str) -> bool {
    if matches!(
        s.to_ascii_lowercase().as_str(),
        "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten"
    ) {
        return true;
    }
    let s = s.strip_prefix(['-', '−']).unwrap_or(s);
    // "<10 ms", "~5 km": the sign before the number is read on its own.
    let s = super::symbols::leading_sign(s).map_or(s, |(_, len)| &s[len..]);
    scan(s).is_some_and(|(_, tail)| tail.is_empty())
}

/// A scanned number literal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Num<'a> {
    /// Integer digits as written, commas included.
    pub int: &'a str,
    /// Digits after the decimal point, if any.
    pub frac: Option<&'a str>,
}

impl Num<'_> {
    fn int_digits(&self) -> String {
        self.int.chars().filter(char::is_ascii_digit).collect()
    }
    /// The integer value, when it fits and has no fraction.
    pub fn integer(&self) -> Option<u64> {
        if self.frac.is_some() {
            return None;
        }
        self.int_digits().parse().ok()
    }
    fn has_commas(&self) -> bool {
        self.int.contains(',')
    }
    fn is_one(&self) -> bool {
        self.integer() == Some(1)
    }
}

/// Scans a number at the start of `s`: digits with valid thousands commas, an optional
/// decimal part. Returns the number and the rest.
pub(crate) fn scan(s: &str) -> Option<(Num<'_>, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    // Thousands separators: groups of exactly three digits.
    if (1..=3).contains(&i) {
        while i + 4 <= b.len()
            && b[i] == b','
            && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            i += 4;
        }
    }
    let int_end = i;
    let mut frac = None;
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        let fs = i + 1;
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac = Some(&s[fs..i]);
    }
    if int_end == 0 && frac.is_none() {
        return None;
    }
    Some((
        Num {
            int: &s[..int_end],
            frac,
        },
        &s[i..],
    ))
}

/// Appends the words of an amount: "5.5" → "five point five", "007" → digits.
pub(crate) fn amount(n: &Num, out: &mut Vec<&'static str>) {
    let digits = n.int_digits();
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !n.has_commas();
    if leading_zero || digits.len() > 18 {
        numbers::digits(&digits, out);
    } else if let Ok(v) = digits.parse::<u64>() {
        numbers::cardinal(v, out);
    }
    if let Some(f) = n.frac {
        out.push("point");
        numbers::digits(f, out);
    }
}

/// Reads a numeric token; false when `core` is not one.
pub(crate) fn read(core: &str, start: usize, ctx: &Ctx, out: &mut Out) -> bool {
    let span = start..start + core.len();
    let folded: String = core
        .chars()
        .map(|c| match c {
            '−' | '–' | '—' | '‒' | '‐' | '‑' => '-',
            '’' | '‘' | 'ʼ' => '\'',
            _ => c,
        })
        .collect();
    let mut w: Vec<&'static str> = Vec::new();
    let ok = read_folded(&folded, core, ctx, &mut w, out, &span);
    if ok {
        out.statics(&w, &span);
    }
    ok
}

/// Vulgar fraction characters.
fn vulgar(c: char) -> Option<&'static [&'static str]> {
    Some(match c {
        '½' => &["one", "half"],
        '¼' => &["one", "quarter"],
        '¾' => &["three", "quarters"],
        '⅓' => &["one", "third"],
        '⅔' => &["two", "thirds"],
        '⅛' => &["one", "eighth"],
        _ => return None,
    })
}

fn read_folded(
    s: &str,
    core: &str,
    ctx: &Ctx,
    w: &mut Vec<&'static str>,
    out: &mut Out,
    span: &Range<usize>,
) -> bool {
    // Decades with an apostrophe: '80s.
    if let Some(d) = s.strip_prefix('\'').and_then(|r| r.strip_suffix('s')) {
        if d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()) {
            match d.parse().unwrap_or(0) {
                0 => w.extend(["two", "thousands"]),
                v => numbers::decade(v, w),
            }
            return true;
        }
    }
    if let Some(c) = s.chars().next() {
        if let Some(words) = vulgar(c).filter(|_| s.len() == c.len_utf8()) {
            w.extend_from_slice(words);
            return true;
        }
    }
    if let Some(rest) = s
        .strip_prefix('#')
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        w.push("number");
        return read_folded(rest, core, ctx, w, out, span);
    }
    if let Some(done) = versioned(s, core, ctx, w, out, span) {
        return done;
    }
    let (sign, s) = match s.as_bytes().first() {
        Some(b'-') if s.len() > 1 => (Some("minus"), &s[1..]),
        Some(b'+') if s.len() > 1 => (Some("plus"), &s[1..]),
        _ => (None, s),
    };
    // "US$5", "C$20", "HK$3": the country letters are not read.
    let caps = s.bytes().take_while(u8::is_ascii_uppercase).count();
    let s = if (1..=3).contains(&caps) && s[caps..].starts_with('$') {
        &s[caps..]
    } else {
        s
    };
    let first = s.chars().next();
    if let Some(cur) = first.and_then(currency) {
        let Some((n, rest)) = scan(&s[cur_len(s)..]) else {
            return false;
        };
        w.extend(sign);
        return money(cur, &n, rest, ctx, w);
    }
    let Some((n, rest)) = scan(s) else {
        return false;
    };
    w.extend(sign);
    if rest.is_empty() {
        plain(&n, sign.is_some(), ctx, w);
        return true;
    }
    suffixed(&n, rest, core, ctx, w, out, span)
}

fn cur_len(s: &str) -> usize {
    s.chars().next().map_or(0, char::len_utf8)
}

/// A number alone: a year, a day of the month, or an amount.
fn plain(n: &Num, signed: bool, ctx: &Ctx, w: &mut Vec<&'static str>) {
    if let Some(v) = n.integer().filter(|_| !signed && !n.has_commas()) {
        let month_before = ctx.prev.is_some_and(tables::is_month);
        let month_after = ctx.next.is_some_and(tables::is_month);
        if (1..=31).contains(&v) && (month_before || month_after) && n.int.len() <= 2 {
            numbers::ordinal(v, w);
            return;
        }
        let unit_after = ctx.next.is_some_and(|u| tables::unit(u).is_some());
        if n.int.len() == 4 && (1000..=2099).contains(&v) && !unit_after {
            numbers::year(v, w);
            return;
        }
    }
    amount(n, w);
}

/// Currency amounts: "$25", "$3,400", "$25.50", "$320" + "billion", "$5m".
fn money(cur: Currency, n: &Num, rest: &str, ctx: &Ctx, w: &mut Vec<&'static str>) -> bool {
    let scale = match rest.to_ascii_lowercase().as_str() {
        "" => None,
        "k" => Some("thousand"),
        "m" | "mn" | "mil" => Some("million"),
        "b" | "bn" => Some("billion"),
        "t" | "tn" => Some("trillion"),
        r if r.starts_with('-') => {
            // "$5-10" → "five to ten dollars".
            let Some((m, tail)) = scan(r[1..].trim_start_matches(['$', '€', '£', '¥'])) else {
                return false;
            };
            if !tail.is_empty() {
                return false;
            }
            amount(n, w);
            w.push("to");
            amount(&m, w);
            w.push(cur.many);
            return true;
        }
        _ => return false,
    };
    if let Some(scale) = scale {
        amount(n, w);
        w.push(scale);
        w.push(cur.many);
        return true;
    }
    if ctx.next.is_some_and(is_scale_word) {
        // "$320 billion": the scale word says "billion dollars".
        amount(n, w);
        return true;
    }
    let whole = n.int_digits().parse::<u64>().unwrap_or(0);
    let cents = n
        .frac
        .filter(|f| f.len() == 2)
        .and_then(|f| f.parse::<u64>().ok());
    match (n.frac, cents) {
        (Some(_), Some(c)) => {
            if whole > 0 || c == 0 {
                numbers::cardinal(whole, w);
                w.push(if whole == 1 { cur.one } else { cur.many });
            }
            if c > 0 {
                if whole > 0 {
                    w.push("and");
                }
                numbers::cardinal(c, w);
                w.push(if c == 1 { cur.cent } else { cur.cents });
            }
        }
        _ => {
            amount(n, w);
            w.push(if n.is_one() { cur.one } else { cur.many });
        }
    }
    true
}

/// A number followed by more text in the same token.
fn suffixed(
    n: &Num,
    rest: &str,
    core: &str,
    ctx: &Ctx,
    w: &mut Vec<&'static str>,
    out: &mut Out,
    span: &Range<usize>,
) -> bool {
    let lower = rest.to_ascii_lowercase();
    let value = n.integer();
    match lower.as_str() {
        "%" => {
            amount(n, w);
            w.push("percent");
            return true;
        }
        "st" | "nd" | "rd" | "th" if value.is_some() => {
            numbers::ordinal(value.unwrap_or(0), w);
            return true;
        }
        "s" | "'s" if value.is_some() => {
            let v = value.unwrap_or(0);
            if v.is_multiple_of(10) && (n.int.len() == 4 || v < 100) {
                numbers::decade(v, w);
            } else {
                amount(n, w);
                numbers::pluralize_last(w);
            }
            return true;
        }
        "x" => {
            amount(n, w);
            w.push("times");
            return true;
        }
        "+" => {
            amount(n, w);
            w.push("plus");
            return true;
        }
        "am" | "a.m." | "pm" | "p.m." => {
            amount(n, w);
            flush_letters(w, out, span, &lower[..1], "m");
            return true;
        }
        _ => {}
    }
    // Version numbers: "2.2.0" → "two point two point zero", "1.2.10" → "… point ten";
    // IP addresses: "192.168.1.1" → "… dot …".
    if rest.starts_with('.') && version(n, rest, w) {
        return true;
    }
    if let Some(r) = rest.strip_prefix(':') {
        return joined::time(n, r, w, out, span);
    }
    if let Some(r) = rest.strip_prefix('-') {
        return joined::dashed(n, r, w);
    }
    if let Some(r) = rest.strip_prefix('/') {
        return joined::slashed(n, r, w);
    }
    if let Some(words) = rest
        .chars()
        .next()
        .and_then(vulgar)
        .filter(|_| rest.chars().count() == 1)
    {
        amount(n, w);
        w.push("and");
        w.push("a");
        w.extend_from_slice(&words[1..]);
        return true;
    }
    if let Some(unit) = tables::unit(rest) {
        amount(n, w);
        let text = if n.is_one() {
            unit.singular
        } else {
            unit.plural
        };
        let span = span.clone();
        out.statics(w, &span);
        w.clear();
        out.expansion(text, &span);
        return true;
    }
    if let Some(r) = lower
        .strip_prefix('x')
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        if let Some((m, "")) = scan(r) {
            amount(n, w);
            w.push("by");
            amount(&m, w);
            return true;
        }
    }
    // Anything else ("3D", "5G", "19-year-old" handled by the caller): the number, then the rest.
    if rest.starts_with(|c: char| c.is_alphabetic()) && value.is_some() && !rest.contains('-') {
        amount(n, w);
        let span = span.clone();
        out.statics(w, &span);
        w.clear();
        // `rest` is folded text; the same number of characters ends the original core.
        let nchars = rest.chars().count();
        let offset = core
            .char_indices()
            .rev()
            .nth(nchars.saturating_sub(1))
            .map_or(core.len(), |(i, _)| i);
        super::normalize::part(&core[offset..], span.start + offset, ctx, out);
        return true;
    }
    false
}

/// The groups of a dotted number read one by one: a version number ("2.2.0", "1.32" after
/// "v" or "version") says "point" between numbers, an IP address ("10.0.0.1") "dot".
/// `rest` is what follows `n` (empty, or "." and more groups); false when a group is not
/// all digits.
fn version(n: &Num, rest: &str, w: &mut Vec<&'static str>) -> bool {
    let tail = rest.split('.').skip(1);
    let groups: Vec<&str> = std::iter::once(n.int).chain(n.frac).chain(tail).collect();
    if n.has_commas()
        || groups
            .iter()
            .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let ip = groups.len() == 4
        && groups
            .iter()
            .all(|g| g.len() <= 3 && g.parse::<u16>().is_ok_and(|v| v <= 255));
    for (k, g) in groups.iter().enumerate() {
        if k > 0 {
            w.push(if ip { "dot" } else { "point" });
        }
        amount(&Num { int: g, frac: None }, w);
    }
    true
}

/// A version written "v1.32" or "v2", or a number after the word "version": its groups
/// read as numbers ("version one point thirty two"), then what follows ("-beta", "rc1").
fn versioned(
    s: &str,
    core: &str,
    ctx: &Ctx,
    w: &mut Vec<&'static str>,
    out: &mut Out,
    span: &Range<usize>,
) -> Option<bool> {
    let after_word = ctx.prev.is_some_and(|p| {
        matches!(
            p.to_ascii_lowercase().as_str(),
            "version" | "v." | "release"
        )
    });
    let (prefixed, digits) = match s.strip_prefix('v').or_else(|| s.strip_prefix('V')) {
        Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => (true, r),
        _ if after_word && s.contains('.') => (false, s),
        _ => return None,
    };
    // "V8" (an engine) is not a version; "v8", "V1.2" and "v2.0" are.
    if prefixed && s.starts_with('V') && !digits.contains('.') {
        return None;
    }
    let end = digits
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(digits.len());
    let number = digits[..end].trim_end_matches('.');
    let (n, rest) = scan(number)?;
    if n.has_commas() {
        return None;
    }
    let mut words = Vec::new();
    if !version(&n, rest, &mut words) {
        return None;
    }
    if prefixed {
        w.push("version");
    }
    w.extend(words);
    // What follows the number, found in the original (unfolded) core by its characters.
    let tail_chars = digits[number.len()..].chars().count();
    let tail_at = match tail_chars {
        0 => core.len(),
        k => core
            .char_indices()
            .rev()
            .nth(k - 1)
            .map_or(core.len(), |(i, _)| i),
    };
    let tail = core[tail_at..].trim_start_matches(['.', '-', '+', '_']);
    if !tail.is_empty() {
        out.statics(w, span);
        w.clear();
        let offset = core.len() - tail.len();
        super::normalize::part(tail, span.start + offset, ctx, out);
    }
    Some(true)
}

/// Emits the words so far, then "p" "m" as letters.
pub(crate) fn flush_letters(
    w: &mut Vec<&'static str>,
    out: &mut Out,
    span: &Range<usize>,
    a: &str,
    b: &str,
) {
    out.statics(w, span);
    w.clear();
    for l in [a, b] {
        if let Some(c) = l.chars().next() {
            out.letter(c, "", span.clone());
        }
    }
}
