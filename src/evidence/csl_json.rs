//! CSL-JSON bibliographies (`.json`, what Zotero and Better BibTeX export),
//! converted item by item into hayagriva entries. A value of the wrong shape
//! is a warning at its file:line:col and is left out; the item still loads.

use std::ops::Range;

use hayagriva::Library;
use serde_json::{Map, Value, json};

use super::bibtex::LoadedEntry;
use super::dates::read_loose_year;
use super::work::PublicationStatus;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::text::position::{self, Column};

/// Parses a CSL-JSON file: an array of items, each with an `id`.
pub(crate) fn parse_csl_json(
    source: &SourceFile,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<LoadedEntry>, Vec<Diagnostic>> {
    let items: Vec<Value> = serde_json::from_str(&source.text).map_err(|e| {
        let at = position::offset(&source.text, e.line(), Column::Bytes(e.column()));
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        vec![
            Diagnostic::error(format!("could not parse bibliography: {message}"))
                .at_span(source, at..at + 1)
                .label("here")
                .help("a CSL-JSON file is an array of items: `[{\"id\": \"key\", \"type\": \"book\", …}]`"),
        ]
    })?;
    let positions = item_positions(&source.text);
    let mut entries = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let place = positions.get(i).cloned().unwrap_or_default();
        let mut item_warn = |field: &str, what: String| {
            let span = place.field(field);
            warnings.push(
                Diagnostic::warning(what)
                    .at_span(source, span.clone())
                    .label("this value")
                    .help("see the CSL-JSON schema: names are `{\"family\": …, \"given\": …}`, dates `{\"date-parts\": [[2003, 5]]}`"),
            );
        };
        let Some(object) = item.as_object() else {
            item_warn(
                "",
                format!("item {} is not an object; it is left out", i + 1),
            );
            continue;
        };
        let Some(key) = object.get("id").and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }) else {
            item_warn("", format!("item {} has no `id`; it is left out", i + 1));
            continue;
        };
        let mut note = |field: &str, what: &str| {
            item_warn(
                field,
                format!("entry `{key}`: `{field}` {what}; it is left out"),
            )
        };
        let (value, original_year, status) = to_hayagriva(object, &mut note);
        let mut library = Map::new();
        library.insert(key.clone(), value);
        match serde_json::from_value::<Library>(Value::Object(library)) {
            Ok(lib) => {
                if let Some(entry) = lib.iter().next().cloned() {
                    entries.push(LoadedEntry {
                        entry,
                        original_year,
                        status,
                        tex: None,
                    });
                }
            }
            Err(e) => note("", &format!("could not be read ({e})")),
        }
    }
    Ok(entries)
}

/// Where one item and its fields are in the file.
#[derive(Debug, Clone, Default)]
struct ItemPlace {
    item: Range<usize>,
    fields: Vec<(String, Range<usize>)>,
}

impl ItemPlace {
    fn field(&self, name: &str) -> Range<usize> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or(self.item.start..self.item.start + 1, |(_, r)| r.clone())
    }
}

/// The byte range of each top-level item and of each of its field values,
/// found by one pass over the (already valid) JSON text.
fn item_positions(text: &str) -> Vec<ItemPlace> {
    let bytes = text.as_bytes();
    let mut places = Vec::new();
    let (mut depth, mut i) = (0usize, 0usize);
    let mut last_key: Option<String> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let string = &text[start + 1..i.min(text.len())];
                let rest = text[(i + 1).min(text.len())..].trim_start();
                if depth == 2 && rest.starts_with(':') {
                    last_key = Some(string.to_string());
                } else if depth == 2
                    && let (Some(key), Some(place)) = (last_key.take(), places.last_mut())
                {
                    let place: &mut ItemPlace = place;
                    place.fields.push((key, start..i + 1));
                }
            }
            b'{' | b'[' => {
                if depth == 1 {
                    places.push(ItemPlace {
                        item: i..i + 1,
                        fields: Vec::new(),
                    });
                }
                if depth == 2
                    && let (Some(key), Some(place)) = (last_key.take(), places.last_mut())
                {
                    place.fields.push((key, i..i + 1));
                }
                depth += 1;
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            c if depth == 2 && !c.is_ascii_whitespace() && c != b',' && c != b':' => {
                if let (Some(key), Some(place)) = (last_key.take(), places.last_mut()) {
                    place.fields.push((key, i..i + 1));
                }
            }
            _ => {}
        }
        i += 1;
    }
    places
}

