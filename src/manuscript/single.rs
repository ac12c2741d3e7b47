//! A manuscript for a short text read by one voice (`aloud say`): no title detection, no
//! speaker labels, every paragraph spoken as written.

use super::{Chapter, Manuscript, ManuscriptError, Paragraph, Role, Speaker, SpeakerId, Turn};

/// Longest title taken from the first words of the text.
const TITLE_WORDS: usize = 8;

impl Manuscript {
    /// One chapter, one narrator turn, paragraphs split at blank lines. The title is the first
    /// few words. Fails on empty or whitespace-only text.
    pub fn single_voice(text: &str) -> Result<Manuscript, ManuscriptError> {
        let (text, transliterated) = super::speakable(text, "the text")?;
        let mut paragraphs = Vec::new();
        let mut current: Option<Paragraph> = None;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                paragraphs.extend(current.take());
                continue;
            }
            match current.as_mut() {
                Some(p) => {
                    p.text.push(' ');
                    p.text.push_str(line);
                }
                None => {
                    current = Some(Paragraph {
                        text: line.to_string(),
                        line: i + 1,
                    })
                }
            }
        }
        paragraphs.extend(current);
        let Some(first) = paragraphs.first() else {
            return Err(ManuscriptError::Empty {
                source_name: "the text".to_string(),
            });
        };
        let title = first
            .text
            .split_whitespace()
            .take(TITLE_WORDS)
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Manuscript {
            title: title.clone(),
            publication: None,
            published: None,
            speakers: vec![Speaker {
                label: "narrator".to_string(),
                name: "Narrator".to_string(),
                role: Role::Narrator,
                gender: None,
            }],
            chapters: vec![Chapter {
                title,
                turns: vec![Turn {
                    speaker: SpeakerId(0),
                    paragraphs,
                }],
            }],
            dropped: Vec::new(),
            transliterated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_voice_splits_paragraphs_at_blank_lines_and_titles_from_first_words() {
        let m = Manuscript::single_voice("Hello there.\nSecond line.\n\n  Next one.  ").unwrap();
        let t = &m.chapters[0].turns[0];
        assert_eq!(t.paragraphs.len(), 2);
        assert_eq!(t.paragraphs[0].text, "Hello there. Second line.");
        assert_eq!(t.paragraphs[1].line, 4);
        assert_eq!(m.title, "Hello there. Second line.");
        assert_eq!(m.speakers[0].role, Role::Narrator);
    }

    #[test]
    fn single_voice_refuses_blank_text() {
        assert!(Manuscript::single_voice(" \n\t\n").is_err());
    }
}
