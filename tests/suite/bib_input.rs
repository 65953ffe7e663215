//! Bibliography input: a real 2,523-entry bibliography builds with warnings
//! only, each real-world date form becomes APA output or a warning, and
//! hostile files (deep nesting, @string bombs) stop with an error naming
//! the entry in `build` and in `serve`.

use crate::harness::{Site, select, text_of};
use crate::serve::Server;

/// Keys of `@type{key,` entries (not `@string`), in file order.
fn entry_keys(bib: &str) -> Vec<String> {
    bib.lines()
        .filter_map(|line| line.trim_start().strip_prefix('@'))
        .filter(|rest| !rest.to_ascii_lowercase().starts_with("string"))
        .filter_map(|rest| rest.split_once('{'))
        .map(|(_, key)| key.split(',').next().unwrap_or("").trim().to_string())
        .filter(|key| !key.is_empty())
        .collect()
}

/// Keys today's citation syntax can reach as `[@key]`; the rest (`a:_b`,
/// keys ending in punctuation) are cite-syntax's part of issue 13.
fn plainly_citable(key: &str) -> bool {
    key.chars()
        .all(|c| c.is_ascii_alphanumeric() || "_:-.".contains(c))
        && !key.contains(":_")
        && key.ends_with(|c: char| c.is_ascii_alphanumeric())
}

#[test]
fn a_real_2523_entry_bibliography_loads_and_builds_with_warnings_only() {
    let site = Site::fixture("evidence/socbib");
    let bib = std::fs::read_to_string(site.root().join("refs.bib")).unwrap();
    let mut keys = entry_keys(&bib);
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 2523, "distinct entries in the fixture");
    let cited: Vec<&String> = keys.iter().filter(|k| plainly_citable(k)).collect();
    // Most keys are Emacs-style `author80:_title`, which today's citation
    // syntax cuts at `:_`; they stay uncited (a warning each) but are
    // still loaded and formatted like every other entry.
    assert!(cited.len() > 650, "{} citable keys", cited.len());
    let body: String = cited.iter().map(|k| format!("Claim [@{k}].\n\n")).collect();
    site.write(
        "content/factsheets/all.md",
        &format!("+++\ntitle = \"All\"\n+++\n{body}"),
    );
    let run = site.build();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    for expected in [
        "entry `jasper1999`: month `2181-2184` is not a month",
        "duplicate citation key `alonso80:_polit_number`",
        "entry `merges19`: year `19xx` has no year",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?}");
    }
    let doc = site.html("factsheets/all/index.html");
    let references: Vec<String> = select(&doc, "main ol.reference-list li")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(references.len(), cited.len());
    let weber = references
        .iter()
        .find(|r| r.contains("(1893/1984)"))
        .expect("the [1893] 1984 reprint is dated 1893/1984");
    assert!(weber.starts_with("Durkheim"), "{weber}");
    assert!(references.iter().any(|r| r.contains("(n.d.)")));

    let uncited = run.stderr.matches("is never cited").count();
    assert_eq!(uncited, keys.len() - cited.len());

    let strict = site.sheaf(&["build", "--strict"]);
    assert_ne!(strict.code, 0, "--strict turns the warnings into errors");
    assert!(strict.stderr.contains("error: entry `jasper1999`: month"));
}

