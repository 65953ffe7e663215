//! Writing the booklet a piece at a time. Chapters and QR codes go through
//! the booklet template as placeholders, so the page around them is small
//! to render and rewrite; writing then replaces each placeholder, the
//! chapters rewritten a batch at a time. A 10,000-page booklet is over
//! 100 MB, and is never held in memory whole.

const PREFIX: &str = "<!--sheaf-";
const CHAPTER: &str = "chapter-";
const QR: &str = "qr-";
const END: &str = "-->";

/// What a placeholder stands for: the chapter or the QR code of the n-th
/// printed page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece {
    Chapter(usize),
    Qr(usize),
}

pub(super) fn chapter_placeholder(n: usize) -> String {
    format!("{PREFIX}{CHAPTER}{n}{END}")
}

pub(super) fn qr_placeholder(n: usize) -> String {
    format!("{PREFIX}{QR}{n}{END}")
}

/// Writes `frame` to `out` with each placeholder replaced by what `fill`
/// writes for it. `fill` returns `false` for a piece it does not know; that
/// placeholder is then written as it is.
pub(super) fn splice<E>(
    frame: &str,
    out: &mut dyn FnMut(&[u8]),
    mut fill: impl FnMut(Piece, &mut dyn FnMut(&[u8])) -> Result<bool, E>,
) -> Result<(), E> {
    let mut rest = frame;
    while let Some(at) = rest.find(PREFIX) {
        out(&rest.as_bytes()[..at]);
        let after = &rest[at + PREFIX.len()..];
        let Some(end) = after.find(END) else {
            rest = &rest[at..];
            break;
        };
        let whole = &rest[at..at + PREFIX.len() + end + END.len()];
        let name = &after[..end];
        let piece = if let Some(n) = name.strip_prefix(CHAPTER) {
            n.parse().ok().map(Piece::Chapter)
        } else if let Some(n) = name.strip_prefix(QR) {
            n.parse().ok().map(Piece::Qr)
        } else {
            None
        };
        let filled = match piece {
            Some(piece) => fill(piece, out)?,
            None => false,
        };
        if !filled {
            out(whole.as_bytes());
        }
        rest = &after[end + END.len()..];
    }
    out(rest.as_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced_in_place_and_unknown_ones_kept() {
        let frame = format!(
            "<a>{}</a><b>{}</b>{}<!--sheaf-other-->{PREFIX}{CHAPTER}9{END}<!-- plain -->",
            chapter_placeholder(0),
            chapter_placeholder(1),
            qr_placeholder(0),
        );
        let mut out = Vec::new();
        splice::<()>(&frame, &mut |b| out.extend_from_slice(b), |piece, out| {
            match piece {
                Piece::Chapter(0) => out(b"one"),
                Piece::Chapter(1) => out(b"two"),
                Piece::Qr(0) => out(b"<svg/>"),
                _ => return Ok(false),
            }
            Ok(true)
        })
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<a>one</a><b>two</b><svg/><!--sheaf-other--><!--sheaf-chapter-9--><!-- plain -->"
        );
    }

    #[test]
    fn an_unclosed_placeholder_is_written_as_it_is() {
        let mut out = Vec::new();
        splice::<()>(
            "a<!--sheaf-chapter-0",
            &mut |b| out.extend_from_slice(b),
            |_, _| Ok(true),
        )
        .unwrap();
        assert_eq!(out, b"a<!--sheaf-chapter-0");
    }
}
