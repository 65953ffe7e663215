//! Nothing escapes the output: slugs, aliases, taxonomy terms, bundle asset
//! names and bibliography keys that would write outside it (`../`, absolute
//! paths, drive letters, NUL) are refused with an error or neutralised, and
//! two inputs that map to one output file are an error naming both. Sites are
//! built at `<temp>/outer/inner/site` so a test can see that nothing appeared
//! beside or above them.

use std::path::Path;

use crate::harness::Site;

const PROBE: &str = "sheaf-escape-probe";

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Nothing beside or above the site, nothing at the absolute paths the
/// hostile values name, and every file carrying the probe name is inside
/// the output folder.
fn assert_nothing_outside(site: &Site) {
    let temp = site.dir.path();
    assert_eq!(names(temp), ["outer"]);
    assert_eq!(names(&temp.join("outer")), ["inner"]);
    assert_eq!(names(&temp.join("outer/inner")), ["site"]);
    for path in [
        format!("/{PROBE}"),
        format!("/{PROBE}.html"),
        format!("/tmp/{PROBE}"),
        format!("/tmp/{PROBE}.html"),
        format!("/etc/{PROBE}"),
    ] {
        assert!(!Path::new(&path).exists(), "{path} was written");
    }
    for entry in walkdir::WalkDir::new(site.root()).into_iter().flatten() {
        let rel = entry.path().strip_prefix(site.root()).unwrap();
        if entry.file_name().to_string_lossy().contains(PROBE)
            && !rel.starts_with("content")
            && !rel.starts_with("static")
        {
            assert!(
                rel.starts_with("public"),
                "{} written outside public/",
                rel.display()
            );
        }
    }
}

fn page_with(front: &str) -> String {
    format!("+++\ntitle = \"Hostile\"\n{front}\n+++\nBody.\n")
}

#[test]
fn aliases_that_would_leave_the_output_are_errors_naming_the_file() {
    let site = Site::fixture_nested("pipeline/basic");
    let aliases = [
        format!("/../../{PROBE}.html"),
        format!("/../../../../../../../../../../tmp/{PROBE}.html"),
        format!("C:/{PROBE}.html"),
        format!("c:\\\\{PROBE}.html"),
        format!("\\\\\\\\server\\\\share\\\\{PROBE}.html"),
        format!("/a/\\u0000/{PROBE}.html"),
        format!("https://evil.example/{PROBE}"),
        format!("/a/./../../{PROBE}/"),
    ];
    for (i, alias) in aliases.iter().enumerate() {
        site.write(
            &format!("content/guides/alias-{i}.md"),
            &page_with(&format!("aliases = [\"{alias}\"]")),
        );
    }
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (i, alias) in aliases.iter().enumerate() {
        assert!(
            run.stderr.contains(&format!("content/guides/alias-{i}.md")),
            "alias {alias:?} not reported:\n{}",
            run.stderr
        );
    }
    assert!(!site.public().exists());
    assert_nothing_outside(&site);
}

#[test]
fn slugs_terms_and_bundle_files_are_neutralised_inside_the_output() {
    let site = Site::fixture_nested("pipeline/basic");
    let slugs = [
        format!("../../{PROBE}-1"),
        format!("/tmp/{PROBE}-2"),
        format!("C:\\\\{PROBE}-3"),
        format!("{PROBE}\\u0000-4"),
        format!("..\\\\..\\\\{PROBE}-5"),
    ];
    for (i, slug) in slugs.iter().enumerate() {
        site.write(
            &format!("content/guides/slug-{i}.md"),
            &page_with(&format!("slug = \"{slug}\"")),
        );
    }
    site.write(
        "content/guides/terms.md",
        &page_with(&format!(
            "[taxonomies]\ntopics = [\"../../../{PROBE}-t1\", \"/etc/{PROBE}-t2\", \"C:/{PROBE}-t3\", \"a\\u0000{PROBE}-t4\"]"
        )),
    );
    site.write(
        &format!("content/guides/bundle-page/x%2f..%2f..%2f{PROBE}.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build();
    let public = site.public();
    for i in 1..=5 {
        let found = walkdir::WalkDir::new(public.join("guides"))
            .into_iter()
            .flatten()
            .any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .ends_with(&format!("{PROBE}-{i}"))
            });
        assert!(found, "slug {i} should be built inside public/guides/");
    }
    for t in 1..=4 {
        let found = names(&public.join("topics"))
            .iter()
            .any(|n| n.ends_with(&format!("{PROBE}-t{t}")));
        assert!(
            found,
            "term {t} should be under public/topics/: {:?}",
            names(&public.join("topics"))
        );
    }
    assert!(
        public
            .join(format!("guides/bundle-page/x%2f..%2f..%2f{PROBE}.svg"))
            .is_file()
    );
    assert_nothing_outside(&site);
}

