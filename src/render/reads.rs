//! Fingerprints of the [`Read`]s of render jobs: a job's fingerprint is
//! the hash of what it reads, so a rebuild renders again exactly the jobs
//! whose fingerprint changed (or that are new). A [`Read::Page`] is
//! fingerprinted by the page's revision, which the caller bumps when it
//! loads a changed file; [`Read::Config`] and [`Read::Templates`] hash to a
//! constant, because a change to either rebuilds everything.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

// Fast and good enough to tell two versions of a preview's input apart;
// nothing here is an adversary's hash table.
use rustc_hash::FxHasher as DefaultHasher;

use super::evidence_pages::source_keys;
use super::jobs::{Read, RenderJob};
use crate::ids::{PageId, SectionId, TiVec};
use crate::site::SiteData;

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// The fingerprint of every read of one site, computed once per kind and
/// kept between a session's rebuilds ([`Facts::update_pages`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    page: TiVec<PageId, u64>,
    page_link: TiVec<PageId, u64>,
    page_listing: TiVec<PageId, u64>,
    section_link: TiVec<SectionId, u64>,
    section_listing: TiVec<SectionId, u64>,
    cited_in: HashMap<String, u64>,
    source_list: u64,
}

/// What [`Read::Page`] of page `p` hashes: its revision, URL, section and
/// whether it links to a PDF.
fn page_fact(data: &SiteData, p: PageId, revision: &dyn Fn(PageId) -> u64) -> u64 {
    let page = &data.content.pages[p];
    let pdf = data.print_extras.get(p).map(|e| e.pdf_url.is_some());
    hash_of((revision(p), &page.site_path, page.section, pdf))
}

fn page_link_fact(data: &SiteData, p: PageId) -> u64 {
    let page = &data.content.pages[p];
    hash_of((&page.front.title, &page.site_path))
}

/// What listings show of page `p` ([`Read::PageListing`]).
fn page_listing_fact(data: &SiteData, p: PageId) -> u64 {
    let content = &data.content;
    let page = &content.pages[p];
    let mut h = DefaultHasher::default();
    let f = &page.front;
    (&f.title, &f.summary, &page.site_path).hash(&mut h);
    f.date.as_ref().map(|d| d.ymd()).hash(&mut h);
    f.evidence_level.map(|l| l.as_str()).hash(&mut h);
    for (t, slugs) in page.terms.iter_enumerated() {
        for slug in slugs {
            let name = content.taxonomies[t].term(slug).map(|x| &x.name);
            (t, slug, name).hash(&mut h);
        }
    }
    h.finish()
}

impl Facts {
    pub fn new(data: &SiteData, revision: &dyn Fn(PageId) -> u64) -> Self {
        let content = &data.content;
        let pages = content.pages.keys();
        let page = pages
            .clone()
            .map(|p| page_fact(data, p, revision))
            .collect();
        let page_link = pages.clone().map(|p| page_link_fact(data, p)).collect();
        let page_listing = pages.map(|p| page_listing_fact(data, p)).collect();
        let sections = &content.sections;
        let section_link = sections
            .iter()
            .map(|s| hash_of((&s.title, &s.site_path)))
            .collect();
        let section_listing = sections
            .iter()
            .map(|s| hash_of((&s.title, &s.front.summary, &s.site_path, s.pages.len())))
            .collect();
        let source_list = data
            .evidence
            .as_deref()
            .map_or(0, |e| hash_of(source_keys(e)));
        let cited_in = (data.evidence.as_deref().into_iter())
            .flat_map(|e| &e.linked.backlinks.by_key)
            .map(|(key, links)| (key.clone(), hash_of(links)))
            .collect();
        Facts {
            page,
            page_link,
            page_listing,
            section_link,
            section_listing,
            cited_in,
            source_list,
        }
    }

    /// Takes in what changed of `pages`: their own file (a new revision,
    /// a PDF link) and what links and listings show of them. Everything
    /// else a fact covers comes from site-wide stages, whose rerun makes
    /// the facts again ([`Facts::new`]).
    pub fn update_pages(
        &mut self,
        data: &SiteData,
        pages: &[PageId],
        revision: &dyn Fn(PageId) -> u64,
    ) {
        for &p in pages {
            self.page[p] = page_fact(data, p, revision);
            self.page_link[p] = page_link_fact(data, p);
            self.page_listing[p] = page_listing_fact(data, p);
        }
    }

    fn of(&self, data: &SiteData, read: &Read) -> u64 {
        let content = &data.content;
        match read {
            Read::Config | Read::Templates | Read::AllPages => 0,
            Read::Page(p) => self.page[*p],
            Read::PageLink(p) | Read::PreviousPage(p) | Read::NextPage(p) => self.page_link[*p],
            Read::PageListing(p) => self.page_listing[*p],
            // Sections' own files change only in full rebuilds.
            Read::Section(s) => hash_of(&content.sections[*s].site_path),
            Read::SectionLink(s) => self.section_link[*s],
            Read::SectionListing(s) => self.section_listing[*s],
            Read::Term(t) => {
                let term = &content.taxonomies[t.taxonomy].terms[t.term];
                hash_of((&term.name, &term.slug))
            }
            Read::TermListing(t) => {
                let term = &content.taxonomies[t.taxonomy].terms[t.term];
                hash_of((&term.name, &term.slug, term.pages.len()))
            }
            // The bibliography and notes change only in full rebuilds.
            Read::Source(key) => hash_of(key),
            Read::CitedIn(key) => self.cited_in.get(key.as_str()).copied().unwrap_or(0),
            Read::SourceList => self.source_list,
        }
    }
}

/// The fingerprint of `job` (`None` when it is deferred or has no path):
/// the hash of the job and of each of its reads with its fact.
pub fn fingerprint(data: &SiteData, facts: &Facts, job: &RenderJob) -> Option<u64> {
    if job.path.is_none() || job.deferred() {
        return None;
    }
    let mut h = DefaultHasher::default();
    job.job.hash(&mut h);
    for read in &job.reads {
        read.hash(&mut h);
        facts.of(data, read).hash(&mut h);
    }
    Some(h.finish())
}
