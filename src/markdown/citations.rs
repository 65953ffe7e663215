//! Placeholder until the evidence branch lands: pandoc citation syntax.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub span: Range<usize>,
    pub narrative: bool,
    pub items: Vec<CiteItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    pub key_span: Range<usize>,
    pub prefix: String,
    pub locator: Option<Locator>,
    pub suffix: String,
    pub suppress_author: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    pub value: String,
}

pub fn find_citations(_text: &str, _escaped: &dyn Fn(usize) -> bool) -> Vec<Citation> {
    Vec::new()
}
