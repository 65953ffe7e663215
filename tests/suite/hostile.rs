//! Hostile input: odd encodings, empty and huge files, deep nesting, links
//! that loop, files sheaf cannot read, unusual names. Each must give a clear
//! error naming the file, or a correct build; the harness fails any run
//! that panics (exit 101) or hangs (killed after `harness::TIMEOUT`).

use crate::harness::{Run, Site, select, text_of};

fn page(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n{body}")
}

fn assert_error_names(run: &Run, code: i32, file: &str, words: &str) {
    assert_eq!(run.code, code, "{}", run.stderr);
    assert!(
        run.stderr.contains(file),
        "should name {file}:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(words),
        "should say {words:?}:\n{}",
        run.stderr
    );
}

#[test]
fn invalid_utf8_in_a_page_is_an_error_at_the_byte() {
    let site = Site::fixture("pipeline/basic");
    let mut bytes = page("Bad", "Caf").into_bytes();
    bytes.extend_from_slice(&[0xE9, b' ', 0xFF, 0xFE, b'\n']);
    std::fs::write(site.root().join("content/guides/latin1.md"), bytes).unwrap();
    let run = site.sheaf(&["build"]);
    assert_error_names(&run, 1, "content/guides/latin1.md:4:4", "not valid UTF-8");
}

#[test]
fn invalid_utf8_in_config_and_bibliography_is_an_error_naming_the_file() {
    let site = Site::fixture("pipeline/basic");
    let mut toml = std::fs::read(site.root().join("sheaf.toml")).unwrap();
    toml.extend_from_slice(b"description = \"\xff\"\n");
    std::fs::write(site.root().join("sheaf.toml"), toml).unwrap();
    assert_error_names(&site.sheaf(&["build"]), 1, "sheaf.toml", "UTF-8");

    let site = Site::fixture("evidence/site");
    let mut bib = std::fs::read(site.root().join("refs.bib")).unwrap();
    bib.extend_from_slice(b"\n@misc{latin, title = {Caf\xe9}}\n");
    std::fs::write(site.root().join("refs.bib"), bib).unwrap();
    assert_error_names(&site.sheaf(&["build"]), 1, "refs.bib", "UTF-8");
}

#[test]
fn a_byte_order_mark_is_ignored_everywhere() {
    let site = Site::fixture("pipeline/basic");
    site.edit("sheaf.toml", |toml| format!("\u{feff}{toml}"));
    site.write(
        "content/guides/bom.md",
        &format!("\u{feff}{}", page("With BOM", "## Heading\n\nText.\n")),
    );
    site.write(
        "content/guides/bom-yaml.md",
        "\u{feff}---\ntitle: YAML BOM\n---\nText.\n",
    );
    site.build();
    let doc = site.html("guides/bom/index.html");
    assert_eq!(text_of(&select(&doc, "h1")[0]), "With BOM");
    assert_eq!(select(&doc, "h2#heading").len(), 1);
    let doc = site.html("guides/bom-yaml/index.html");
    assert_eq!(text_of(&select(&doc, "h1")[0]), "YAML BOM");
}

#[test]
fn crlf_line_endings_build_like_lf() {
    let site = Site::fixture("pipeline/basic");
    let text = "+++\r\ntitle = \"Windows\"\r\nsummary = \"Saved on Windows\"\r\n[taxonomies]\r\ntopics = [\"Reading\"]\r\n+++\r\n\r\n## Why it matters\r\n\r\nA line\r\nand another.\r\n\r\n- one\r\n- two\r\n";
    site.write("content/guides/crlf.md", text);
    site.write(
        "content/guides/crlf-yaml.md",
        "---\r\ntitle: YAML CRLF\r\n---\r\nBody.\r\n",
    );
    site.build();
    let doc = site.html("guides/crlf/index.html");
    assert_eq!(text_of(&select(&doc, "h1")[0]), "Windows");
    assert_eq!(select(&doc, "h2#why-it-matters").len(), 1);
    assert!(select(&doc, "main li").len() >= 2);
    assert!(!site.read("guides/crlf/index.html").contains('\r'));
    let doc = site.html("guides/crlf-yaml/index.html");
    assert_eq!(text_of(&select(&doc, "h1")[0]), "YAML CRLF");
}

