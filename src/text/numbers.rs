//! Numbers to words: cardinals, ordinals, years, decades, digit strings.
//!
//! All functions append `&'static str` words to a vector; compound numbers are
//! separate words ("twenty", "one"), because a spoken word never contains a hyphen.

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [&str; 7] = [
    "",
    "thousand",
    "million",
    "billion",
    "trillion",
    "quadrillion",
    "quintillion",
];

/// Words of the digit `d` (0–9); `zero` for 0.
pub(crate) fn digit_word(d: u8) -> &'static str {
    ONES[usize::from(d % 10)]
}

/// Appends the words of a number below 1000.
fn below_thousand(n: u64, out: &mut Vec<&'static str>) {
    let hundreds = n / 100;
    let rest = n % 100;
    if hundreds > 0 {
        out.push(ONES[hundreds as usize]);
        out.push("hundred");
    }
    if rest > 0 || hundreds == 0 {
        below_hundred(rest, out);
    }
}

fn below_hundred(n: u64, out: &mut Vec<&'static str>) {
    if n < 20 {
        out.push(ONES[n as usize]);
    } else {
        out.push(TENS[(n / 10) as usize]);
        if !n.is_multiple_of(10) {
            out.push(ONES[(n % 10) as usize]);
        }
    }
}

/// Appends the cardinal words of `n` ("twenty thousand", American style: no "and").
pub(crate) fn cardinal(n: u64, out: &mut Vec<&'static str>) {
    if n == 0 {
        out.push("zero");
        return;
    }
    let mut groups = Vec::with_capacity(7);
    let mut m = n;
    while m > 0 {
        groups.push(m % 1000);
        m /= 1000;
    }
    for (scale, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            continue;
        }
        below_thousand(g, out);
        if scale > 0 {
            out.push(SCALES[scale]);
        }
    }
}

