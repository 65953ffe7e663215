//! A source page's "Cited in" list grouped by the language of the citing
//! pages: the source pages are shared by every language (one per source,
//! in the site's default language), so a reader sees which pages cite the
//! source in each language.

use serde::Serialize;

use super::{Language, Languages};

/// The citing documents of one language, for `source.cited_in_languages`.
#[derive(Debug, Serialize)]
pub struct LanguageGroup<'a, T> {
    /// `lang` and `dir` of the group, and its heading (the language's name
    /// in itself).
    pub language: &'a Language,
    pub items: Vec<T>,
}

/// `items` (each with its language, `None` for the default) grouped by
/// language: the default language first, then the others by tag. Empty when only default-language documents
/// cite the source, which then keeps its one plain list.
pub fn group_by_language<'a, T>(
    languages: &'a Languages,
    items: Vec<(Option<&str>, T)>,
) -> Vec<LanguageGroup<'a, T>> {
    if items.iter().all(|(lang, _)| lang.is_none()) {
        return Vec::new();
    }
    let mut groups: Vec<LanguageGroup<'a, T>> = std::iter::once(&languages.default)
        .chain(&languages.others)
        .map(|language| LanguageGroup {
            language,
            items: Vec::new(),
        })
        .collect();
    for (lang, item) in items {
        let language = languages.get(lang);
        if let Some(group) = groups
            .iter_mut()
            .find(|g| std::ptr::eq(g.language, language))
        {
            group.items.push(item);
        }
    }
    groups.retain(|g| !g.items.is_empty());
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::i18n::{LanguageEntry, LanguagesTable};

    fn languages() -> Languages {
        let mut table = LanguagesTable::new();
        for (tag, name) in [("vi", "Tiếng Việt"), ("ar", "العربية")] {
            let entry = LanguageEntry {
                name: name.into(),
                dir: None,
            };
            table.insert(tag.into(), entry);
        }
        Languages::resolve("en", &table, &SourceFile::new("sheaf.toml", "")).unwrap()
    }

    #[test]
    fn groups_follow_the_default_then_the_configured_order() {
        let languages = languages();
        let items = vec![(Some("vi"), 1), (None, 2), (Some("vi"), 3), (Some("ar"), 4)];
        let groups = group_by_language(&languages, items);
        let shown: Vec<(&str, Vec<i32>)> = groups
            .iter()
            .map(|g| (g.language.tag.as_str(), g.items.clone()))
            .collect();
        assert_eq!(
            shown,
            [("en", vec![2]), ("ar", vec![4]), ("vi", vec![1, 3])]
        );
    }

    #[test]
    fn a_source_cited_only_in_the_default_language_is_not_grouped() {
        let languages = languages();
        assert!(group_by_language(&languages, vec![(None, 1), (None, 2)]).is_empty());
    }
}
