//! `sheaf new DIR`: scaffolds a small site that builds at once with the
//! built-in theme. In a terminal it asks for the title, address and
//! organisation; with `--yes`, or without a terminal, it never asks.

use std::fs;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{EXIT_ENVIRONMENT, EXIT_USAGE, Ui, shell_quoted, shown};
use crate::cli::NewArgs;

const DEFAULT_TITLE: &str = "My Factsheets";
const DEFAULT_BASE_URL: &str = "https://example.org/";

/// The new site's files; `{title}`, `{base_url}`, `{booklet_title}` and
/// `{organisation}` are filled with TOML values.
const FILES: &[(&str, &str)] = &[
    (
        "sheaf.toml",
        r#"# Site configuration: see docs/configuration.md for every key.
title = {title}
base_url = {base_url}
description = "Short, evidence-linked factsheets."
language = "en"
bibliography = ["references.bib"]
citation_style = "apa"
taxonomies = ["outcomes"]

[print]
paper = "A4"
booklet_title = {booklet_title}
sections = ["factsheets"]

# Reading level for families (see docs/plain-language.md).
[check]
reading_grade = 8

# The built-in theme is used unless you add themes/<name>/ and set
# theme = "<name>" (`sheaf theme eject` copies it out for editing).
# Override single templates by copying them into templates/.

# Your organisation, logo, colours and menu: see docs/branding.md.
[brand]
{organisation}
"#,
    ),
    (
        "content/_index.md",
        r#"+++
title = {title}
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

/// What the new site is called and where it will live.
struct Answers {
    title: String,
    base_url: String,
    organisation: Option<String>,
}

pub fn run(ui: &Ui, args: &NewArgs) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let dir = cwd.join(&args.dir);
    if let Some((message, help)) = refusal(&dir, &args.dir, args.force) {
        ui.problem(&message, &help);
        return EXIT_USAGE;
    }
    let interactive =
        !args.yes && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let answers = if interactive {
        match ask(args) {
            Some(a) => a,
            None => {
                ui.problem(
                    "no answers were given",
                    "run sheaf new again, or pass --yes to use the defaults",
                );
                return EXIT_USAGE;
            }
        }
    } else {
        Answers {
            title: args.title.clone().unwrap_or_else(|| DEFAULT_TITLE.into()),
            base_url: args
                .base_url
                .clone()
                .unwrap_or_else(|| DEFAULT_BASE_URL.into()),
            organisation: args.organisation.clone(),
        }
    };
    if let Err(why) = check_base_url(&answers.base_url) {
        ui.problem(
            &format!("base URL: {why}"),
            "give the full address the site will be published at, e.g. --base-url https://example.org/families/",
        );
        return EXIT_USAGE;
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        // --force keeps what the folder already holds (.gitignore, README).
        if target.exists() {
            continue;
        }
        let written = target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&target, fill(text, &answers)));
        if let Err(e) = written {
            ui.problem(
                &format!("cannot write {}: {e}", target.display()),
                "check that the folder is writable",
            );
            return EXIT_ENVIRONMENT;
        }
    }
    ui.status(&format!(
        "Created a new site in {}/\n\nNext:\n  cd {}\n  sheaf serve --open      preview with live reload\n  sheaf add factsheets/my-first-page\n  sheaf build             build into public/",
        shown(&dir),
        shell_quoted(&shown(&dir))
    ));
    0
}

