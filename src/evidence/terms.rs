//! The words a citation style prints around names and dates ("et al.",
//! "n.d.", "and", "&", "in press"), taken from the CSL locale of a page's
//! language. The CSL locale files sheaf ships (see `locales/SOURCES.md`)
//! serve both the built-in styles, through [`Terms`], and user CSL styles,
//! through [`built_in_locales`].

use hayagriva::citationberg::taxonomy::{OtherTerm, Term};
use hayagriva::citationberg::{Locale, LocaleFile, TermForm};

/// The bundled CSL locales: tag as the file names it, and its XML.
const BUILT_IN: [(&str, &str); 5] = [
    ("en-US", include_str!("locales/locales-en-US.xml")),
    ("en-GB", include_str!("locales/locales-en-GB.xml")),
    ("vi-VN", include_str!("locales/locales-vi-VN.xml")),
    ("ar", include_str!("locales/locales-ar.xml")),
    ("zh-CN", include_str!("locales/locales-zh-CN.xml")),
];

/// Every bundled locale, parsed, for hayagriva's CSL engine (which picks
/// the one matching the requested language and falls back to en-US).
pub(crate) fn built_in_locales() -> Vec<Locale> {
    BUILT_IN
        .iter()
        .filter_map(|(_, xml)| LocaleFile::from_xml(xml).ok().map(Locale::from))
        .collect()
}

/// The bundled locale for a BCP 47 tag: the same tag (`en-GB`), else the
/// first of the same language (`vi` -> `vi-VN`, `zh-Hans` -> `zh-CN`). A
/// traditional-Chinese tag does not take the simplified locale.
fn bundled_locale_xml(tag: &str) -> Option<&'static str> {
    let lower = tag.to_ascii_lowercase();
    if let Some((_, xml)) = BUILT_IN.iter().find(|(t, _)| t.eq_ignore_ascii_case(tag)) {
        return Some(xml);
    }
    let primary = lower.split(['-', '_']).next().unwrap_or_default();
    let traditional = primary == "zh"
        && lower
            .split(['-', '_'])
            .any(|s| matches!(s, "hant" | "tw" | "hk" | "mo"));
    if traditional {
        return None;
    }
    BUILT_IN
        .iter()
        .find(|(t, _)| t.split('-').next() == Some(primary))
        .map(|(_, xml)| *xml)
}

/// Whether `tag` is English, whose terms are sheaf's own constants (so an
/// English site's output does not depend on the locale files).
fn is_english(tag: &str) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    primary.eq_ignore_ascii_case("en")
}

/// The terms the built-in styles print, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Terms {
    /// "et al."
    pub et_al: String,
    /// "n.d.", the short form of "no date".
    pub no_date: String,
    /// "no date", which Cite Them Right writes in full.
    pub no_date_long: String,
    /// "and", between names in running text and most styles.
    pub and: String,
    /// "&", between names in APA's parentheses and reference list.
    pub and_symbol: String,
    /// "in press".
    pub in_press: String,
}

impl Default for Terms {
    fn default() -> Self {
        Terms::english()
    }
}

impl Terms {
    /// The English terms, as sheaf has always printed them.
    pub fn english() -> Terms {
        Terms {
            et_al: "et al.".into(),
            no_date: "n.d.".into(),
            no_date_long: "no date".into(),
            and: "and".into(),
            and_symbol: "&".into(),
            in_press: "in press".into(),
        }
    }

    /// The terms of `page_language`'s locale; a term it lacks comes from
    /// `site_language`'s locale, then from English (en-US).
    pub fn for_language(page_language: &str, site_language: &str) -> Terms {
        let mut terms = Terms::english();
        for tag in [site_language, page_language] {
            if is_english(tag) {
                if tag == page_language {
                    // An English page reads English terms whatever the
                    // site's language.
                    terms = Terms::english();
                }
                continue;
            }
            if let Some(locale) = bundled_locale_xml(tag).and_then(|x| LocaleFile::from_xml(x).ok())
            {
                terms.overlay(&Locale::from(locale));
            }
        }
        terms
    }

    /// Replaces each term `locale` defines.
    fn overlay(&mut self, locale: &Locale) {
        let get = |term: OtherTerm, form: TermForm| {
            locale
                .term(Term::Other(term), form)
                .and_then(|t| t.single())
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        if let Some(t) = get(OtherTerm::EtAl, TermForm::Long) {
            self.et_al = t;
        }
        if let Some(t) = get(OtherTerm::NoDate, TermForm::Short) {
            self.no_date = t;
        }
        if let Some(t) = get(OtherTerm::NoDate, TermForm::Long) {
            if get(OtherTerm::NoDate, TermForm::Short).is_none() {
                self.no_date = t.clone();
            }
            self.no_date_long = t;
        }
        if let Some(t) = get(OtherTerm::And, TermForm::Long) {
            self.and = t;
        }
        if let Some(t) = get(OtherTerm::And, TermForm::Symbol) {
            self.and_symbol = t;
        }
        if let Some(t) = get(OtherTerm::InPress, TermForm::Long) {
            self.in_press = t;
        }
    }

    /// A work's date label (`Work::date_label`: "2003", "n.d.", "in
    /// press") in these terms.
    pub fn date_label(&self, label: String) -> String {
        match label.as_str() {
            "n.d." => self.no_date.clone(),
            "in press" => self.in_press.clone(),
            _ => label,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_pages_keep_the_built_in_words() {
        assert_eq!(Terms::for_language("en", "en"), Terms::english());
        assert_eq!(Terms::for_language("en-GB", "vi"), Terms::english());
    }

    #[test]
    fn vietnamese_terms_come_from_its_locale_and_fall_back_to_english() {
        let vi = Terms::for_language("vi", "en");
        assert_eq!(vi.et_al, "và c.s.");
        assert_eq!(vi.no_date, "không ngày");
        assert_eq!(vi.and, "và");
        // vi-VN has no symbol form of "and": en-US's "&".
        assert_eq!(vi.and_symbol, "&");
    }

    #[test]
    fn a_term_the_page_locale_lacks_comes_from_the_site_language() {
        // An unbundled language falls back to the site's (Arabic) terms.
        let terms = Terms::for_language("ku", "ar");
        assert_eq!(terms, Terms::for_language("ar", "ar"));
        assert_ne!(terms, Terms::english());
    }

    #[test]
    fn chinese_tags_find_the_simplified_locale_but_traditional_does_not() {
        assert_eq!(Terms::for_language("zh-Hans", "en").et_al, "等");
        assert_eq!(Terms::for_language("zh", "en").et_al, "等");
        assert_eq!(Terms::for_language("zh-Hant", "en"), Terms::english());
    }

    #[test]
    fn date_labels_are_translated() {
        let ar = Terms::for_language("ar", "en");
        assert_eq!(ar.date_label("n.d.".into()), "د.ت");
        assert_eq!(ar.date_label("2003".into()), "2003");
    }
}
