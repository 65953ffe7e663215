//! The first steps (issue 18): `sheaf new` (its prompts in a terminal,
//! `--yes`, its refusals, `--force`), `sheaf add`, `sheaf theme eject`, and
//! templates ported from Zola using Tera 1's filters.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::harness::{Site, sheaf_in};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `sheaf <args>` in `dir` inside a pseudo-terminal (util-linux
/// `script`), typing `input`; returns what the terminal showed.
fn in_terminal(dir: &Path, args: &str, input: &str) -> (i32, String) {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .expect("this test drives sheaf through a pseudo-terminal with util-linux `script` (apt-get install -y util-linux)");
    let sheaf = shlex::try_quote(env!("CARGO_BIN_EXE_sheaf"))
        .unwrap()
        .into_owned();
    let mut child = Command::new(script)
        .args(["-qec", &format!("{sheaf} {args}"), "/dev/null"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run script");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().expect("wait for script");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn new_in_a_terminal_asks_for_title_address_and_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let (code, screen) = in_terminal(
        dir.path(),
        "new river",
        "River Guides\nnot an address\nhttps://example.org/river/\nRiver District\n",
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Site title [My Factsheets]"), "{screen}");
    assert!(
        screen.contains("is not a valid URL"),
        "asks again after a bad address:\n{screen}"
    );
    let config = read(&dir.path().join("river/sheaf.toml"));
    assert!(config.contains("title = \"River Guides\""), "{config}");
    assert!(
        config.contains("base_url = \"https://example.org/river/\""),
        "{config}"
    );
    assert!(
        config.contains("organisation = \"River District\""),
        "{config}"
    );
    let built = sheaf_in(&dir.path().join("river"), &["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
}

#[test]
fn new_in_a_terminal_with_yes_never_asks() {
    let dir = tempfile::tempdir().unwrap();
    let (code, screen) = in_terminal(
        dir.path(),
        "new site --yes --title 'Family Guides' --organisation 'Acme Schools'",
        "",
    );
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("Site title"), "{screen}");
    let config = read(&dir.path().join("site/sheaf.toml"));
    assert!(config.contains("title = \"Family Guides\""), "{config}");
    assert!(
        config.contains("organisation = \"Acme Schools\""),
        "{config}"
    );
    assert!(
        config.contains("base_url = \"https://example.org/\""),
        "{config}"
    );
}

#[test]
fn new_without_a_terminal_uses_the_defaults_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let run = sheaf_in(dir.path(), &["new", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = read(&dir.path().join("site/sheaf.toml"));
    assert!(config.contains("title = \"My Factsheets\""), "{config}");
    assert!(config.contains("# organisation = "), "{config}");
    let built = sheaf_in(&dir.path().join("site"), &["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
}

#[test]
fn new_quotes_a_path_with_spaces_in_its_hint() {
    let dir = tempfile::tempdir().unwrap();
    let run = sheaf_in(dir.path(), &["new", "My Site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("cd 'My Site'"), "{}", run.stderr);
}

#[test]
fn new_refuses_a_path_ending_in_md_and_names_sheaf_add() {
    let dir = tempfile::tempdir().unwrap();
    let run = sheaf_in(dir.path(), &["new", "factsheets/x.md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("sheaf add factsheets/x"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("factsheets").exists());
}

#[test]
fn new_refuses_a_folder_inside_an_existing_site() {
    let site = Site::fixture("brand/kinds");
    let run = site.sheaf(&["new", "content/nested"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("inside the site"), "{}", run.stderr);
    assert!(run.stderr.contains("sheaf add"), "{}", run.stderr);
    assert!(!site.root().join("content/nested").exists());
}

#[test]
fn new_force_writes_into_a_folder_holding_only_hidden_files_and_a_readme() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("repo");
    std::fs::create_dir_all(target.join(".git")).unwrap();
    std::fs::write(target.join("README.md"), "# Our site\n").unwrap();
    std::fs::write(target.join(".gitignore"), "/mine\n").unwrap();
    let refused = sheaf_in(dir.path(), &["new", "repo"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    let run = sheaf_in(dir.path(), &["new", "repo", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(target.join("sheaf.toml").is_file());
    assert_eq!(read(&target.join("README.md")), "# Our site\n");
    assert_eq!(
        read(&target.join(".gitignore")),
        "/mine\n",
        "existing files are kept"
    );
}

#[test]
fn new_force_still_refuses_a_folder_with_other_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("busy")).unwrap();
    std::fs::write(dir.path().join("busy/notes.txt"), "mine").unwrap();
    let run = sheaf_in(dir.path(), &["new", "busy", "--force"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!dir.path().join("busy/sheaf.toml").exists());
}

#[test]
fn add_creates_a_draft_page_with_complete_front_matter() {
    let site = Site::fixture("brand/kinds");
    let run = site.sheaf(&["add", "guides/choosing-a-school"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/guides/choosing-a-school.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("https://example.org/guides/choosing-a-school/"),
        "{}",
        run.stderr
    );
    let text = read(&site.root().join("content/guides/choosing-a-school.md"));
    assert!(text.contains("title = \"Choosing a school\""), "{text}");
    assert!(text.contains("draft = true"), "{text}");
    assert!(text.contains("outcomes = []"), "{text}");
    let date = text
        .lines()
        .find_map(|l| l.strip_prefix("date = "))
        .expect("a date");
    assert!(
        date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "{date}"
    );
    // A draft: left out of a plain build, built with --drafts.
    site.build();
    assert!(!site.public().join("guides/choosing-a-school").exists());
    let drafts = site.sheaf(&["build", "--drafts"]);
    assert_eq!(drafts.code, 0, "{}", drafts.stderr);
    let html = site.read("guides/choosing-a-school/index.html");
    assert!(html.contains("Choosing a school"));
}

#[test]
fn add_refuses_to_overwrite_a_page() {
    let site = Site::fixture("brand/kinds");
    let before = read(&site.root().join("content/guides/only.md"));
    let run = site.sheaf(&["add", "guides/only"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(read(&site.root().join("content/guides/only.md")), before);
}

#[test]
fn add_to_a_missing_section_names_the_sections_there_are() {
    let site = Site::fixture("brand/kinds");
    let run = site.sheaf(&["add", "guide/new-one"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no section `guide`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `guides`"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("content/guide").exists());
}

#[test]
fn theme_eject_then_the_custom_theme_builds_byte_identical_output() {
    let site = Site::example();
    site.build();
    let before = snapshot(&site.public());
    let run = site.sheaf(&["theme", "eject"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in ["templates/page.html", "static/style.css", "strings/en.toml"] {
        assert!(
            site.root().join("themes/custom").join(file).is_file(),
            "{file}"
        );
    }
    site.edit("sheaf.toml", |t| format!("theme = \"custom\"\n{t}"));
    site.build();
    let after = snapshot(&site.public());
    assert_eq!(before.len(), after.len());
    for ((path, a), (_, b)) in before.iter().zip(&after) {
        assert!(a == b, "{path} differs after eject");
    }
}

#[test]
fn theme_eject_refuses_a_folder_that_is_not_empty() {
    let site = Site::fixture("brand/kinds");
    site.write("themes/custom/templates/page.html", "mine");
    let run = site.sheaf(&["theme", "eject"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        read(&site.root().join("themes/custom/templates/page.html")),
        "mine"
    );
    let forced = site.sheaf(&["theme", "eject", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_ne!(
        read(&site.root().join("themes/custom/templates/page.html")),
        "mine"
    );
}

#[test]
fn a_template_ported_from_zola_uses_date_and_slugify() {
    let site = Site::fixture("brand/kinds");
    // As Zola themes write it (Tera 1 filters).
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{% if page.date %}<p class=\"when\">{{ page.date | date(format=\"%d %B %Y\") }}</p>{% endif %}<p class=\"slug\">{{ page.title | slugify }}</p><p class=\"q\">{{ \"a b&c\" | urlencode }}</p>{% endblock main %}\n",
    );
    site.write(
        "content/factsheets/dated.md",
        "+++\ntitle = \"Reading Together, Again\"\ndate = 2025-01-15\n+++\n\nText.\n",
    );
    site.build();
    let page = site.read("factsheets/dated/index.html");
    assert!(
        page.contains("<p class=\"when\">15 January 2025</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"slug\">reading-together-again</p>"),
        "{page}"
    );
    assert!(page.contains("<p class=\"q\">a%20b%26c</p>"), "{page}");
}

/// Every file under `dir` with its bytes, in path order.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