#[test]
fn an_empty_page_is_an_error_naming_it() {
    let site = Site::fixture("pipeline/basic");
    site.write("content/guides/empty.md", "");
    let run = site.sheaf(&["build"]);
    assert_error_names(&run, 1, "content/guides/empty.md", "no front matter");
}

#[test]
fn an_empty_section_index_builds_with_a_title_from_the_folder() {
    let site = Site::fixture("pipeline/basic");
    site.write("content/guides/_index.md", "");
    site.write("content/_index.md", "");
    site.build();
    let doc = site.html("guides/index.html");
    assert_eq!(text_of(&select(&doc, "h1")[0]), "Guides");
    assert!(site.public().join("index.html").is_file());
}

#[test]
fn an_empty_config_is_an_error_naming_it() {
    let site = Site::fixture("pipeline/basic");
    site.write("sheaf.toml", "");
    let run = site.sheaf(&["build"]);
    assert_error_names(&run, 1, "sheaf.toml", "title");
}

#[test]
fn an_empty_bibliography_builds() {
    let site = Site::fixture("evidence/site");
    site.write("refs.bib", "");
    for file in ["alpha", "beta", "gamma"] {
        site.write(
            &format!("content/factsheets/{file}.md"),
            &page(file, "No citations.\n"),
        );
    }
    std::fs::remove_dir_all(site.root().join("content/evidence")).unwrap();
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_section_with_no_pages_and_a_page_with_no_body_build() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/empty-section/_index.md",
        "+++\ntitle = \"Nothing here\"\n+++\n",
    );
    site.write("content/guides/no-body.md", "+++\ntitle = \"No body\"\n+++");
    site.write(
        "content/guides/no-body-yaml.md",
        "---\ntitle: No body either\n---\n",
    );
    site.build();
    let doc = site.html("empty-section/index.html");
    assert_eq!(text_of(&select(&doc, "h1")[0]), "Nothing here");
    let doc = site.html("guides/no-body/index.html");
    assert_eq!(text_of(&select(&doc, "h1")[0]), "No body");
    assert!(
        site.public()
            .join("guides/no-body-yaml/index.html")
            .is_file()
    );
}

#[test]
fn a_ten_megabyte_page_builds() {
    let site = Site::fixture("pipeline/basic");
    let mut body = String::with_capacity(10 << 20);
    let mut i = 0;
    while body.len() < 10 << 20 {
        if i % 50 == 0 {
            body.push_str(&format!("## Part {i}\n\n"));
        }
        body.push_str(
            "Families who read with their children at home see gains in *reading*, \
             **vocabulary** and [motivation](https://example.org/) across the school years.\n\n",
        );
        i += 1;
    }
    site.write("content/guides/huge.md", &page("Huge", &body));
    site.build();
    let html = site.read("guides/huge/index.html");
    assert!(html.len() > 10 << 20);
    assert!(
        html.contains("id=\"part-0\"")
            && html.contains(&format!("id=\"part-{}\"", (i - 1) / 50 * 50))
    );
}

#[test]
fn ten_thousand_nested_lists_and_block_quotes_build() {
    let site = Site::fixture("pipeline/basic");
    let depth = 10_000;
    site.write(
        "content/guides/quotes.md",
        &page("Quotes", &format!("{} deep\n", ">".repeat(depth))),
    );
    site.write(
        "content/guides/lists.md",
        &page("Lists", &format!("{}deep\n", "- ".repeat(depth))),
    );
    // A nested list written the long way, one level per line, in 1,000 levels.
    let mut long = String::new();
    for level in 0..1_000 {
        long.push_str(&"  ".repeat(level));
        long.push_str("- item\n");
    }
    site.write("content/guides/indented.md", &page("Indented", &long));
    site.write(
        "content/guides/brackets.md",
        &page(
            "Brackets",
            &format!(
                "{}{}\n\n{}\n\n{}\n",
                "[".repeat(depth),
                "]".repeat(depth),
                "*_".repeat(depth),
                "[@".repeat(depth)
            ),
        ),
    );
    site.build();
    assert!(
        site.read("guides/quotes/index.html")
            .matches("<blockquote>")
            .count()
            >= 1_000
    );
    assert!(site.read("guides/lists/index.html").contains("deep"));
    assert!(site.public().join("guides/indented/index.html").is_file());
    assert!(site.public().join("guides/brackets/index.html").is_file());
}

