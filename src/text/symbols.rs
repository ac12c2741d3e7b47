//! Symbols, URLs, e-mail addresses, file names, paths and command-line flags.

use super::acronyms;
use super::context::{Ctx, Out};

/// The word said for a symbol joining two parts of a token ("AT&T", "C++", "and/or").
pub(crate) fn joiner_word(c: char) -> Option<&'static str> {
    Some(match c {
        '&' => "and",
        '+' => "plus",
        '@' => "at",
        '=' => "equals",
        '×' => "times",
        '÷' => "divided by",
        '≈' | '≅' => "approximately",
        '≠' => "is not equal to",
        '≤' => "is at most",
        '≥' => "is at least",
        '→' | '⟶' => "to",
        '⇒' => "implies",
        _ => return None,
    })
}

/// The words said for a mathematical or comparison sign written before a number or a
/// word ("≅2.2 million", "~5", "<10 ms", "±0.5", "→ next"), with the sign's byte length.
pub(crate) fn leading_sign(core: &str) -> Option<(&'static str, usize)> {
    let c = core.chars().next()?;
    let words = match c {
        '≈' | '≅' | '∼' => "approximately",
        '~' => "about",
        '±' => "plus or minus",
        '∓' => "minus or plus",
        '<' => "less than",
        '>' => "more than",
        '≤' => "at most",
        '≥' => "at least",
        '≠' => "not equal to",
        '≪' => "much less than",
        '≫' => "much more than",
        '×' => "times",
        '÷' => "divided by",
        '→' | '⟶' => "to",
        '←' => "from",
        '⇒' => "implies",
        '∞' => "infinity",
        '√' => "the square root of",
        '∆' | 'Δ' => "delta",
        _ => return None,
    };
    let len = c.len_utf8();
    let rest = &core[len..];
    // "~/notes" is a path, "<br>" markup: only a number, sign or word follows a sign.
    let follows =
        rest.starts_with(|n: char| n.is_alphanumeric() || matches!(n, '$' | '€' | '£' | '.'));
    (follows && !rest.contains(['/', '<', '>'])).then_some((words, len))
}

/// The words said for a symbol standing alone.
fn standalone(s: &str) -> Option<&'static str> {
    Some(match s {
        "&" | "&&" => "and",
        "+" => "plus",
        "=" | "==" => "equals",
        "%" => "percent",
        "°" => "degrees",
        "@" => "at",
        "#" => "number",
        "×" => "times",
        "÷" => "divided by",
        "±" => "plus or minus",
        "<" => "less than",
        ">" => "greater than",
        "≤" => "at most",
        "≥" => "at least",
        "≈" | "≅" | "∼" | "~~" => "approximately",
        "≠" | "!=" => "is not equal to",
        "≡" => "is equivalent to",
        "≪" => "much less than",
        "≫" => "much more than",
        "<=" => "at most",
        ">=" => "at least",
        "→" | "->" | "⟶" | "=>" | "⇒" => "to",
        "←" | "<-" => "from",
        "↔" | "<->" => "to and from",
        "∞" => "infinity",
        "√" => "square root",
        "∓" => "minus or plus",
        "∆" | "Δ" => "delta",
        "π" => "pi",
        "µ" | "μ" => "micro",
        "§" => "section",
        "|" => "pipe",
        "~" => "about",
        "/" => "slash",
        _ => return None,
    })
}

/// File-name extensions and how they are said.
fn extension(ext: &str) -> Option<&'static str> {
    Some(match ext.to_ascii_lowercase().as_str() {
        "txt" => "text",
        "pdf" => "P D F",
        "doc" => "doc",
        "docx" => "doc X",
        "rs" => "R S",
        "py" => "P Y",
        "js" => "J S",
        "ts" => "T S",
        "c" => "C",
        "h" => "H",
        "md" => "M D",
        "toml" => "toml",
        "json" => "jason",
        "yaml" | "yml" => "yamel",
        "xml" => "X M L",
        "html" | "htm" => "H T M L",
        "css" => "C S S",
        "csv" => "C S V",
        "wav" => "wave",
        "mp3" => "M P three",
        "mp4" => "M P four",
        "jpg" | "jpeg" => "J peg",
        "png" => "P N G",
        "gif" => "gif",
        "svg" => "S V G",
        "zip" => "zip",
        "gz" => "G Z",
        "tar" => "tar",
        "sh" => "S H",
        "exe" => "E X E",
        "log" => "log",
        "ini" => "I N I",
        "cfg" => "config",
        "conf" => "conf",
        "lock" => "lock",
        _ => return None,
    })
}

/// Top-level domains recognized in bare domain names ("TestIowa.com").
fn is_tld(t: &str) -> bool {
    matches!(
        t.to_ascii_lowercase().as_str(),
        "com"
            | "org"
            | "net"
            | "gov"
            | "edu"
            | "mil"
            | "int"
            | "io"
            | "co"
            | "uk"
            | "us"
            | "eu"
            | "de"
            | "fr"
            | "es"
            | "it"
            | "ca"
            | "au"
            | "info"
            | "bo"
            | "ve"
            | "mx"
            | "ar"
            | "br"
            | "ru"
            | "cn"
            | "jp"
            | "in"
            | "tv"
            | "me"
            | "dev"
            | "app"
            | "news"
            | "ly"
            | "ai"
            | "tech"
            | "xyz"
            | "cloud"
            | "online"
            | "site"
            | "blog"
            | "ch"
            | "nl"
            | "se"
            | "fi"
            | "dk"
            | "pl"
            | "be"
            | "nz"
            | "za"
            | "ie"
            | "kr"
            | "tw"
            | "hk"
            | "sg"
            | "gg"
            | "fm"
    )
}

