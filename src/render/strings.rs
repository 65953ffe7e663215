//! The theme's strings table: every word the theme prints, per language,
//! read by templates through the Tera function `t(key=…, n=…, kind=…)`.
//!
//! Tables are TOML files named by language tag (`strings/en.toml`,
//! `strings/vi.toml`, …) in the built-in theme, the site's theme and the
//! site root; later layers override earlier ones key by key, and a key
//! missing in one language falls back to the primary subtag (`pt` for
//! `pt-BR`) and then to English. Plural forms are tables keyed by CLDR
//! plural category (`one`, `few`, `other`, …), chosen by the language's
//! plural rules for `n`. docs/templates.md documents the function.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use tera::Value;
use unic_langid::LanguageIdentifier;

use super::theme::ThemeFile;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::evidence::weigh::strength::{PopoverLabelSet, PopoverLabels};
use crate::i18n::Languages;

/// The language every key must exist in, and the last fallback.
pub const FALLBACK_LANGUAGE: &str = "en";

/// The CLDR plural categories a plural table may use.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One entry of a table: plain text, or one text per plural category.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

/// All languages' tables, each flattened to dotted keys (`page.cite_title`).
#[derive(Debug, Clone, Default)]
pub struct Strings {
    tables: BTreeMap<String, BTreeMap<String, Entry>>,
}

impl Strings {
    /// Loads every layer in order; `layers` maps a language tag to its files,
    /// built-in first.
    pub fn load(layers: &BTreeMap<String, Vec<ThemeFile>>) -> Result<Strings, Vec<Diagnostic>> {
        let mut strings = Strings::default();
        let mut diags = Vec::new();
        for (lang, files) in layers {
            for file in files {
                let text = match file.read().map(String::from_utf8) {
                    Ok(Ok(text)) => text,
                    Ok(Err(_)) => {
                        diags.push(
                            Diagnostic::error(format!("{} is not valid UTF-8", file.shown))
                                .in_file(file.shown.clone())
                                .help("save the strings file as UTF-8"),
                        );
                        continue;
                    }
                    Err(d) => {
                        diags.push(d);
                        continue;
                    }
                };
                let source = SourceFile::new(file.shown.clone(), text);
                match parse_table(&source) {
                    Ok(entries) => strings
                        .tables
                        .entry(lang.clone())
                        .or_default()
                        .extend(entries),
                    Err(d) => diags.push(d),
                }
            }
        }
        if diags.is_empty() {
            Ok(strings)
        } else {
            Err(diags)
        }
    }

    /// A table from `(language, TOML text)` pairs, for tests elsewhere.
    #[cfg(test)]
    pub(crate) fn from_toml(files: &[(&str, &str)]) -> Strings {
        let mut s = Strings::default();
        for (lang, text) in files {
            let source = SourceFile::new(format!("strings/{lang}.toml"), text.to_string());
            s.tables
                .entry(lang.to_string())
                .or_default()
                .extend(parse_table(&source).expect("a valid strings table"));
        }
        s
    }

    /// The entry for `key` in `lang`, falling back per key to the primary
    /// subtag and then to English.
    pub fn entry(&self, lang: &str, key: &str) -> Option<&Entry> {
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        [lang, primary, FALLBACK_LANGUAGE]
            .into_iter()
            .find_map(|l| self.tables.get(l).and_then(|t| t.get(key)))
    }

    /// The kind ids (`kind.<id>`) known in `lang` or English.
    pub fn kinds(&self, lang: &str) -> Vec<String> {
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        let mut ids: Vec<String> = [lang, primary, FALLBACK_LANGUAGE]
            .into_iter()
            .filter_map(|l| self.tables.get(l))
            .flat_map(|t| t.keys())
            .filter_map(|k| k.strip_prefix("kind."))
            .map(str::to_string)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The languages that have a table.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.tables.keys().map(String::as_str)
    }

