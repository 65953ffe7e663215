//! The in-text rules that depend on the whole bibliography, not one work:
//! initials when different first authors share a surname (APA 7 §8.20) and
//! extra names when two "X et al." of the same year would read alike
//! although their author lists differ (§8.18). Chicago and Harvard follow
//! the same practice (CMOS 15.28, Cite Them Right), so it is not APA-only.

use std::collections::{HashMap, HashSet};

use super::intext::{AuthorForm, Family, cited_names};
use super::names::{initials_first, sort_fold};
use super::work::Work;

/// Every work's [`AuthorForm`], by key. Works that need nothing special
/// are left out.
pub(crate) fn author_forms(family: Family, works: &[&Work]) -> HashMap<String, AuthorForm> {
    let initials = surnames_needing_initials(works);
    let mut forms: HashMap<String, AuthorForm> = HashMap::new();
    for w in works {
        if let Some(first) = cited_names(w).first()
            && first.given.is_some()
            && initials.contains(&sort_fold(&first.surname()))
        {
            forms.entry(w.key.clone()).or_default().first_initials = true;
        }
    }
    // "X et al." works of one year, grouped by their first author (the
    // person, as initials tell different people apart already).
    let mut groups: HashMap<(String, String), Vec<&Work>> = HashMap::new();
    for w in works {
        let names = cited_names(w);
        if names.len() >= family.et_al_from() {
            groups
                .entry((sort_fold(&initials_first(&names[0], true)), w.date_label()))
                .or_default()
                .push(w);
        }
    }
    for group in groups.values() {
        for w in group {
            let mine = surnames(w);
            let need = group
                .iter()
                .map(|other| surnames(other))
                .filter(|theirs| *theirs != mine)
                .map(|theirs| common_prefix(&mine, &theirs) + 1)
                .max();
            if let Some(need) = need {
                // One name short of the whole list: write the whole list.
                let shown = if need + 1 >= mine.len() {
                    mine.len()
                } else {
                    need
                };
                forms.entry(w.key.clone()).or_default().names_shown = Some(shown);
            }
        }
    }
    forms
}

/// Folded surnames of first authors that belong to more than one person
/// ("J. Bryan" and "C. Bryan").
fn surnames_needing_initials(works: &[&Work]) -> HashSet<String> {
    let mut people: HashMap<String, HashSet<String>> = HashMap::new();
    for w in works {
        if let Some(first) = cited_names(w).first()
            && first.given.is_some()
        {
            people
                .entry(sort_fold(&first.surname()))
                .or_default()
                .insert(sort_fold(&initials_first(first, true)));
        }
    }
    people
        .into_iter()
        .filter(|(_, who)| who.len() > 1)
        .map(|(surname, _)| surname)
        .collect()
}

fn surnames(w: &Work) -> Vec<String> {
    cited_names(w)
        .iter()
        .map(|n| sort_fold(&n.surname()))
        .collect()
}

fn common_prefix(a: &[String], b: &[String]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}