/// Tries the readings of this module; false when none applies.
pub(crate) fn read(core: &str, start: usize, ctx: &Ctx, out: &mut Out) -> bool {
    let arrow = matches!(
        core,
        "→" | "->" | "⟶" | "=>" | "⇒" | "←" | "<-" | "↔" | "<->"
    );
    let between_words = [ctx.prev, ctx.next]
        .iter()
        .all(|n| n.is_some_and(|t| t.chars().any(char::is_alphanumeric)));
    if arrow && !between_words {
        // "★ → ✓": an arrow is said only between words or numbers.
        return true;
    }
    if let Some(words) = standalone(core) {
        out.expansion(words, &(start..start + core.len()));
        return true;
    }
    if core.chars().all(|c| !c.is_alphanumeric()) {
        // Emoji, dingbats, stray symbols: nothing to say.
        return true;
    }
    if let Some(rest) = ["https://", "http://", "ftp://"]
        .iter()
        .find_map(|p| strip_prefix_ci(core, p))
    {
        let skip = core.len() - rest.len();
        address(rest, start + skip, ctx, out);
        return true;
    }
    if let Some((local, domain)) = core.split_once('@') {
        if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') {
            address(local, start, ctx, out);
            out.word("at", start + local.len()..start + local.len() + 1);
            address(domain, start + local.len() + 1, ctx, out);
            return true;
        }
    }
    if strip_prefix_ci(core, "www.").is_some() || looks_like_domain(core) {
        address(core, start, ctx, out);
        return true;
    }
    if core.starts_with('/')
        || core.starts_with("~/")
        || core.starts_with("./")
        || core.starts_with("../")
        || is_relative_path(core)
    {
        address(core, start, ctx, out);
        return true;
    }
    if let Some(flag) = core.strip_prefix("--").or_else(|| core.strip_prefix('-')) {
        if flag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let dashes = core.len() - flag.len();
            for i in 0..dashes {
                out.word("dash", start + i..start + i + 1);
            }
            if dashes == 1 && flag.len() <= 3 && flag.chars().all(|c| c.is_ascii_alphabetic()) {
                // "-la": single-dash flags are letters.
                acronyms::spell(flag, start + 1, "", out);
            } else {
                address(flag, start + dashes, ctx, out);
            }
            return true;
        }
    }
    if let Some((name, ext)) = core.rsplit_once('.') {
        if !name.is_empty() && extension(ext).is_some() && !name.ends_with('.') {
            address(core, start, ctx, out);
            return true;
        }
    }
    false
}

/// "src/text/mod", "C:\\Users\\ada": two or more slashes (or a backslash) between pieces
/// that have letters — not a date ("4/24/2020"), "and/or" or "km/h".
fn is_relative_path(s: &str) -> bool {
    if s.matches('/').count() < 2 && !s.contains('\\') {
        return false;
    }
    s.split(['/', '\\'])
        .filter(|p| !p.is_empty())
        .all(|p| p.chars().any(char::is_alphabetic))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// "TestIowa.com", "example.org/path": labels of letters, digits and dashes, a known TLD.
fn looks_like_domain(s: &str) -> bool {
    let host = s.split('/').next().unwrap_or(s);
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|t| is_tld(t))
        && labels[0].chars().any(|c| c.is_ascii_alphabetic())
}

/// Reads an address, path or file name: separators are said ("dot", "slash"),
/// the pieces between them are read as words or spelled.
fn address(s: &str, start: usize, ctx: &Ctx, out: &mut Out) {
    let mut piece_start = 0;
    let ext_at = s.rfind('.').filter(|&i| extension(&s[i + 1..]).is_some());
    for (i, c) in s.char_indices() {
        let said = match c {
            '.' => Some("dot"),
            '/' => Some("slash"),
            '\\' => Some("backslash"),
            '_' => Some("underscore"),
            '-' => Some("dash"),
            ':' => Some("colon"),
            '~' => Some("tilde"),
            '?' => Some("question mark"),
            '=' => Some("equals"),
            '&' => Some("and"),
            '#' => Some("hash"),
            '@' => Some("at"),
            '+' => Some("plus"),
            _ => None,
        };
        let Some(said) = said else { continue };
        piece(&s[piece_start..i], start + piece_start, ctx, out);
        if ext_at == Some(i) {
            out.word("dot", start + i..start + i + 1);
            let ext = &s[i + 1..];
            if let Some(e) = extension(ext) {
                out.expansion(e, &(start + i + 1..start + s.len()));
            }
            return;
        }
        // A trailing slash ("example.com/") is not said.
        if !(c == '/' && i + 1 == s.len()) {
            out.expansion(said, &(start + i..start + i + 1));
        }
        piece_start = i + 1;
    }
    piece(&s[piece_start..], start + piece_start, ctx, out);
}

/// A piece of an address: "www" and other vowel-less pieces are spelled.
fn piece(s: &str, start: usize, ctx: &Ctx, out: &mut Out) {
    if s.is_empty() {
        return;
    }
    if s.eq_ignore_ascii_case("www") {
        for (i, c) in s.char_indices() {
            out.letter(c, "", start + i..start + i + 1);
        }
        return;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        let mut v = Vec::new();
        super::numbers::digits(s, &mut v);
        out.statics(&v, &(start..start + s.len()));
        return;
    }
    if s.chars().all(char::is_alphabetic) {
        acronyms::word(s, start, ctx, out, true);
    } else {
        super::normalize::part(s, start, ctx, out);
    }
}
