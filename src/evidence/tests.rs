//! Expected strings here were written by hand from the APA 7 manual
//! (chapters 8 and 9), CMOS 17 author-date and Cite Them Right Harvard,
//! not copied from any program's output.

use std::path::PathBuf;

use super::*;
use crate::markdown::citations::find_citations;

const APA_BIB: &str = include_str!("../../tests/fixtures/evidence/apa.bib");
const YAML_BIB: &str = include_str!("../../tests/fixtures/evidence/hayagriva.yml");
const BROKEN_BIB: &str = include_str!("../../tests/fixtures/evidence/broken.bib");

fn bib() -> Bibliography {
    parse_bibliography("references.bib", APA_BIB).expect("fixture parses")
}

fn formatter(style: CitationStyle) -> Formatter {
    Formatter::new(&bib(), &style, "en-AU").expect("formatter builds")
}

fn cite(f: &Formatter, written: &str) -> String {
    let found = find_citations(written, &|_| false);
    assert_eq!(found.len(), 1, "one citation in {written:?}");
    f.cite_text(&found[0])
}

#[test]
fn apa_in_text_citations() {
    let f = formatter(CitationStyle::Apa);
    let cases = [
        ("[@desforges2003]", "(Desforges & Abouchaar, 2003)"),
        (
            "[@henderson2002; @jeynes2005]",
            "(Henderson & Mapp, 2002; Jeynes, 2005)",
        ),
        (
            "[@apc2009, p. 13]",
            "(Australian Parents Council, 2009, p. 13)",
        ),
        ("[see @cox2005, pp. 33-35]", "(see Cox, 2005, pp. 33–35)"),
        ("@pricemitchell2009 [p. 21]", "Price-Mitchell (2009, p. 21)"),
        ("@desforges2003", "Desforges and Abouchaar (2003)"),
        ("[-@jeynes2012]", "(2012)"),
        ("@emerson2012", "Emerson et al. (2012)"),
        ("[@emerson2012]", "(Emerson et al., 2012)"),
        ("[@stormshak2010]", "(Stormshak et al., 2010)"),
        ("[@nunez2015]", "(Núñez et al., 2015)"),
        // Same authors, same year: letters by title ("Barriers…" < "Why…").
        ("[@hornby2011b]", "(Hornby & Lafaele, 2011a)"),
        ("[@hornby2011a]", "(Hornby & Lafaele, 2011b)"),
        ("[-@hornby2011a]", "(2011b)"),
        ("@hornby2011a", "Hornby and Lafaele (2011b)"),
        (
            "[@hornby2011b; @hornby2011a]",
            "(Hornby & Lafaele, 2011a, 2011b)",
        ),
        (
            "[@jeynes2005; @jeynes2007; @jeynes2012]",
            "(Jeynes, 2005, 2007, 2012)",
        ),
        (
            "[@jeynes2005, p. 240; @jeynes2007]",
            "(Jeynes, 2005, p. 240; Jeynes, 2007)",
        ),
        (
            "[see @jeynes2005, p. 240; also @cox2005]",
            "(see Jeynes, 2005, p. 240; also Cox, 2005)",
        ),
        (
            "[@epstein2002, chap. 3]",
            "(Epstein & Sanders, 2002, Chapter 3)",
        ),
        ("[@cox2005, para. 4]", "(Cox, 2005, para. 4)"),
        ("[@cox2005, 33]", "(Cox, 2005, p. 33)"),
        (
            "[@epstein2011, p. 12, emphasis added]",
            "(Epstein, 2011, p. 12, emphasis added)",
        ),
        ("[@epstein2011, fig. 2]", "(Epstein, 2011, Figure 2)"),
        ("[@xss2020]", "(Tester, 2020)"),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(written, expected)| {
            let got = cite(&f, written);
            (got != *expected).then(|| format!("{written}: expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn apa_reference_entries() {
    let f = formatter(CitationStyle::Apa);
    let cases = [
        (
            "henderson2002",
            "Henderson, A. T., & Mapp, K. L. (2002). A new wave of evidence: The impact of school, family, and community connections on student achievement. Southwest Educational Development Laboratory.",
        ),
        (
            "desforges2003",
            "Desforges, C., & Abouchaar, A. (2003). The impact of parental involvement, parental support and family education on pupil achievement and adjustment: A literature review (Research Report No. RR433). Department for Education and Skills.",
        ),
        (
            "apc2009",
            "Australian Parents Council. (2009). Parental engagement in school education: Literature review.",
        ),
        (
            "emerson2012",
            "Emerson, L., Fear, J., Fox, S., & Sanders, E. (2012). Parental engagement in learning and schooling: Lessons from research. Australian Research Alliance for Children and Youth.",
        ),
        (
            "stormshak2010",
            "Stormshak, E. A., Dishion, T. J., & Falkenstein, C. A. (2010). Family-centered, school-based mental health strategies to reduce student behavioral, emotional, and academic risk. In B. Doll, W. Pfohl, & J. S. Yoon (Eds.), Handbook of youth prevention science (pp. 108–124). Routledge.",
        ),
        (
            "epstein2002",
            "Epstein, J. L., & Sanders, M. G. (2002). Family, school, and community partnerships. In M. H. Bornstein (Ed.), Handbook of parenting: Practical issues in parenting (2nd ed., pp. 407–437). Lawrence Erlbaum Associates.",
        ),
        (
            "epstein2011",
            "Epstein, J. L. (2011). School, family, and community partnerships: Preparing educators and improving schools (2nd ed.). Westview Press.",
        ),
        (
            "nunez2015",
            "Núñez, J. C., Suárez, N., Rosário, P., Vallejo, G., Valle, A., & Epstein, J. L. (2015). Relationships between perceived parental involvement in homework, student homework behaviors, and academic achievement. Metacognition and Learning, 10(3), 375–406. https://doi.org/10.1007/s11409-015-9135-5",
        ),
        (
            "hornby2011b",
            "Hornby, G., & Lafaele, R. (2011a). Barriers to parental involvement in education: An explanatory model. Educational Review, 63(1), 37–52. https://doi.org/10.1080/00131911.2010.488049",
        ),
        (
            "pricemitchell2009",
            "Price-Mitchell, M. (2009). Boundary dynamics: Implications for building parent-school partnerships. School Community Journal, 19(2), 9–26.",
        ),
    ];
    for (key, expected) in cases {
        assert_eq!(f.reference_text(key), Some(expected), "{key}");
    }
}

#[test]
fn apa_article_html_has_italic_journal_and_volume_and_doi_link() {
    let f = formatter(CitationStyle::Apa);
    assert_eq!(
        f.reference_html("jeynes2005").unwrap(),
        "Jeynes, W. H. (2005). A meta-analysis of the relation of parental involvement to urban elementary school student academic achievement. <i>Urban Education</i>, <i>40</i>(3), 237–269. <a href=\"https://doi.org/10.1177/0042085905274540\">https://doi.org/10.1177/0042085905274540</a>"
    );
}

#[test]
fn apa_chapter_html_names_the_book_once_in_italics() {
    let html = formatter(CitationStyle::Apa)
        .reference_html("stormshak2010")
        .unwrap()
        .to_string();
    assert_eq!(
        html.matches("Handbook of youth prevention science").count(),
        1
    );
    assert!(
        html.contains(
            "(Eds.), <i>Handbook of youth prevention science</i> (pp. 108–124). Routledge."
        ),
        "{html}"
    );
}

#[test]
fn report_keeps_its_institution_and_has_no_technical_report_label() {
    let f = formatter(CitationStyle::Apa);
    let html = f.reference_html("desforges2003").unwrap();
    assert!(html.contains("<i>The impact"), "{html}");
    assert!(
        html.ends_with("</i> (Research Report No. RR433). Department for Education and Skills."),
        "{html}"
    );
    let text = f.reference_text("henderson2002").unwrap();
    assert!(!text.to_lowercase().contains("technical report"), "{text}");
}

#[test]
fn field_text_and_urls_are_escaped_in_html() {
    let f = formatter(CitationStyle::Apa);
    assert_eq!(
        f.reference_html("xss2020").unwrap(),
        "Tester, T. (2020). <i>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</i>. <a href=\"https://example.org/report?a=1&amp;b=2\">https://example.org/report?a=1&amp;b=2</a>"
    );
    assert_eq!(
        f.reference_text("xss2020").unwrap(),
        "Tester, T. (2020). <script>alert(1)</script> & more. https://example.org/report?a=1&b=2"
    );
}

#[test]
fn cite_html_links_each_item_and_escapes_text() {
    let f = formatter(CitationStyle::Apa);
    let c = &find_citations(
        "[see <b> @desforges2003, p. 4; @jeynes2005; @jeynes2007]",
        &|_| false,
    )[0];
    let html = f.cite_html(c, &|key| format!("/evidence/{key}/"));
    assert_eq!(
        html,
        "(see &lt;b&gt; <a class=\"citation\" href=\"/evidence/desforges2003/\">Desforges &amp; Abouchaar, 2003</a>, p. 4; \
         <a class=\"citation\" href=\"/evidence/jeynes2005/\">Jeynes, 2005</a>, \
         <a class=\"citation\" href=\"/evidence/jeynes2007/\">2007</a>)"
    );
    let narrative = &find_citations("@pricemitchell2009 [p. 21]", &|_| false)[0];
    assert_eq!(
        f.cite_html(narrative, &|key| format!("/evidence/{key}/")),
        "<a class=\"citation\" href=\"/evidence/pricemitchell2009/\">Price-Mitchell (2009, p. 21)</a>"
    );
}

#[test]
fn apa_reference_list_sorts_by_author_year_title_with_letters_in_order() {
    let f = formatter(CitationStyle::Apa);
    let mut keys: Vec<String> = bib().keys().map(String::from).collect();
    f.sort_keys(&mut keys);
    assert_eq!(
        keys,
        [
            "apc2009",
            "cox2005",
            "desforges2003",
            "emerson2012",
            // One-author work before the same first author with others.
            "epstein2011",
            "epstein2002",
            "henderson2002",
            "hornby2011b",
            "hornby2011a", // 2011a, 2011b
            "jeynes2005",
            "jeynes2007",
            "jeynes2012",
            "nunez2015",
            "pricemitchell2009",
            "stormshak2010",
            "xss2020",
        ]
    );
    assert_eq!(f.year_label("hornby2011b"), Some("2011a"));
    assert!(
        f.reference_text("hornby2011a")
            .unwrap()
            .starts_with("Hornby, G., & Lafaele, R. (2011b). Why")
    );
}

#[test]
fn chicago_author_date() {
    let f = formatter(CitationStyle::ChicagoAuthorDate);
    assert_eq!(
        cite(&f, "[@desforges2003, p. 13]"),
        "(Desforges and Abouchaar 2003, 13)"
    );
    // Chicago 18 (the current official CSL): "et al." from three authors.
    assert_eq!(cite(&f, "[@stormshak2010]"), "(Stormshak et al. 2010)");
    assert_eq!(
        cite(&f, "[@emerson2012; @jeynes2005]"),
        "(Emerson et al. 2012; Jeynes 2005)"
    );
    assert_eq!(
        cite(&f, "@pricemitchell2009 [p. 21]"),
        "Price-Mitchell (2009, 21)"
    );
    assert_eq!(
        f.reference_text("jeynes2005").unwrap(),
        "Jeynes, William H. 2005. “A meta-analysis of the relation of parental involvement to urban elementary school student academic achievement.” Urban Education 40 (3): 237–269. https://doi.org/10.1177/0042085905274540."
    );
    assert_eq!(
        f.reference_text("desforges2003").unwrap(),
        "Desforges, Charles, and Alberto Abouchaar. 2003. The impact of parental involvement, parental support and family education on pupil achievement and adjustment: A literature review. Research Report RR433. Department for Education and Skills."
    );
    assert_eq!(
        f.reference_text("epstein2011").unwrap(),
        "Epstein, Joyce L. 2011. School, family, and community partnerships: Preparing educators and improving schools. 2nd ed. Boulder, CO: Westview Press."
    );
}

#[test]
fn harvard() {
    let f = formatter(CitationStyle::Harvard);
    assert_eq!(
        cite(&f, "[@desforges2003, p. 13]"),
        "(Desforges and Abouchaar, 2003, p. 13)"
    );
    assert_eq!(
        cite(&f, "[@stormshak2010]"),
        "(Stormshak, Dishion and Falkenstein, 2010)"
    );
    assert_eq!(cite(&f, "[@emerson2012]"), "(Emerson et al., 2012)");
    assert_eq!(
        f.reference_text("stormshak2010").unwrap(),
        "Stormshak, E.A., Dishion, T.J. and Falkenstein, C.A. (2010) ‘Family-centered, school-based mental health strategies to reduce student behavioral, emotional, and academic risk’, in Doll, B., Pfohl, W. and Yoon, J.S. (eds) Handbook of youth prevention science. Routledge, pp. 108–124."
    );
    assert_eq!(
        f.reference_text("hornby2011b").unwrap(),
        "Hornby, G. and Lafaele, R. (2011a) ‘Barriers to parental involvement in education: An explanatory model’, Educational Review, 63(1), pp. 37–52. Available at: https://doi.org/10.1080/00131911.2010.488049."
    );
}

#[test]
fn style_names_parse() {
    assert_eq!("apa".parse::<CitationStyle>(), Ok(CitationStyle::Apa));
    assert_eq!(
        "chicago-author-date".parse::<CitationStyle>(),
        Ok(CitationStyle::ChicagoAuthorDate)
    );
    assert_eq!(
        "harvard".parse::<CitationStyle>(),
        Ok(CitationStyle::Harvard)
    );
    assert_eq!(
        "styles/my.csl".parse::<CitationStyle>(),
        Ok(CitationStyle::Csl(PathBuf::from("styles/my.csl")))
    );
    assert!("mla".parse::<CitationStyle>().is_err());
}

#[test]
fn user_csl_style_formats_references_escaped() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evidence/minimal.csl");
    let f = Formatter::new(&bib(), &CitationStyle::Csl(path), "en-US").expect("CSL loads");
    let html = f.reference_html("xss2020").unwrap();
    assert!(
        html.contains("<i>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</i>"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    assert!(
        f.reference_text("jeynes2005")
            .unwrap()
            .starts_with("Jeynes, William H.")
    );
}

#[test]
fn broken_csl_style_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csl");
    std::fs::write(&path, "<style>nope").unwrap();
    let errors = Formatter::new(&bib(), &CitationStyle::Csl(path), "en-US").unwrap_err();
    assert!(
        errors[0].message.contains("could not read CSL style"),
        "{}",
        errors[0]
    );
    let missing = Formatter::new(
        &bib(),
        &CitationStyle::Csl(dir.path().join("none.csl")),
        "en-US",
    )
    .unwrap_err();
    assert!(missing[0].message.contains("none.csl"));
}

#[test]
fn yaml_bibliography_loads() {
    let bib = parse_bibliography("refs.yml", YAML_BIB).unwrap();
    assert_eq!(bib.len(), 2);
    assert_eq!(bib.title("kwan2014"), Some("Crazy rich Asians"));
    assert_eq!(
        bib.doi_url("smith2019").as_deref(),
        Some("https://doi.org/10.1000/xyz123")
    );
    let f = Formatter::new(&bib, &CitationStyle::Apa, "en-AU").unwrap();
    assert_eq!(
        f.reference_text("smith2019").unwrap(),
        "Smith, J., & Doe, J. (2019). Homework and the home. Journal of Family Studies, 12(2), 1–20. https://doi.org/10.1000/xyz123"
    );
    assert_eq!(
        f.reference_text("kwan2014").unwrap(),
        "Kwan, K. (2014). Crazy rich Asians. Anchor Books."
    );
}

#[test]
fn broken_bib_reports_file_line_and_help() {
    let errors = parse_bibliography("references.bib", BROKEN_BIB).unwrap_err();
    let loc = errors[0].location.as_ref().expect("has a location");
    assert_eq!(loc.file, "references.bib");
    assert_eq!(loc.line, 9, "points at the brace that is never closed");
    assert!(
        errors[0].message.contains("broken2002"),
        "{}",
        errors[0].message
    );
    assert!(errors[0].help.is_some());
    assert!(
        errors[0].to_string().contains("--> references.bib:"),
        "{}",
        errors[0]
    );
}

#[test]
fn broken_yaml_reports_line() {
    let errors =
        parse_bibliography("refs.yml", "ok:\n  type: Book\n  title: [unclosed\n").unwrap_err();
    let loc = errors[0].location.as_ref().unwrap();
    assert!(loc.line >= 3, "{}", errors[0]);
}

#[test]
fn loading_reports_missing_files_and_duplicates_together_and_loads_slashed_keys() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("a.bib"),
        "@book{same, title = {A}, year = 2000}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("b.bib"),
        "\n\n@book{same, title = {B}, year = 2001}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("c.yml"),
        "\"a/../b\":\n  type: Book\n  title: X\n",
    )
    .unwrap();
    let files = ["a.bib", "b.bib", "c.yml", "missing.bib"].map(PathBuf::from);
    let errors = load_bibliography(root, &files).unwrap_err();
    let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    // A key with a slash has an encoded address (`linking::key_segment`),
    // so it is no longer an error.
    assert_eq!(errors.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains("duplicate citation key `same`") && messages[0].contains("b.bib:3:7"),
        "{}",
        messages[0]
    );
    assert!(
        messages[0].contains("also defined in a.bib:1"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("`missing.bib`") && messages[1].contains("not found"),
        "{}",
        messages[1]
    );
    let files = ["c.yml"].map(PathBuf::from);
    assert!(load_bibliography(root, &files).unwrap().contains("a/../b"));
}

#[test]
fn loads_files_relative_to_root_and_exposes_metadata() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("refs.bib"), APA_BIB).unwrap();
    let bib = load_bibliography(dir.path(), &[PathBuf::from("refs.bib")]).unwrap();
    assert_eq!(bib.len(), 16);
    assert!(bib.contains("jeynes2007") && !bib.contains("jeynes2008"));
    assert_eq!(
        bib.url("xss2020"),
        Some("https://example.org/report?a=1&b=2")
    );
    let def = bib.definition("jeynes2005").unwrap();
    assert_eq!(
        (def.file.as_str(), def.line, def.column),
        ("refs.bib", 19, 10)
    );
}

#[test]
fn formatter_and_bibliography_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Formatter>();
    check::<Bibliography>();
}

#[test]
#[ignore = "prints diagnostics for eyeballing"]
fn show_diagnostics() {
    for e in parse_bibliography("references.bib", BROKEN_BIB).unwrap_err() {
        println!("{e}\n");
    }
    for e in parse_bibliography("refs.yml", "ok:\n  type: Book\n  title: [unclosed\n").unwrap_err()
    {
        println!("{e}\n");
    }
}
