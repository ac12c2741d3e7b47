//! Letter symbols of the letter-to-sound model, and accent folding.

/// Number of letter symbols plus one (`0` means "no letter").
pub const LETTERS: usize = 28;
/// Number of letter-chunk codes (one or two letters).
pub const LETTER_CHUNKS: usize = LETTERS * LETTERS;

/// Folds a word to the model's alphabet: lower case `a`–`z` and `'`. Accented Latin
/// letters lose their accent (`é` → `e`, `ñ` → `n`, `ß` → `ss`, `æ` → `ae`); typographic
/// apostrophes become `'`; any other character (digits, hyphens) is dropped.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'a'..='z' | '\'' => {
                out.push(c);
                continue;
            }
            '’' | '‘' | 'ʼ' => "'",
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'ç' | 'ć' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ğ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'ł' | 'ľ' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'ř' => "r",
            'ś' | 'š' | 'ş' => "s",
            'ť' | 'ţ' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'þ' => "th",
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

/// Symbol of a folded letter: `a`–`z` → 1–26, `'` → 27.
pub fn letter_symbol(c: u8) -> Option<u8> {
    match c {
        b'a'..=b'z' => Some(c - b'a' + 1),
        b'\'' => Some(27),
        _ => None,
    }
}

/// Code of a chunk of one or two letter symbols.
pub fn chunk_code(first: u8, second: Option<u8>) -> usize {
    usize::from(first) * LETTERS + usize::from(second.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_letters_and_strips_accents() {
        assert_eq!(fold("Pérez-Núñez"), "pereznunez");
        assert_eq!(fold("d’état"), "d'etat");
        assert_eq!(fold("straße"), "strasse");
        assert_eq!(fold("abc123"), "abc");
    }
}
