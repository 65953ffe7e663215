//! The render-job list kept between `sheaf serve`'s rebuilds: each job
//! with its fingerprint (`render::reads`), the facts those are made from,
//! and which jobs read each page. An edit that changes only pages' own
//! data is taken in by [`JobTable::patch`], whose work is the jobs that
//! read the edited pages, not the site; anything else makes the table
//! again ([`JobTable::new`]) and [`JobTable::replace`] says what differs.

use rustc_hash::FxHashMap;

use super::jobs::{self, Job, Read, RenderJob};
use super::reads::{Facts, fingerprint};
use crate::ids::{PageId, TiVec};
use crate::site::SiteData;

/// The job list of one build and what a rebuild needs to patch it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobTable {
    jobs: Vec<RenderJob>,
    /// One per job: `None` for deferred jobs and jobs without a path.
    fingerprints: Vec<Option<u64>>,
    facts: Facts,
    /// Job index by output path.
    by_path: FxHashMap<String, usize>,
    /// Per page: the jobs with a read of that page.
    readers: TiVec<PageId, Vec<usize>>,
    /// Per page: the jobs it owns ([`jobs::own_jobs`]), in list order.
    own: TiVec<PageId, Vec<usize>>,
    own_robots: bool,
}

/// What changed between two tables ([`JobTable::replace`]).
pub struct Difference {
    /// Jobs of the new table to render (new or with a new fingerprint).
    pub dirty: Vec<usize>,
    /// Paths the new table has and the old one had not.
    pub added: Vec<String>,
    /// Paths the old table had and the new one has not.
    pub removed: Vec<String>,
}

impl JobTable {
    /// The job list of `data` with its fingerprints; `revision` says which
    /// version of each page's file the data holds.
    pub fn new(data: &SiteData, own_robots: bool, revision: &dyn Fn(PageId) -> u64) -> Self {
        Self::of_jobs(data, jobs::jobs(data, own_robots), own_robots, revision)
    }

    /// The table of a list [`jobs::jobs`] made.
    pub fn of_jobs(
        data: &SiteData,
        jobs: Vec<RenderJob>,
        own_robots: bool,
        revision: &dyn Fn(PageId) -> u64,
    ) -> Self {
        let facts = Facts::new(data, revision);
        let fingerprints = jobs.iter().map(|j| fingerprint(data, &facts, j)).collect();
        let pages = data.content.pages.len();
        let mut readers: TiVec<PageId, Vec<usize>> = vec![Vec::new(); pages].into();
        let mut own: TiVec<PageId, Vec<usize>> = vec![Vec::new(); pages].into();
        let mut by_path = FxHashMap::default();
        for (i, job) in jobs.iter().enumerate() {
            if let Some(path) = &job.path {
                by_path.insert(path.clone(), i);
            }
            if let Some(page) = owner(&job.job) {
                own[page].push(i);
            }
            let mut read_pages: Vec<PageId> = job.reads.iter().filter_map(read_page).collect();
            read_pages.sort_unstable();
            read_pages.dedup();
            for p in read_pages {
                readers[p].push(i);
            }
        }
        JobTable {
            jobs,
            fingerprints,
            facts,
            by_path,
            readers,
            own,
            own_robots,
        }
    }

    pub fn jobs(&self) -> &[RenderJob] {
        &self.jobs
    }

    pub fn own_robots(&self) -> bool {
        self.own_robots
    }

    /// Every output path of the list.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.by_path.keys().map(String::as_str)
    }

    /// Takes in edits that changed `pages` (edited, or with a new PDF
    /// link) and nothing a site-wide stage makes: returns the jobs to
    /// render again, or `None` when the pages' own jobs are no longer the
    /// ones listed (an alias or a citation file came or went), so the list
    /// must be made again.
    pub fn patch(
        &mut self,
        data: &SiteData,
        pages: &[PageId],
        revision: &dyn Fn(PageId) -> u64,
    ) -> Option<Vec<usize>> {
        for &p in pages {
            let kept = self.own[p].iter().map(|&i| &self.jobs[i]);
            if !kept.eq(jobs::own_jobs(data, p).iter()) {
                return None;
            }
        }
        self.facts.update_pages(data, pages, revision);
        let mut affected: Vec<usize> = pages
            .iter()
            .flat_map(|&p| self.readers[p].iter().copied())
            .collect();
        affected.sort_unstable();
        affected.dedup();
        let mut dirty = Vec::new();
        for i in affected {
            let new = fingerprint(data, &self.facts, &self.jobs[i]);
            if new != self.fingerprints[i] {
                self.fingerprints[i] = new;
                dirty.push(i);
            }
        }
        Some(dirty)
    }

    /// Replaces this table by `new`, made from the same site after edits:
    /// which of its jobs to render and which paths came and went.
    pub fn replace(&mut self, new: JobTable) -> Difference {
        let old = std::mem::replace(self, new);
        let mut dirty = Vec::new();
        let mut added = Vec::new();
        for (i, job) in self.jobs.iter().enumerate() {
            let Some(path) = &job.path else {
                continue;
            };
            match old.by_path.get(path) {
                Some(&o) if old.fingerprints[o] == self.fingerprints[i] => {}
                Some(_) => dirty.push(i),
                None => {
                    added.push(path.clone());
                    dirty.push(i);
                }
            }
        }
        let removed = (old.by_path.keys())
            .filter(|p| !self.by_path.contains_key(*p))
            .cloned()
            .collect();
        Difference {
            dirty: dirty
                .into_iter()
                .filter(|&i| !self.jobs[i].deferred())
                .collect(),
            added,
            removed,
        }
    }
}

/// The page that owns a job ([`jobs::own_jobs`]).
fn owner(job: &Job) -> Option<PageId> {
    match job {
        Job::Page(p) | Job::Alias { page: p, .. } | Job::CiteFile { page: p, .. } => Some(*p),
        _ => None,
    }
}

/// The page a read is about, if it is about one.
fn read_page(read: &Read) -> Option<PageId> {
    match read {
        Read::Page(p)
        | Read::PageLink(p)
        | Read::PreviousPage(p)
        | Read::NextPage(p)
        | Read::PageListing(p) => Some(*p),
        _ => None,
    }
}
