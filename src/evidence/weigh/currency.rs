//! Sources kept current: a retracted or superseded source warns at every
//! citation of it; a `reviewed` date older than `[evidence]
//! review_after_months` warns at that line of the notes file; pages show
//! "Evidence last reviewed <date>" from the oldest review among their
//! sources.

use super::{SourceStatus, Strengths, WeighConfig};
use crate::content::Content;
use crate::content::date::ContentDate;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::markdown::Rendered;

/// Today's UTC date (`SOURCE_DATE_EPOCH` when set, so a rebuild of old
/// input can be judged as of its day).
pub fn today() -> Option<ContentDate> {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()
                .and_then(|d| i64::try_from(d.as_secs()).ok())
        })?;
    crate::print::date::date_from_epoch(seconds)
}

/// Whether `reviewed` is more than `months` before `today`.
pub fn is_stale(reviewed: &ContentDate, today: &ContentDate, months: u32) -> bool {
    let count = |d: &ContentDate| i64::from(d.year) * 12 + i64::from(d.month);
    let due = (count(reviewed) + i64::from(months), reviewed.day);
    (count(today), today.day) > due
}

/// The warnings for retracted and superseded sources (one per citation,
/// at its key) and for stale reviews.
pub fn check(
    content: &Content,
    docs: [&[Rendered]; 3],
    strengths: &Strengths,
    config: &WeighConfig,
    today: Option<&ContentDate>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let [pages, sections, notes] = docs;
    let files = content
        .pages
        .iter()
        .map(|p| &*p.source)
        .zip(pages)
        .chain(content.sections.iter().map(|s| &*s.source).zip(sections))
        .chain(content.notes.iter().map(|n| &*n.source).zip(notes));
    let any_warns = strengths.iter().any(|(_, s)| s.status.warns());
    for (file, doc) in files.filter(|_| any_warns) {
        out.extend(citation_status(file, doc, strengths));
    }
    for note in &content.notes {
        let (Some(reviewed), Some(today)) = (&note.front.reviewed, today) else {
            continue;
        };
        if is_stale(reviewed, today, config.review_after_months) {
            out.push(
                Diagnostic::warning(format!(
                    "the evidence notes for `{}` were last reviewed on {}, more than {} months ago",
                    note.key,
                    reviewed.ymd(),
                    config.review_after_months
                ))
                .at_span(&note.source, front_matter_key(&note.source.text, "reviewed"))
                .help("check the source is still current (retractions, corrections, newer reviews), then set `reviewed` to today's date; [evidence] review_after_months sets the limit"),
            );
        }
        if let Some(by) = &note.front.superseded_by
            && !strengths_or_notes_have(content, by)
        {
            out.push(
                Diagnostic::warning(format!("`superseded_by = \"{by}\"` names a source without notes"))
                    .at_span(&note.source, front_matter_key(&note.source.text, "superseded_by"))
                    .help("name the citation key of the newer source, and give it notes in content/evidence/"),
            );
        }
    }
    out
}

/// One document's warnings for citing retracted and superseded sources
/// (one per citation, at its key).
pub fn citation_status(
    file: &crate::diagnostics::SourceFile,
    doc: &Rendered,
    strengths: &Strengths,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for citation in &doc.citations {
        for item in &citation.items {
            if let Some(s) = strengths.get(&item.key).filter(|s| s.status.warns()) {
                out.push(status_warning(
                    file,
                    &item.key,
                    item.key_span.clone(),
                    s.status,
                    s.superseded_by.as_deref(),
                ));
            }
        }
    }
    out
}

fn strengths_or_notes_have(content: &Content, key: &str) -> bool {
    content.notes.iter().any(|n| n.key == key)
}

fn status_warning(
    file: &SourceFile,
    key: &str,
    span: std::ops::Range<usize>,
    status: SourceStatus,
    by: Option<&str>,
) -> Diagnostic {
    let (message, help) = match (status, by) {
        (SourceStatus::Superseded, Some(by)) => (
            format!("cites `{key}`, which is superseded by `{by}`"),
            format!("cite `{by}` instead, or say why the older source is still cited"),
        ),
        (SourceStatus::Superseded, None) => (
            format!("cites `{key}`, which is superseded"),
            "cite the newer source instead (name it with `superseded_by` in the notes)".into(),
        ),
        _ => (
            format!("cites `{key}`, which is retracted"),
            "remove the claim or cite another source; a retracted study should not support advice"
                .into(),
        ),
    };
    Diagnostic::warning(message)
        .at_span(file, span.start.saturating_sub(1)..span.end)
        .label(format!("status: {}", status.as_str()))
        .help(help)
}

/// The byte range of `key = …` in a file's front matter (its first
/// occurrence at the start of a line), else the start of the file.
pub fn front_matter_key(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with(['=', ':'])
        {
            let start = offset + (line.len() - trimmed.len());
            return start..start + line.trim_end().len() - (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0..0
}

/// The oldest `reviewed` date among `keys`' sources.
pub fn last_reviewed<'a>(
    keys: impl Iterator<Item = &'a str>,
    strengths: &'a Strengths,
) -> Option<&'a ContentDate> {
    keys.filter_map(|k| strengths.get(k)?.reviewed.as_ref())
        .min_by_key(|d| (d.year, d.month, d.day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> ContentDate {
        ContentDate::parse(text).unwrap()
    }

    #[test]
    fn a_review_is_stale_after_the_limit() {
        let today = date("2026-12-02");
        assert!(is_stale(&date("2024-12-01"), &today, 24));
        assert!(!is_stale(&date("2024-12-03"), &today, 24));
        assert!(!is_stale(&date("2026-01-01"), &today, 24));
    }

    #[test]
    fn front_matter_key_finds_the_line() {
        let text = "+++\ndesign = \"x\"\nreviewed = 2020-01-01\n+++\n";
        let r = front_matter_key(text, "reviewed");
        assert_eq!(&text[r], "reviewed = 2020-01-01");
    }
}