/// One CSL-JSON item in hayagriva's YAML/serde shape.
fn to_hayagriva(
    item: &Map<String, Value>,
    note: &mut dyn FnMut(&str, &str),
) -> (Value, Option<i32>, Option<PublicationStatus>) {
    let mut out = Map::new();
    let mut parent = Map::new();
    let csl_type = item.get("type").and_then(Value::as_str).unwrap_or("");
    let (kind, parent_kind) = match csl_type {
        "article-journal" | "article" => ("Article", Some("Periodical")),
        "article-magazine" => ("Article", Some("Periodical")),
        "article-newspaper" => ("Article", Some("Newspaper")),
        "book" => ("Book", None),
        "chapter" | "entry-encyclopedia" | "entry-dictionary" => ("Anthos", Some("Anthology")),
        "paper-conference" => ("Article", Some("Proceedings")),
        "report" => ("Report", None),
        "thesis" => ("Thesis", None),
        "webpage" | "post-weblog" | "post" => ("Web", None),
        _ => ("Misc", None),
    };
    out.insert("type".into(), json!(kind));
    let text = |field: &str, note: &mut dyn FnMut(&str, &str)| -> Option<String> {
        match item.get(field)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => {
                note(field, "is not text");
                None
            }
        }
    };
    if let Some(title) = text("title", note) {
        out.insert("title".into(), json!(title));
    }
    for (csl, ours) in [("author", "author"), ("editor", "editor")] {
        if let Some(names) = item.get(csl) {
            let target = if ours == "editor" && parent_kind.is_some() {
                &mut parent
            } else {
                &mut out
            };
            match names_of(names) {
                Some(list) => {
                    target.insert(ours.into(), Value::Array(list));
                }
                None => note(csl, "is not a list of names"),
            }
        }
    }
    let (date, original_year, status) = dates(item, note);
    if let Some(date) = date {
        out.insert("date".into(), json!(date));
    }
    let container = text("container-title", note);
    if let Some(kind) = parent_kind {
        parent.insert("type".into(), json!(kind));
        if let Some(c) = container {
            parent.insert("title".into(), json!(c));
        }
        if kind != "Anthology" && kind != "Proceedings" {
            for field in ["volume", "issue"] {
                if let Some(v) = text(field, note) {
                    parent.insert(field.into(), json!(v));
                }
            }
        }
    }
    if let Some(p) = text("page", note) {
        out.insert("page-range".into(), json!(p));
    }
    if (parent_kind.is_none() || parent_kind == Some("Anthology"))
        && let Some(v) = text("volume", note)
    {
        out.insert("volume".into(), json!(v));
    }
    if let Some(e) = text("edition", note) {
        out.insert("edition".into(), json!(e));
    }
    if let Some(g) = text("genre", note) {
        out.insert("genre".into(), json!(g));
    }
    if let Some(n) = text("number", note) {
        out.insert("issue".into(), json!(n));
    }
    let publisher = text("publisher", note);
    let place = text("publisher-place", note);
    if publisher.is_some() || place.is_some() {
        let mut p = Map::new();
        if let Some(name) = publisher {
            p.insert("name".into(), json!(name));
        }
        if let Some(location) = place {
            p.insert("location".into(), json!(location));
        }
        let target = if parent_kind == Some("Anthology") || parent_kind == Some("Proceedings") {
            &mut parent
        } else {
            &mut out
        };
        target.insert("publisher".into(), Value::Object(p));
    }
    if let Some(doi) = text("DOI", note) {
        out.insert("serial-number".into(), json!({ "doi": doi }));
    }
    if let Some(url) = text("URL", note) {
        out.insert("url".into(), json!(url));
    }
    if parent_kind.is_some() {
        out.insert("parent".into(), Value::Object(parent));
    }
    (Value::Object(out), original_year, status)
}