/// Turns the last word of a cardinal into its ordinal form (in place).
fn ordinalize_last(out: &mut [&'static str]) {
    if let Some(last) = out.last_mut() {
        *last = match *last {
            "zero" => "zeroth",
            "one" => "first",
            "two" => "second",
            "three" => "third",
            "four" => "fourth",
            "five" => "fifth",
            "six" => "sixth",
            "seven" => "seventh",
            "eight" => "eighth",
            "nine" => "ninth",
            "ten" => "tenth",
            "eleven" => "eleventh",
            "twelve" => "twelfth",
            "thirteen" => "thirteenth",
            "fourteen" => "fourteenth",
            "fifteen" => "fifteenth",
            "sixteen" => "sixteenth",
            "seventeen" => "seventeenth",
            "eighteen" => "eighteenth",
            "nineteen" => "nineteenth",
            "twenty" => "twentieth",
            "thirty" => "thirtieth",
            "forty" => "fortieth",
            "fifty" => "fiftieth",
            "sixty" => "sixtieth",
            "seventy" => "seventieth",
            "eighty" => "eightieth",
            "ninety" => "ninetieth",
            "hundred" => "hundredth",
            "thousand" => "thousandth",
            "million" => "millionth",
            "billion" => "billionth",
            "trillion" => "trillionth",
            "quadrillion" => "quadrillionth",
            _ => "quintillionth",
        };
    }
}

/// Appends the ordinal words of `n` ("nineteenth", "twenty first").
pub(crate) fn ordinal(n: u64, out: &mut Vec<&'static str>) {
    let start = out.len();
    cardinal(n, out);
    ordinalize_last(&mut out[start..]);
}

/// Turns the last word into its plural ("eighties", "tens", "hundreds").
pub(crate) fn pluralize_last(out: &mut [&'static str]) {
    if let Some(last) = out.last_mut() {
        *last = match *last {
            "twenty" => "twenties",
            "thirty" => "thirties",
            "forty" => "forties",
            "fifty" => "fifties",
            "sixty" => "sixties",
            "seventy" => "seventies",
            "eighty" => "eighties",
            "ninety" => "nineties",
            "six" => "sixes",
            "zero" => "zeros",
            "one" => "ones",
            "two" => "twos",
            "three" => "threes",
            "four" => "fours",
            "five" => "fives",
            "seven" => "sevens",
            "eight" => "eights",
            "nine" => "nines",
            "ten" => "tens",
            "eleven" => "elevens",
            "twelve" => "twelves",
            "thirteen" => "thirteens",
            "fourteen" => "fourteens",
            "fifteen" => "fifteens",
            "sixteen" => "sixteens",
            "seventeen" => "seventeens",
            "eighteen" => "eighteens",
            "nineteen" => "nineteens",
            "hundred" => "hundreds",
            "thousand" => "thousands",
            "million" => "millions",
            "billion" => "billions",
            other => other,
        };
    }
}

/// Appends a year as people say it.
///
/// 1961 → "nineteen sixty one", 1900 → "nineteen hundred", 1905 → "nineteen oh five",
/// 2000 → "two thousand", 2002 → "two thousand two", 2010 → "twenty ten",
/// 2021 → "twenty twenty one". Years 2001–2009 are read "two thousand …"; from 2010 on
/// the pair reading is used, as American broadcasters do.
pub(crate) fn year(n: u64, out: &mut Vec<&'static str>) {
    let hi = n / 100;
    let lo = n % 100;
    if !(1000..10000).contains(&n) || n % 1000 < 10 {
        // 1000, 2000, 2001–2009, 3005 …: plain cardinal.
        cardinal(n, out);
        return;
    }
    below_hundred(hi, out);
    if lo == 0 {
        out.push("hundred");
    } else if lo < 10 {
        out.push("oh");
        out.push(ONES[lo as usize]);
    } else {
        below_hundred(lo, out);
    }
}

/// Appends a decade: 1980 → "nineteen eighties", 2000 → "two thousands", 80 → "eighties".
pub(crate) fn decade(n: u64, out: &mut Vec<&'static str>) {
    let start = out.len();
    if n < 100 {
        below_hundred(n, out);
    } else {
        year(n, out);
    }
    pluralize_last(&mut out[start..]);
}

/// Appends each digit of `digits` as a word ("zero", "seven").
pub(crate) fn digits(digits: &str, out: &mut Vec<&'static str>) {
    for b in digits.bytes().filter(u8::is_ascii_digit) {
        out.push(digit_word(b - b'0'));
    }
}

/// The value of a Roman numeral made of I, V and X only ("II" → 2, "XIV" → 14), if it is
/// written in canonical form (so "IIII" and "VX" are not numerals).
pub(crate) fn roman(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 7 || !s.bytes().all(|c| matches!(c, b'I' | b'V' | b'X')) {
        return None;
    }
    (1..=39).find(|&n| to_roman(n) == s)
}

fn to_roman(mut n: u64) -> String {
    let mut out = String::new();
    for (v, sym) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            out.push_str(sym);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn say(f: fn(u64, &mut Vec<&'static str>), n: u64) -> String {
        let mut v = Vec::new();
        f(n, &mut v);
        v.join(" ")
    }

    #[test]
    fn cardinals() {
        assert_eq!(say(cardinal, 0), "zero");
        assert_eq!(say(cardinal, 7), "seven");
        assert_eq!(say(cardinal, 19), "nineteen");
        assert_eq!(say(cardinal, 21), "twenty one");
        assert_eq!(say(cardinal, 100), "one hundred");
        assert_eq!(say(cardinal, 105), "one hundred five");
        assert_eq!(say(cardinal, 20_000), "twenty thousand");
        assert_eq!(say(cardinal, 3_400), "three thousand four hundred");
        assert_eq!(
            say(cardinal, 1_000_001),
            "one million one",
            "empty groups are skipped"
        );
        assert_eq!(
            say(cardinal, 320_000_000_000),
            "three hundred twenty billion"
        );
        assert_eq!(say(cardinal, u64::MAX).split(' ').next(), Some("eighteen"));
    }

    #[test]
    fn ordinals() {
        assert_eq!(say(ordinal, 1), "first");
        assert_eq!(say(ordinal, 2), "second");
        assert_eq!(say(ordinal, 19), "nineteenth");
        assert_eq!(say(ordinal, 21), "twenty first");
        assert_eq!(say(ordinal, 40), "fortieth");
        assert_eq!(say(ordinal, 100), "one hundredth");
        assert_eq!(say(ordinal, 112), "one hundred twelfth");
    }

    #[test]
    fn years() {
        assert_eq!(say(year, 2002), "two thousand two");
        assert_eq!(say(year, 2000), "two thousand");
        assert_eq!(say(year, 1961), "nineteen sixty one");
        assert_eq!(say(year, 1900), "nineteen hundred");
        assert_eq!(say(year, 1905), "nineteen oh five");
        assert_eq!(say(year, 2010), "twenty ten");
        assert_eq!(say(year, 2021), "twenty twenty one");
        assert_eq!(say(year, 1066), "ten sixty six");
        assert_eq!(say(year, 1000), "one thousand");
    }

    #[test]
    fn decades() {
        assert_eq!(say(decade, 1980), "nineteen eighties");
        assert_eq!(say(decade, 80), "eighties");
        assert_eq!(say(decade, 1900), "nineteen hundreds");
        assert_eq!(say(decade, 2000), "two thousands");
        assert_eq!(say(decade, 2010), "twenty tens");
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("II"), Some(2));
        assert_eq!(roman("XIV"), Some(14));
        assert_eq!(roman("VIII"), Some(8));
        assert_eq!(roman("IIII"), None);
        assert_eq!(roman("VX"), None);
        assert_eq!(roman("MD"), None);
    }

    #[test]
    fn digit_strings() {
        let mut v = Vec::new();
        digits("007", &mut v);
        assert_eq!(v, ["zero", "zero", "seven"]);
    }
}
