//! The shape of the source tree: no module imports a module that imports
//! it back (directly or round a longer loop). Each file under `src/` is a
//! module; an edge is a `crate::…` path anywhere in its code or a
//! `super::…` import, resolved to the deepest file it names. A parent's
//! own `mod child;` and `pub use child::…` are not edges: a parent owns
//! its children. docs/architecture.md says which way each stage points.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path of every `.rs` file under `src/` (`["render", "jobs"]`).
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                if parts == ["lib"] || parts == ["main"] {
                    continue;
                }
                found.insert(parts, path);
            }
        }
    }
    found
}

/// The code of a file without its comments (doc comments name modules
/// without importing them).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = &tree[..open];
    let close = tree.rfind('}').filter(|&c| c > open).unwrap_or(tree.len());
    let inner = &tree[open + 1..close];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|i| !i.trim().is_empty())
        .flat_map(|i| expand(i).into_iter().map(move |e| format!("{prefix}{e}")))
        .collect()
}

/// The module paths a file refers to: absolute segment lists.
fn references(module: &[String], text: &str) -> Vec<Vec<String>> {
    let code = code(text);
    let mut paths = Vec::new();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    // `use` statements, braces expanded, `crate::` and `super::` alike.
    for statement in code.split(';') {
        // A `use` starts a line (after `pub`, `pub(crate)`, …).
        let Some(at) = statement.lines().rev().find_map(|line| {
            let line = line.trim_start();
            let line = line
                .strip_prefix("pub")
                .map(|l| l.trim_start_matches(|c: char| c != ' ' && c != 'u'))
                .unwrap_or(line)
                .trim_start();
            line.strip_prefix("use ")
        }) else {
            continue;
        };
        let tree: String = at.split_whitespace().collect();
        // `use super::*;` is a test module's import of its own file.
        if tree == "super::*" {
            continue;
        }
        for path in expand(&tree) {
            let path = path.split(" as ").next().unwrap_or_default().to_string();
            let mut segments: Vec<&str> = path.split("::").collect();
            let base: Vec<String> = match segments.first() {
                Some(&"crate") => Vec::new(),
                Some(&"super") => {
                    let mut base = module.to_vec();
                    while segments.first() == Some(&"super") {
                        base.pop();
                        segments.remove(0);
                    }
                    segments.insert(0, "super");
                    base
                }
                _ => continue,
            };
            let mut full = base;
            full.extend(segments[1..].iter().map(|s| s.to_string()));
            paths.push(full);
        }
    }
    // `crate::a::b` written inline in code.
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + 7..];
        let end = after
            .find(|c: char| !(is_ident(c) || c == ':'))
            .unwrap_or(after.len());
        paths.push(
            after[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        );
        rest = &after[end..];
    }
    paths
}

/// The deepest module a path names.
fn resolve(path: &[String], modules: &BTreeMap<Vec<String>, PathBuf>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains_key(prefix))
}

/// Every cycle's modules, one list per strongly connected component.
fn cycles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<String>> {
    // Two modules are in one cycle when each reaches the other.
    let reach = |from: &Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(m) = stack.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    let mut done = BTreeSet::new();
    let mut found = Vec::new();
    for (m, from_m) in &reached {
        if done.contains(*m) || !from_m.contains(*m) {
            continue;
        }
        let component: Vec<String> = from_m
            .iter()
            .filter(|o| reached.get(o).is_some_and(|r| r.contains(*m)))
            .inspect(|o| {
                done.insert((*o).clone());
            })
            .map(|o| o.join("/"))
            .collect();
        found.push(component);
    }
    found
}

fn import_graph(src: &Path) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules = modules(src);
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let targets = edges.entry(module.clone()).or_default();
        for path in references(module, &text) {
            if let Some(target) = resolve(&path, &modules) {
                // A module's own descendants are its to use.
                if target != *module && !target.starts_with(module) {
                    targets.insert(target);
                }
            }
        }
    }
    edges
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found: Vec<String> = cycles(&import_graph(&src))
        .iter()
        .map(|c| c.join(" <-> "))
        .collect();
    assert!(
        found.is_empty(),
        "import cycles between modules (each line is one loop's members; \
         move the type both use down into a module neither imports, \
         docs/architecture.md):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("serve")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod site;\npub mod serve;\n").unwrap();
    std::fs::write(src.join("site.rs"), "use crate::serve::session::State;\n").unwrap();
    std::fs::write(src.join("serve/mod.rs"), "mod session;\n").unwrap();
    std::fs::write(
        src.join("serve/session.rs"),
        "use crate::{config, site::{SiteData, Other}};\n",
    )
    .unwrap();
    std::fs::write(src.join("config.rs"), "// use crate::site;\n").unwrap();
    let found = cycles(&import_graph(src));
    assert_eq!(
        found,
        vec![vec!["serve/session".to_string(), "site".to_string()]]
    );
}