/// CSL names as hayagriva persons: `{family, given, non-dropping-particle,
/// suffix}` or `{literal}` for an organisation.
fn names_of(value: &Value) -> Option<Vec<Value>> {
    value
        .as_array()?
        .iter()
        .map(|n| {
            let n = n.as_object()?;
            let get = |k: &str| n.get(k).and_then(Value::as_str);
            let mut person = Map::new();
            let family = get("family").or_else(|| get("literal"))?;
            person.insert("name".into(), json!(family));
            if let Some(given) = get("given") {
                person.insert("given-name".into(), json!(given));
            }
            if let Some(prefix) = get("non-dropping-particle").or_else(|| get("dropping-particle"))
            {
                person.insert("prefix".into(), json!(prefix));
            }
            if let Some(suffix) = get("suffix") {
                person.insert("suffix".into(), json!(suffix));
            }
            Some(Value::Object(person))
        })
        .collect()
}

/// `issued` (date-parts, raw or literal), `original-date` and `status`.
fn dates(
    item: &Map<String, Value>,
    note: &mut dyn FnMut(&str, &str),
) -> (Option<String>, Option<i32>, Option<PublicationStatus>) {
    let mut status = item
        .get("status")
        .and_then(Value::as_str)
        .and_then(|s| read_loose_year(s).status);
    let mut date = None;
    if let Some(issued) = item.get("issued") {
        match date_of(issued) {
            Some(DateOf::Parts(d)) => date = Some(d),
            Some(DateOf::Text(t)) => {
                let loose = read_loose_year(&t);
                status = status.or(loose.status);
                date = loose.year.map(|y| format!("{y:04}"));
                if loose.guess.is_some() {
                    note("issued", &format!("`{t}` is not a date"));
                }
            }
            None => note(
                "issued",
                "is not a CSL date (`{\"date-parts\": [[2003, 5, 12]]}`)",
            ),
        }
    }
    let original = item.get("original-date").and_then(|d| match date_of(d)? {
        DateOf::Parts(p) => p.get(..4)?.parse().ok(),
        DateOf::Text(t) => read_loose_year(&t).year,
    });
    (date, original, status)
}

enum DateOf {
    /// "2003", "2003-05", "2003-05-12".
    Parts(String),
    Text(String),
}

fn date_of(value: &Value) -> Option<DateOf> {
    let object = value.as_object()?;
    if let Some(parts) = object.get("date-parts") {
        let first = parts.as_array()?.first()?.as_array()?;
        let numbers: Vec<i64> = first
            .iter()
            .map(|p| p.as_i64().or_else(|| p.as_str()?.trim().parse().ok()))
            .collect::<Option<_>>()?;
        return match numbers.as_slice() {
            [y] if (0..=9999).contains(y) => Some(DateOf::Parts(format!("{y:04}"))),
            [y, m, ..] if (0..=9999).contains(y) && (1..=12).contains(m) => {
                let day = numbers.get(2).filter(|d| (1..=31).contains(*d));
                Some(DateOf::Parts(match day {
                    Some(d) => format!("{y:04}-{m:02}-{d:02}"),
                    None => format!("{y:04}-{m:02}"),
                }))
            }
            _ => None,
        };
    }
    let text = object
        .get("raw")
        .or_else(|| object.get("literal"))?
        .as_str()?;
    Some(DateOf::Text(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_find_items_and_fields() {
        let text = "[\n  {\"id\": \"a\", \"issued\": {\"date-parts\": [[\"x\"]]}},\n  {\"id\": 2, \"title\": \"T\"}\n]";
        let places = item_positions(text);
        assert_eq!(places.len(), 2);
        assert_eq!(&text[places[0].field("issued")], "{");
        assert_eq!(&text[places[1].field("id")], "2");
        assert_eq!(&text[places[1].field("title")], "\"T\"");
    }

    #[test]
    fn a_bad_date_is_a_warning_at_its_value() {
        let text = "[\n  {\"id\": \"a\", \"type\": \"book\", \"title\": \"T\",\n   \"issued\": {\"date-parts\": [[\"spring\"]]}}\n]";
        let source = SourceFile::new("refs.json", text);
        let mut warnings = Vec::new();
        let entries = parse_csl_json(&source, &mut warnings).unwrap();
        assert_eq!(entries.len(), 1);
        let loc = warnings[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 14), "{}", warnings[0]);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let source = SourceFile::new("refs.json", "[\n  {\"id\": \"a\",}\n]");
        let errors = parse_csl_json(&source, &mut Vec::new()).unwrap_err();
        assert_eq!(errors[0].location.as_ref().unwrap().line, 2);
    }
}
