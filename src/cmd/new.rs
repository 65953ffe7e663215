//! `sheaf new DIR`: scaffolds a small site that builds at once with the
//! built-in theme.

use std::fs;
use std::path::Path;

use super::{EXIT_ENVIRONMENT, EXIT_USAGE, Ui, shown};

const FILES: &[(&str, &str)] = &[
    (
        "sheaf.toml",
        r#"# Site configuration: see docs/configuration.md for every key.
title = "My Factsheets"
base_url = "https://example.org/"
description = "Short, evidence-linked factsheets."
language = "en"
bibliography = ["references.bib"]
citation_style = "apa"
taxonomies = ["outcomes"]

[print]
paper = "A4"
booklet_title = "My Factsheets – Print edition"
sections = ["factsheets"]

# Reading level for families (see docs/plain-language.md).
[check]
reading_grade = 8

# The built-in theme is used unless you add themes/<name>/ and set
# theme = "<name>". Override single templates by copying them into templates/.
"#,
    ),
    (
        "content/_index.md",
        r#"+++
title = "My Factsheets"
summary = "Short factsheets for families, each linked to the research behind it."
+++

Welcome. Start with the [factsheets](@/factsheets/_index.md).
"#,
    ),
    (
        "content/factsheets/_index.md",
        r#"+++
title = "Factsheets"
summary = "Practical factsheets for families and schools."
sort_by = "weight"
+++
"#,
    ),
    (
        "content/factsheets/reading-together.md",
        r#"+++
title = "Reading together"
summary = "Why sharing books at home helps children learn, and simple ways to start."
date = 2025-01-15
weight = 10
evidence_level = "moderate"
[taxonomies]
outcomes = ["Early literacy"]
+++

## Why it matters

Talking about books at home builds the language children use at school
[@example2020, p. 4].

## Things to try

- Let your child choose the book.
- Ask what they think will happen next.
"#,
    ),
    (
        "content/evidence/example2020.md",
        r#"+++
design = "literature review"
evidence_level = "moderate"
summary = "Replace this example with notes on a real source."
+++

Notes about a source go here: what kind of study it is, and what the
factsheets use it for.
"#,
    ),
    (
        "references.bib",
        r#"@book{example2020,
  author    = {Example, Alex},
  title     = {Replace this entry with a real source},
  year      = {2020},
  publisher = {Example Press}
}
"#,
    ),
    ("static/.gitkeep", ""),
    (".gitignore", "/public\n/.public.sheaf-*\n/.sheaf-cache\n"),
];

pub fn run(ui: &Ui, dir: &Path) -> i32 {
    if dir.exists()
        && fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        ui.problem(
            &format!("{} already exists and is not empty", dir.display()),
            "choose a new folder name; sheaf new never overwrites files",
        );
        return EXIT_USAGE;
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&target, text));
        if let Err(e) = written {
            ui.problem(
                &format!("cannot write {}: {e}", target.display()),
                "check that the folder is writable",
            );
            return EXIT_ENVIRONMENT;
        }
    }
    ui.status(&format!(
        "Created a new site in {0}/\n\nNext:\n  cd {0}\n  sheaf serve --open      preview with live reload\n  sheaf build             build into public/",
        shown(dir)
    ));
    0
}