#[test]
fn each_date_form_becomes_apa_output_or_a_warning() {
    let site = Site::fixture("evidence/dates");
    let run = site.build();
    let doc = site.html("factsheets/all/index.html");
    let prose = text_of(&select(&doc, "main .prose p")[0]);
    assert_eq!(
        prose,
        "Reprint (Weber, 1893/1984). Accepted (Doe, in press). Announced (Roe, in press). \
         Undated (Poe, n.d.). Double issue (Moe, 2001). Month typo (Jasper, 1999)."
    );
    let references: Vec<String> = select(&doc, "main ol.reference-list li")
        .iter()
        .map(text_of)
        .collect();
    for expected in [
        "Weber, M. (1893/1984).",
        "Doe, J. (in press).",
        "Roe, R. (in press).",
        "Poe, P. (n.d.).",
    ] {
        assert!(
            references.iter().any(|r| r.starts_with(expected)),
            "{expected:?} in {references:#?}"
        );
    }
    // Only the page numbers typed into a month field are worth a warning;
    // the other forms are ones APA knows.
    assert!(
        run.stderr
            .contains("warning: entry `jasper1999`: month `2181-2184` is not a month"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("refs.bib:41:12"), "{}", run.stderr);
    for quiet in [
        "weber1984`:",
        "doe2030`:",
        "roe2031`:",
        "poe1999`:",
        "moe2001`:",
    ] {
        assert!(
            !run.stderr.contains(quiet),
            "{quiet} warned:\n{}",
            run.stderr
        );
    }
}

/// A title nesting `\textbf{` `depth` deep, in an entry nobody cites.
fn deep_bib(depth: usize) -> String {
    format!(
        "@book{{deep2020, author = {{Deep, D.}}, year = 2020, title = {{{}x{}}}}}\n",
        "\\textbf{".repeat(depth),
        "}".repeat(depth)
    )
}

#[test]
fn a_bibliography_nesting_5000_deep_is_an_error_naming_the_entry() {
    let site = Site::fixture("evidence/dates");
    site.write("refs.bib", &deep_bib(5000));
    site.write(
        "content/factsheets/all.md",
        "+++\ntitle = \"All\"\n+++\nNo citations.\n",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("entry `deep2020`: field `title` nests braces"),
        "{}",
        run.stderr
    );
}

/// Chained `@string` concatenations: each level doubles the text, so the
/// last one would be 16 × 2^29 bytes (8 GiB).
fn string_bomb() -> String {
    let mut bib = String::from("@string{s0 = \"xxxxxxxxxxxxxxxx\"}\n");
    for i in 1..30 {
        bib.push_str(&format!("@string{{s{i} = s{p} # s{p}}}\n", p = i - 1));
    }
    bib.push_str("@book{bomb2020, author = {Bomb, B.}, year = 2020, title = s29}\n");
    bib
}

#[test]
fn an_at_string_bomb_stops_at_the_budget_naming_the_entry() {
    let site = Site::fixture("evidence/dates");
    let bomb = string_bomb();
    assert!(bomb.len() < 1024, "a small file: {} bytes", bomb.len());
    site.write("refs.bib", &bomb);
    site.write(
        "content/factsheets/all.md",
        "+++\ntitle = \"All\"\n+++\nNo citations.\n",
    );
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("entry `bomb2020`: field `title` would expand to 8 GiB"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unclosed_brace_is_reported_where_it_opens_not_at_the_next_entry() {
    let site = Site::fixture("evidence/dates");
    site.edit("refs.bib", |t| {
        t.replace("title = {Accepted article},", "title = {Accepted article,")
    });
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: entry `doe2030`: a `{` is never closed"),
        "{}",
        run.stderr
    );
    // Line 8 is `@article{doe2030,`; the next entry starts on line 15.
    assert!(run.stderr.contains("--> refs.bib:8:9"), "{}", run.stderr);
}

#[test]
fn serve_reports_a_deep_bibliography_and_keeps_serving() {
    let site = Site::fixture("serve/site");
    let good = std::fs::read_to_string(site.root().join("references.bib")).unwrap();
    let mut server = Server::start(site.root());
    site.write("references.bib", &format!("{good}\n{}", deep_bib(5000)));
    server.wait_for_line("nests braces");
    let page = server.get_until("/", |b| b.contains("sheaf-overlay"));
    assert!(
        page.body.contains("sheaf-overlay") && page.body.contains("deep2020"),
        "the overlay names the entry"
    );
    site.write("references.bib", &good);
    server.wait_for_line("rebuilt in");
    assert_eq!(server.get("/").status, 200);
}

/// The reference list and the first paragraph of the page citing every
/// entry, as text.
fn references_and_prose(site: &Site) -> (Vec<String>, String) {
    let doc = site.html("factsheets/all/index.html");
    let references = select(&doc, "main ol.reference-list li")
        .iter()
        .map(text_of)
        .collect();
    (references, text_of(&select(&doc, "main .prose p")[0]))
}

#[test]
fn a_csl_json_bibliography_gives_the_same_output_as_the_same_entries_in_bibtex() {
    let json = Site::fixture("evidence/csl-json");
    let run = json.build();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let bib = Site::fixture("evidence/csl-json");
    bib.edit("sheaf.toml", |t| t.replace("refs.json", "refs.bib"));
    bib.build();
    let (json_refs, json_prose) = references_and_prose(&json);
    let (bib_refs, bib_prose) = references_and_prose(&bib);
    assert_eq!(json_refs.len(), 6, "{json_refs:#?}");
    assert_eq!(json_refs, bib_refs);
    assert_eq!(json_prose, bib_prose);
    assert!(json_prose.contains("(Weber, 1893/1984)") && json_prose.contains("(Ng, in press)"));
}

#[test]
fn a_bad_csl_json_value_is_a_warning_at_its_position() {
    let site = Site::fixture("evidence/csl-json");
    site.edit("refs.json", |t| {
        t.replacen(
            "\"issued\": {\"date-parts\": [[2014]]}",
            "\"issued\": {\"date-parts\": [[\"spring\"]]}",
            1,
        )
    });
    let run = site.build();
    assert!(
        run.stderr
            .contains("warning: entry `kwan2014`: `issued` is not a CSL date"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> refs.json:20:15"), "{}", run.stderr);
    site.write("refs.json", "[\n  {\"id\": \"a\",}\n]\n");
    let broken = site.sheaf(&["check"]);
    assert_eq!(broken.code, 1);
    assert!(
        broken.stderr.contains("--> refs.json:2:"),
        "{}",
        broken.stderr
    );
}
