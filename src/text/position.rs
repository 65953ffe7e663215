//! Turning a line and column, as parsers report them (serde_json,
//! serde-saphyr, Tera), into a byte offset of the text, so a diagnostic can
//! point at the span. The reverse, offset to line and column, is
//! [`crate::diagnostics::SourceFile::locate`].

/// How a parser counts a 1-based column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// In characters (serde-saphyr, Tera).
    Chars(usize),
    /// In bytes (serde_json).
    Bytes(usize),
}

/// The byte offset of 1-based `line` and `column` in `text`. A line past
/// the end gives `text.len()`; a column past the end of its line gives the
/// end of the line's text; the result is always a character boundary, so
/// slicing with it never panics.
pub fn offset(text: &str, line: usize, column: Column) -> usize {
    let Some(start) = line_start(text, line) else {
        return text.len();
    };
    let rest = &text[start..];
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let within = match column {
        Column::Chars(c) => line_text
            .char_indices()
            .nth(c.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i),
        Column::Bytes(c) => {
            let mut at = c.saturating_sub(1).min(line_text.len());
            while !line_text.is_char_boundary(at) {
                at -= 1;
            }
            at
        }
    };
    start + within
}

/// Where 1-based `line` starts, or `None` past the last line (line 0 is
/// taken as line 1).
fn line_start(text: &str, line: usize) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(line - 2)
        .map(|newline| newline + 1)
}

/// The byte range of `key = ...` in a TOML file, for pointing at a value.
pub fn key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let start = offset + (line.len() - trimmed.len());
            return start..start + key.len();
        }
        offset += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_characters_skip_whole_characters() {
        let text = "ab\nçé = x\n";
        assert_eq!(offset(text, 1, Column::Chars(1)), 0);
        assert_eq!(offset(text, 2, Column::Chars(3)), 3 + "çé".len());
        assert_eq!(&text[offset(text, 2, Column::Chars(6))..], "x\n");
    }

    #[test]
    fn columns_in_bytes_count_bytes() {
        let text = "[\n  {\"a\": 1,}\n]";
        assert_eq!(&text[offset(text, 2, Column::Bytes(11))..], "}\n]");
    }

    #[test]
    fn positions_past_the_end_are_clamped_to_a_boundary() {
        let text = "ab\nçé\n";
        assert_eq!(offset(text, 9, Column::Chars(1)), text.len());
        assert_eq!(offset(text, 2, Column::Chars(40)), 3 + "çé".len());
        // Byte 2 of line 2 is inside `ç`: the start of `ç` is returned.
        assert_eq!(offset(text, 2, Column::Bytes(2)), 3);
        assert_eq!(offset(text, 0, Column::Bytes(0)), 0);
    }
}