    /// `key` in `lang` with `{placeholders}` filled (others are left as
    /// they are, for scripts to fill): `{n}` the count,
    /// `{kind}` the kind's name agreeing with `n` (singular without `n`),
    /// `{kinds}` its plural, `{Kind}`/`{Kinds}` capitalised, and any other
    /// `{name}` from `vars`.
    pub fn format(
        &self,
        lang: &str,
        key: &str,
        n: Option<u64>,
        kind: Option<&KindName>,
        vars: &[(String, String)],
    ) -> Result<String, String> {
        let entry = self.entry(lang, key).ok_or_else(|| {
            format!("no string `{key}` in the strings table (strings/{FALLBACK_LANGUAGE}.toml)")
        })?;
        let text = match (entry, vars.iter().find(|(k, _)| k == "form")) {
            // `form="other"`: one plural form as written, for a script.
            (Entry::Plural(forms), Some((_, form))) => forms
                .get(form)
                .or_else(|| forms.get("other"))
                .map_or("", String::as_str),
            _ => self.pick(lang, entry, n.unwrap_or(1)),
        };
        let mut out = text.to_string();
        if let Some(n) = n {
            out = out.replace("{n}", &n.to_string());
        }
        if let Some(kind) = kind {
            let one = self.kind_form(lang, kind, n.unwrap_or(1))?;
            let other = self.kind_form(lang, kind, 2)?;
            out = out
                .replace("{kind}", &one)
                .replace("{kinds}", &other)
                .replace("{Kind}", &capitalise(&one))
                .replace("{Kinds}", &capitalise(&other));
        }
        for (name, value) in vars {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        Ok(out)
    }

    fn kind_form(&self, lang: &str, kind: &KindName, n: u64) -> Result<String, String> {
        match kind {
            KindName::Id(id) => {
                let key = format!("kind.{id}");
                // An unknown kind is reported once, at the page's `kind` key
                // (kinds::check_kinds); here it is named by its id.
                Ok(self
                    .entry(lang, &key)
                    .map_or(id.as_str(), |entry| self.pick(lang, entry, n))
                    .to_string())
            }
            KindName::Label { one, other } => Ok(if category(lang, n) == "one" {
                one.clone()
            } else {
                other.clone()
            }),
        }
    }

    fn pick<'a>(&self, lang: &str, entry: &'a Entry, n: u64) -> &'a str {
        match entry {
            Entry::Text(text) => text,
            Entry::Plural(forms) => forms
                .get(category(lang, n))
                .or_else(|| forms.get("other"))
                .map_or("", String::as_str),
        }
    }
}

/// How a page kind is named: an id looked up as `kind.<id>` in the
/// page's language, or a section's own `kind_label = ["guide", "guides"]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(untagged)]
pub enum KindName {
    Id(String),
    Label { one: String, other: String },
}

impl KindName {
    pub(super) fn from_value(value: &Value) -> Option<KindName> {
        if let Some(id) = value.as_str() {
            return Some(KindName::Id(id.to_string()));
        }
        let map = value.as_map()?;
        let get = |k: &str| {
            map.iter()
                .find(|(key, _)| key.as_str() == Some(k))
                .and_then(|(_, v)| v.as_str().map(str::to_string))
        };
        Some(KindName::Label {
            one: get("one")?,
            other: get("other")?,
        })
    }
}

/// The CLDR plural category of `n` in `lang` (English rules when the
/// language is unknown to the rules database). Rules are built once per
/// language: a site with thousands of term pages asks for them thousands
/// of times.
fn category(lang: &str, n: u64) -> &'static str {
    static RULES: OnceLock<Mutex<HashMap<String, Option<Arc<PluralRules>>>>> = OnceLock::new();
    let rules = {
        let mut cache = RULES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry(lang.to_string())
            .or_insert_with(|| {
                let create = |tag: &str| {
                    let id = tag.parse::<LanguageIdentifier>().ok()?;
                    PluralRules::create(id, PluralRuleType::CARDINAL).ok()
                };
                create(lang)
                    .or_else(|| create(FALLBACK_LANGUAGE))
                    .map(Arc::new)
            })
            .clone()
    };
    let Some(rules) = rules else {
        return if n == 1 { "one" } else { "other" };
    };
    match rules.select(n) {
        Ok(PluralCategory::ZERO) => "zero",
        Ok(PluralCategory::ONE) => "one",
        Ok(PluralCategory::TWO) => "two",
        Ok(PluralCategory::FEW) => "few",
        Ok(PluralCategory::MANY) => "many",
        _ => "other",
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Parses one strings file into dotted keys; a table whose keys are all
/// plural categories (with `other`) is a plural entry, any other table a group.
fn parse_table(source: &Arc<SourceFile>) -> Result<Vec<(String, Entry)>, Diagnostic> {
    let table: toml::Table = toml::from_str(&source.text).map_err(|e| {
        let d = Diagnostic::error(format!("invalid strings file: {}", e.message()))
            .help("each key is `name = \"text\"`, a group `[group]`, or plural forms `name = { one = \"…\", other = \"…\" }`");
        match e.span() {
            Some(span) => d.at_span(source, span),
            None => d.in_file(source.display_path.clone()),
        }
    })?;
    let mut out = Vec::new();
    flatten(source, "", &table, &mut out)?;
    Ok(out)
}

fn flatten(
    source: &Arc<SourceFile>,
    prefix: &str,
    table: &toml::Table,
    out: &mut Vec<(String, Entry)>,
) -> Result<(), Diagnostic> {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::String(text) => out.push((key, Entry::Text(text.clone()))),
            toml::Value::Table(inner)
                if inner.contains_key("other")
                    && inner.keys().all(|k| CATEGORIES.contains(&k.as_str())) =>
            {
                let mut forms = BTreeMap::new();
                for (category, text) in inner {
                    let Some(text) = text.as_str() else {
                        return Err(bad_value(source, &key));
                    };
                    forms.insert(category.clone(), text.to_string());
                }
                out.push((key, Entry::Plural(forms)));
            }
            toml::Value::Table(inner) => flatten(source, &key, inner, out)?,
            _ => return Err(bad_value(source, &key)),
        }
    }
    Ok(())
}

