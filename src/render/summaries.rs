//! The listing entry of each page (`section.pages`, `term.pages`), made
//! once per render and shared by every section and term page listing it:
//! a page tagged with five terms was converted to a template value six
//! times, and its entry cost more than the card drawn from it.

use std::sync::OnceLock;

use tera::Value;

use crate::ids::PageId;
use crate::site::SiteData;

/// Each page's [`PageSummary`](super::context::PageSummary) as a template
/// value, made when first listed. Values share their contents, so a
/// listing holds references, not copies.
pub struct Summaries {
    values: Vec<OnceLock<Value>>,
}

impl Summaries {
    pub fn new(data: &SiteData) -> Self {
        Summaries {
            values: (0..data.content.pages.len())
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// Page `page`'s entry.
    pub fn get(&self, data: &SiteData, page: PageId) -> Value {
        self.values[page.index()]
            .get_or_init(|| Value::from_serializable(&data.page_summary(page)))
            .clone()
    }

    /// Frees the entries on a worker thread: a large site's are some ten
    /// thousand maps, and the build's last steps need not wait for them.
    pub fn drop_aside(self) {
        rayon::spawn(move || drop(self));
    }

    /// The entries of `pages`, in order, as one list value.
    pub fn list(&self, data: &SiteData, pages: &[PageId]) -> Value {
        Value::from(
            pages
                .iter()
                .map(|&p| self.get(data, p))
                .collect::<Vec<Value>>(),
        )
    }
}

/// `value`, a struct's template value, with `pages` added: the context of
/// a listing page whose entries come from [`Summaries`].
pub fn with_pages(value: Value, pages: Value) -> Value {
    let mut map = value.into_map().expect("a listing context is a struct");
    map.insert("pages".into(), pages);
    Value::from(map)
}