#[test]
fn very_long_lines_build() {
    let site = Site::fixture("pipeline/basic");
    let word_line = "word ".repeat(400_000);
    let at_line = "@".repeat(200_000);
    let url_line = format!("<https://example.org/{}>", "a".repeat(100_000));
    site.write(
        "content/guides/long.md",
        &page(
            "Long",
            &format!(
                "{word_line}\n\n{at_line}\n\n{url_line}\n\n| {} |\n|---|\n",
                "c | ".repeat(5_000)
            ),
        ),
    );
    site.write(
        "content/guides/long-title.md",
        &format!("+++\ntitle = \"{}\"\n+++\n", "T".repeat(100_000)),
    );
    site.build();
    assert!(site.read("guides/long/index.html").len() > word_line.len());
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_with_a_warning_naming_them() {
    use std::os::unix::fs::symlink;
    let site = Site::fixture("pipeline/basic");
    let content = site.root().join("content");
    symlink(&content, content.join("guides/loop")).unwrap();
    symlink("self-link.md", content.join("guides/self-link.md")).unwrap();
    symlink("nowhere.md", content.join("guides/dangling.md")).unwrap();
    let run = site.build();
    assert!(
        run.stderr.contains("content/guides/loop") && run.stderr.contains("loops back"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guides/self-link.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guides/dangling.md"),
        "{}",
        run.stderr
    );
    assert!(site.public().join("guides/alpha/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_errors_naming_them() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::fixture("pipeline/basic");
    let path = site.root().join("content/guides/secret.md");
    site.write("content/guides/secret.md", &page("Secret", "Hidden.\n"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root (CI) chmod 000 does not stop reads: sheaf runs as `nobody`.
    let run = crate::harness::sheaf_unprivileged(&site, &["build"]);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_error_names(&run, 1, "content/guides/secret.md", "cannot read");
}

#[test]
fn file_names_with_spaces_and_non_ascii_letters_build() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/Über uns/_index.md",
        "+++\ntitle = \"Über uns\"\n+++\n",
    );
    site.write(
        "content/Über uns/Café Lernen zu Hause.md",
        &page("Café", "Ein Bild: ![Kaffee](Kaffee%20ß.svg)\n"),
    );
    site.write(
        "content/Über uns/Bündel ü/index.md",
        &page("Bündel", "![Bild](Bild%20ß%201.svg)\n"),
    );
    site.write(
        "content/Über uns/Bündel ü/Bild ß 1.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("content/guides/日本語.md", &page("日本語", "テキスト\n"));
    site.build();
    let public = site.public();
    assert!(public.join("uber-uns/index.html").is_file());
    assert!(
        public
            .join("uber-uns/cafe-lernen-zu-hause/index.html")
            .is_file()
    );
    assert!(public.join("uber-uns/bundel-u/Bild ß 1.svg").is_file());
    let doc = site.html("uber-uns/bundel-u/index.html");
    let src = select(&doc, "main img")[0].attr("src").unwrap().to_string();
    let decoded = percent_encoding::percent_decode_str(&src)
        .decode_utf8()
        .unwrap();
    assert_eq!(decoded, "Bild ß 1.svg");
    let japanese: Vec<_> = std::fs::read_dir(public.join("guides"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        japanese.iter().any(|n| !n.is_empty() && n != "alpha"),
        "{japanese:?}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_gives_a_build_or_a_clear_error() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let site = Site::fixture("pipeline/basic");
    let dir = site.root().join("content/guides");
    std::fs::write(
        dir.join(OsStr::from_bytes(b"caf\xe9.md")),
        page("Latin-1 name", "x\n"),
    )
    .unwrap();
    std::fs::write(dir.join(OsStr::from_bytes(b"img\xff.svg")), "<svg/>").unwrap();
    let run = site.sheaf(&["build"]);
    assert!(
        run.code == 0 || (run.code == 1 && run.stderr.contains("content/guides/caf")),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_content_folder_builds_a_home_page() {
    let site = Site::fixture("pipeline/basic");
    std::fs::remove_dir_all(site.root().join("content")).unwrap();
    std::fs::create_dir(site.root().join("content")).unwrap();
    site.build();
    assert!(site.public().join("index.html").is_file());
    assert!(site.public().join("404.html").is_file());
}