#[cfg(unix)]
#[test]
fn a_bundle_file_named_with_backslashes_is_an_error_naming_it() {
    let site = Site::fixture_nested("pipeline/basic");
    site.write(
        &format!("content/guides/bundle-page/x\\..\\..\\..\\{PROBE}.svg"),
        "<svg/>",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Named as it is on disk, so the author can find it.
    assert!(
        run.stderr.contains(&format!(
            "content/guides/bundle-page/x\\..\\..\\..\\{PROBE}.svg"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("backslash"), "{}", run.stderr);
    assert_nothing_outside(&site);
}

#[test]
fn bibliography_keys_cannot_leave_the_evidence_folder() {
    let site = Site::fixture_nested("evidence/site");
    // Keys that can be written in YAML (and cited, as far as the citation
    // syntax allows) get an encoded address inside /evidence/.
    site.write(
        "refs.yml",
        &format!(
            "\"../../{PROBE}\":\n  type: article\n  title: Up\n  date: 2020\n\
             \"/tmp/{PROBE}\":\n  type: article\n  title: Abs\n  date: 2020\n\
             a..b:\n  type: article\n  title: Dots\n  date: 2021\n  author: [\"Dot, A.\"]\n\
             \"C:probe\":\n  type: article\n  title: Drive\n  date: 2022\n  author: [\"Drive, B.\"]\n"
        ),
    );
    site.edit("sheaf.toml", |toml| {
        toml.replace("[\"refs.bib\"]", "[\"refs.bib\", \"refs.yml\"]")
    });
    site.write(
        "content/factsheets/keys.md",
        &format!(
            "+++\ntitle = \"Keys\"\n+++\nDots [@a..b]. Drive [@C:probe]. Up [@{{../../{PROBE}}}]. \
             Abs [@{{/tmp/{PROBE}}}].\n"
        ),
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let evidence = site.public().join("evidence");
    for segment in [
        "a.~2Eb".to_string(),
        "C~3Aprobe".to_string(),
        format!("~2E~2E~2F.~2E~2F{PROBE}"),
        format!("~2Ftmp~2F{PROBE}"),
    ] {
        assert!(
            evidence.join(&segment).join("index.html").is_file(),
            "{segment} missing:\n{}",
            run.stderr
        );
    }
    assert_nothing_outside(&site);
}

#[test]
fn two_inputs_on_one_output_file_are_an_error_naming_both() {
    let cases: &[(&str, &str, &str, &str)] = &[
        // (file to add, its text, the input it collides with, expected in message)
        (
            "content/guides/bundle-page/index.html",
            "<p>hand-written</p>",
            "content/guides/bundle-page/index.md",
            "guides/bundle-page/index.html",
        ),
        (
            "static/guides/alpha/index.html",
            "<p>static</p>",
            "content/guides/alpha.md",
            "guides/alpha/index.html",
        ),
        (
            "content/guides/mover.md",
            "+++\ntitle = \"Mover\"\naliases = [\"/guides/beta/\"]\n+++\n",
            "content/guides/beta.md",
            "guides/beta/index.html",
        ),
    ];
    for (file, text, other, path) in cases {
        let site = Site::fixture_nested("pipeline/basic");
        site.write(file, text);
        let run = site.sheaf(&["build"]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(file) && run.stderr.contains(other) && run.stderr.contains(path),
            "{file} and {other} should both be named:\n{}",
            run.stderr
        );
        assert_nothing_outside(&site);
    }
}

#[test]
fn a_taxonomy_named_like_a_section_collides_with_it() {
    let site = Site::fixture_nested("pipeline/basic");
    site.edit("sheaf.toml", |toml| {
        toml.replace("[\"topics\"]", "[\"topics\", \"guides\"]")
    });
    site.write(
        "content/guides/tagged.md",
        "+++\ntitle = \"Tagged\"\n[taxonomies]\nguides = [\"Alpha\"]\n+++\n",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/guides/_index.md")
            && run.stderr.contains("/guides/index.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_cited_key_named_like_an_evidence_page_gets_an_address_of_its_own() {
    let site = Site::fixture_nested("evidence/site");
    site.edit("refs.bib", |bib| {
        bib + "\n@misc{levels, author = {Lev, E.}, title = {Levels}, year = {2020}}\n"
    });
    site.write(
        "content/factsheets/levels.md",
        "+++\ntitle = \"Cites levels\"\n+++\nSee [@levels].\n",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("evidence/levels~/index.html").contains("Levels"));
    assert!(
        site.read("evidence/levels/index.html")
            .contains("Emerging evidence")
    );
}