/// Why sheaf new will not write into `dir`, with a hint.
fn refusal(dir: &Path, given: &Path, force: bool) -> Option<(String, String)> {
    let shown_dir = given.display().to_string();
    if given
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
    {
        return Some((
            format!("{shown_dir} looks like a page, not a site folder"),
            format!(
                "sheaf new creates a whole site; to add a page to a site, run `sheaf add {}` inside it",
                shell_quoted(&given.with_extension("").display().to_string())
            ),
        ));
    }
    if let Some(site) = dir
        .ancestors()
        .skip(1)
        .find(|a| a.join(sheaf::config::CONFIG_FILE).is_file())
    {
        return Some((
            format!(
                "{shown_dir} is inside the site in {}, and a site inside a site breaks its build",
                match shown(site).as_str() {
                    "." => "this folder".to_string(),
                    other => other.to_string(),
                }
            ),
            "to add a page, run `sheaf add <section>/<slug>` in that site; to start another site, choose a folder outside it".into(),
        ));
    }
    if !dir.exists() {
        return None;
    }
    if !dir.is_dir() {
        return Some((
            format!("{shown_dir} is a file"),
            "choose a new folder name".into(),
        ));
    }
    let entries: Vec<String> = match fs::read_dir(dir) {
        Ok(d) => d
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(e) => {
            return Some((
                format!("cannot read {shown_dir}: {e}"),
                "check the folder's permissions".into(),
            ));
        }
    };
    if entries.is_empty() {
        return None;
    }
    let only_hidden_and_readme = entries
        .iter()
        .all(|n| n.starts_with('.') || n.to_ascii_lowercase().starts_with("readme"));
    match (force, only_hidden_and_readme) {
        (true, true) => None,
        (true, false) => Some((
            format!("{shown_dir} already holds files other than hidden files and a README"),
            "--force only writes into a folder holding hidden files (.git) and a README; choose a new folder".into(),
        )),
        (false, true) => Some((
            format!("{shown_dir} already exists"),
            "it holds only hidden files and a README: add --force to create the site in it (existing files are kept)".into(),
        )),
        (false, false) => Some((
            format!("{shown_dir} already exists and is not empty"),
            "choose a new folder name; sheaf new never overwrites files".into(),
        )),
    }
}

/// Asks for what the flags did not give, on stderr, reading stdin; `None`
/// when stdin closes before any answer.
fn ask(args: &NewArgs) -> Option<Answers> {
    let mut lines = std::io::stdin().lock().lines();
    let mut prompt = |question: &str, default: &str| -> Option<String> {
        let mut err = std::io::stderr();
        let shown_default = if default.is_empty() {
            String::new()
        } else {
            format!(" [{default}]")
        };
        // One write: stderr is unbuffered, and a terminal's echo of
        // answers typed ahead must not land inside the question.
        let _ = err.write_all(format!("{question}{shown_default}: ").as_bytes());
        let _ = err.flush();
        let line = lines.next()?.ok()?;
        let line = line.trim();
        Some(if line.is_empty() {
            default.to_string()
        } else {
            line.to_string()
        })
    };
    let title = match &args.title {
        Some(t) => t.clone(),
        None => prompt("Site title", DEFAULT_TITLE)?,
    };
    let base_url = match &args.base_url {
        Some(u) => u.clone(),
        None => loop {
            let url = prompt("Address it will be published at", DEFAULT_BASE_URL)?;
            match check_base_url(&url) {
                Ok(()) => break url,
                Err(why) => eprintln!("  {why}; write it like https://example.org/families/"),
            }
        },
    };
    let organisation = match &args.organisation {
        Some(o) => Some(o.clone()),
        None => Some(prompt(
            "Organisation (the author in \"how to cite\")",
            &title,
        )?)
        .filter(|o| !o.is_empty() && *o != title),
    };
    Some(Answers {
        title,
        base_url,
        organisation,
    })
}

fn check_base_url(url: &str) -> Result<(), String> {
    sheaf::config::normalise_base_url(url).map(|_| ())
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn fill(template: &str, answers: &Answers) -> String {
    let organisation = match &answers.organisation {
        Some(o) => format!("organisation = {}", toml_string(o)),
        None => "# organisation = \"Your organisation\"   # default: the title".into(),
    };
    template
        .replace("{title}", &toml_string(&answers.title))
        .replace("{base_url}", &toml_string(&answers.base_url))
        .replace(
            "{booklet_title}",
            &toml_string(&format!("{} – Print edition", answers.title)),
        )
        .replace("{organisation}", &organisation)
}