fn bad_value(source: &Arc<SourceFile>, key: &str) -> Diagnostic {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    Diagnostic::error(format!("string `{key}` must be text or plural forms"))
        .at_span(source, crate::config::key_span(&source.text, leaf))
        .help("write `name = \"text\"` or `name = { one = \"…\", other = \"…\" }`")
}

impl Strings {
    /// The words of the citation popovers in `lang`: the `[cite]` table,
    /// the badges and `references.about_source` (English where a table
    /// lacks one).
    pub fn popover_labels(&self, lang: &str) -> PopoverLabels {
        let english = PopoverLabels::default();
        let text = |key: &str, fallback: &str| match self.entry(lang, key) {
            Some(Entry::Text(t)) => t.clone(),
            _ => fallback.to_string(),
        };
        PopoverLabels {
            button: text("cite.button", &english.button),
            group: text("cite.group", &english.group),
            design: text("cite.design", &english.design),
            level: text("cite.level", &english.level),
            locator: text("cite.locator", &english.locator),
            status: text("cite.status", &english.status),
            source: text("references.about_source", &english.source),
            levels: [
                text("badge.strong", &english.levels[0]),
                text("badge.moderate", &english.levels[1]),
                text("badge.emerging", &english.levels[2]),
            ],
        }
    }

    /// [`Strings::popover_labels`] for each language of `languages`.
    pub fn popover_label_set(&self, languages: &Languages) -> PopoverLabelSet {
        PopoverLabelSet {
            default: self.popover_labels(&languages.default.tag),
            others: (languages.others.iter())
                .map(|l| (l.tag.clone(), self.popover_labels(&l.tag)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(files: &[(&str, &str)]) -> Strings {
        let mut s = Strings::default();
        for (lang, text) in files {
            let source = SourceFile::new(format!("strings/{lang}.toml"), text.to_string());
            s.tables
                .entry(lang.to_string())
                .or_default()
                .extend(parse_table(&source).unwrap());
        }
        s
    }

    #[test]
    fn plural_forms_follow_the_count_and_kind() {
        let s = strings(&[(
            "en",
            "[listing]\ncount = { one = \"{n} {kind}\", other = \"{n} {kind}\" }\n[kind]\nsummary = { one = \"research summary\", other = \"research summaries\" }\n",
        )]);
        let kind = KindName::Id("summary".into());
        assert_eq!(
            s.format("en", "listing.count", Some(1), Some(&kind), &[])
                .unwrap(),
            "1 research summary"
        );
        assert_eq!(
            s.format("en", "listing.count", Some(3), Some(&kind), &[])
                .unwrap(),
            "3 research summaries"
        );
        let label = KindName::Label {
            one: "guide".into(),
            other: "guides".into(),
        };
        assert_eq!(
            s.format("en", "listing.count", Some(0), Some(&label), &[])
                .unwrap(),
            "0 guides"
        );
    }

    #[test]
    fn missing_key_falls_back_to_primary_subtag_then_english() {
        let s = strings(&[
            ("en", "a = \"A en\"\nb = \"B en\"\nc = \"C en\"\n"),
            ("pt", "b = \"B pt\"\n"),
            ("pt-BR", "c = \"C br\"\n"),
        ]);
        assert_eq!(s.format("pt-BR", "a", None, None, &[]).unwrap(), "A en");
        assert_eq!(s.format("pt-BR", "b", None, None, &[]).unwrap(), "B pt");
        assert_eq!(s.format("pt-BR", "c", None, None, &[]).unwrap(), "C br");
        assert!(s.format("en", "nope", None, None, &[]).is_err());
    }

    #[test]
    fn plural_rules_of_the_language_choose_the_form() {
        let s = strings(&[(
            "ar",
            "x = { zero = \"z\", one = \"o\", two = \"t\", few = \"f\", many = \"m\", other = \"x\" }\n",
        )]);
        let got: Vec<String> = [0, 1, 2, 3, 11, 100]
            .into_iter()
            .map(|n| s.format("ar", "x", Some(n), None, &[]).unwrap())
            .collect();
        assert_eq!(got, ["z", "o", "t", "f", "m", "x"]);
    }

    #[test]
    fn other_placeholders_are_filled_from_arguments() {
        let s = strings(&[("en", "tagged = \"Tagged “{term}”\"\n")]);
        let vars = [("term".to_string(), "Reading".to_string())];
        assert_eq!(
            s.format("en", "tagged", None, None, &vars).unwrap(),
            "Tagged “Reading”"
        );
    }

    #[test]
    fn a_number_where_text_belongs_is_an_error_at_the_key() {
        let source = SourceFile::new("strings/en.toml", "[page]\ntitle = 3\n");
        let d = parse_table(&source).unwrap_err();
        assert!(
            d.render(false).contains("page.title"),
            "{}",
            d.render(false)
        );
    }
}
