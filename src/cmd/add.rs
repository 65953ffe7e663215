//! `sheaf add <section>/<slug>`: creates a draft page with complete front
//! matter in an existing section, and says where it is and where it will
//! be published.

use std::fs;
use std::path::Path;

use sheaf::config::Config;

use super::{EXIT_ENVIRONMENT, EXIT_USAGE, Ui, find_root, shown};
use crate::cli::AddArgs;

pub fn run(ui: &Ui, args: &AddArgs) -> i32 {
    let root = match find_root(ui, args.root.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let config = match Config::load(&root) {
        Ok(c) => c,
        Err(diags) => {
            ui.diagnostics(&diags);
            return EXIT_USAGE;
        }
    };
    let written = args.path.trim().trim_matches('/');
    let written = written.strip_suffix(".md").unwrap_or(written);
    let (section, slug) = match written.rsplit_once('/') {
        Some((s, slug)) => (s, slug),
        None => ("", written),
    };
    let clean = slug::slugify(slug);
    if slug.is_empty() || clean != slug {
        ui.problem(
            &format!("`{slug}` is not a slug"),
            &format!(
                "a slug becomes the page's address: lowercase letters, digits and hyphens, e.g. `{}`",
                if clean.is_empty() { "my-page" } else { &clean }
            ),
        );
        return EXIT_USAGE;
    }
    let content = root.join("content");
    let section_dir = content.join(section);
    if !section.is_empty() && !section_dir.join("_index.md").is_file() {
        ui.problem(
            &format!("there is no section `{section}` (no content/{section}/_index.md)"),
            &section_help(&content, section),
        );
        return EXIT_USAGE;
    }
    let file = section_dir.join(format!("{slug}.md"));
    let bundle = section_dir.join(slug).join("index.md");
    if let Some(existing) = [&file, &bundle].into_iter().find(|p| p.exists()) {
        ui.problem(
            &format!("{} already exists", shown(existing)),
            "sheaf add never overwrites a page; choose another slug or edit that file",
        );
        return EXIT_USAGE;
    }
    if let Err(e) = fs::write(&file, front_matter(slug, &config.taxonomies)) {
        ui.problem(
            &format!("cannot write {}: {e}", shown(&file)),
            "check that the folder is writable",
        );
        return EXIT_ENVIRONMENT;
    }
    let site_path = if section.is_empty() {
        format!("{slug}/")
    } else {
        format!("{section}/{slug}/")
    };
    ui.status(&format!(
        "Created {}\n  at {} once published (it is a draft: `sheaf serve --drafts` shows it; remove `draft = true` to publish it)",
        shown(&file),
        config.permalink_for(&site_path)
    ));
    0
}

/// The sections there are, for the message about one that is missing.
fn section_help(content: &Path, missing: &str) -> String {
    let mut sections: Vec<String> = walkdir::WalkDir::new(content)
        .min_depth(2)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "_index.md")
        .filter_map(|e| {
            let dir = e.path().parent()?.strip_prefix(content).ok()?;
            Some(dir.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    sections.sort();
    if sections.is_empty() {
        return format!(
            "create content/{missing}/_index.md first (a `title` is enough), or add the page at the top: `sheaf add <slug>`"
        );
    }
    let suggestions = sheaf::diagnostics::closest(missing, sections.iter().map(String::as_str));
    let known = sections.join(", ");
    match sheaf::diagnostics::did_you_mean(&suggestions) {
        Some(hint) => format!("{hint} The sections are: {known}"),
        None => format!("the sections are: {known}; or create content/{missing}/_index.md first"),
    }
}

/// Title from the slug (`reading-together` -> "Reading together").
fn title_of(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn today() -> String {
    humantime::format_rfc3339(std::time::SystemTime::now()).to_string()[..10].to_string()
}

fn front_matter(slug: &str, taxonomies: &[String]) -> String {
    let title = toml::Value::String(title_of(slug)).to_string();
    let mut text = format!(
        "+++\ntitle = {title}\nsummary = \"One sentence on what this page is for: shown under the title and in lists.\"\ndate = {}\ndraft = true\n# weight = 10\n# kind = \"factsheet\"          # what the theme calls it; see docs/branding.md\n# evidence_level = \"moderate\"  # strong, moderate or emerging\n",
        today()
    );
    if !taxonomies.is_empty() {
        text.push_str("\n[taxonomies]\n");
        for t in taxonomies {
            text.push_str(&format!("{t} = []\n"));
        }
    }
    text.push_str("+++\n\nWrite the page here. Cite a source by its key in square brackets with an @, as the example factsheet does.\n");
    text
}
