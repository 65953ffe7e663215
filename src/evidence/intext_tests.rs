//! In-text rules of APA 7 chapter 8 that depend on more than one work.
//! Expectations are written by hand from the manual's rules (§8.12 order
//! in a group, §8.14 title as author, §8.17-8.18 et al. and added names,
//! §8.20 initials), not copied from any program's output.

use super::*;
use crate::markdown::citations::find_citations;

const RULES_BIB: &str = include_str!("../../tests/fixtures/evidence/intext/rules.bib");

fn apa() -> Formatter {
    let bib = parse_bibliography("rules.bib", RULES_BIB).expect("fixture parses");
    Formatter::new(&bib, &CitationStyle::Apa, "en-US").expect("formatter builds")
}

fn cite(f: &Formatter, written: &str) -> String {
    let found = find_citations(written, &|_| false);
    assert_eq!(found.len(), 1, "one citation in {written:?}");
    f.cite_text(&found[0])
}

#[test]
fn group_is_sorted_as_the_reference_list() {
    let f = apa();
    assert_eq!(
        cite(&f, "[@smith2000; @bryanj2019; @anderson2010]"),
        "(Anderson, 2010; J. Bryan, 2019; Smith, 2000)"
    );
}

#[test]
fn prefix_of_the_first_item_introduces_the_sorted_group() {
    let f = apa();
    assert_eq!(
        cite(&f, "[see @smith2000; @anderson2010]"),
        "(see Anderson, 2010; Smith, 2000)"
    );
}

#[test]
fn different_first_authors_with_one_surname_get_initials() {
    let f = apa();
    assert_eq!(
        cite(&f, "[@bryanj2019; @bryanc2019]"),
        "(C. Bryan, 2019; J. Bryan, 2019)"
    );
    assert_eq!(cite(&f, "@bryanj2019"), "J. Bryan (2019)");
}

#[test]
fn same_year_et_al_with_different_authors_adds_names() {
    let f = apa();
    assert_eq!(
        cite(&f, "[@rosenberg2019a]"),
        "(Rosenberg, Smith, Jones, et al., 2019)"
    );
    assert_eq!(
        cite(&f, "[@rosenberg2019b]"),
        "(Rosenberg, Smith, Brown, et al., 2019)"
    );
    assert_eq!(
        cite(&f, "@rosenberg2019a"),
        "Rosenberg, Smith, Jones, et al. (2019)"
    );
}

#[test]
fn added_names_that_leave_one_author_write_the_whole_list() {
    let f = apa();
    assert_eq!(
        cite(&f, "[@kapoor2017a]"),
        "(Kapoor, Bloom, & Montez, 2017)"
    );
    assert_eq!(cite(&f, "@kapoor2017b"), "Kapoor, Bloom, and Zucker (2017)");
}

#[test]
fn years_collapse_only_for_identical_author_lists() {
    let f = apa();
    assert_eq!(
        cite(&f, "[@magnuson2013; @magnuson2012]"),
        "(Magnuson et al., 2012; Magnuson et al., 2013)"
    );
    assert_eq!(cite(&f, "[@smith2002; @smith2000]"), "(Smith, 2000, 2002)");
}

#[test]
fn suppressed_author_years_are_joined_by_commas() {
    let f = apa();
    assert_eq!(cite(&f, "[-@smith2002; -@smith2000]"), "(2000, 2002)");
    assert_eq!(
        cite(&f, "[-@smith2000, p. 4; -@smith2002]"),
        "(2000, p. 4; 2002)"
    );
}

#[test]
fn title_stands_in_for_a_missing_author_by_type() {
    let f = apa();
    assert_eq!(
        cite(&f, "[@guide2015]"),
        "(Guide to Parent Engagement, 2015)"
    );
    let found = find_citations("[@guide2015]", &|_| false);
    let html = f.cite_html(&found[0], &|k| format!("#{k}"));
    assert!(
        html.contains("<i>Guide to Parent Engagement</i>, 2015"),
        "{html}"
    );
    assert_eq!(
        cite(&f, "[@study2007]"),
        "(“Study Finds Parents Matter,” 2007)"
    );
    assert_eq!(
        cite(&f, "@study2007"),
        "“Study Finds Parents Matter” (2007)"
    );
}

#[test]
fn and_others_is_et_al() {
    let f = apa();
    assert_eq!(cite(&f, "[@kuhn2008]"), "(Kuhn et al., 2008)");
    assert_eq!(cite(&f, "@kuhn2008"), "Kuhn et al. (2008)");
}

#[test]
fn citations_that_read_alike_get_year_letters_in_reference_list_order() {
    // The lists differ only in an initial the citation does not show;
    // "Bolker, B." sorts before "Bolker, B. M." in the list, so it is "a".
    let f = apa();
    assert_eq!(cite(&f, "[@bates2015manual]"), "(Bates et al., 2015a)");
    assert_eq!(cite(&f, "[@bates2015paper]"), "(Bates et al., 2015b)");
    assert_eq!(f.year_label("bates2015paper"), Some("2015b"));
}

/// The official apa.csl through hayagriva's engine (tests/fixtures/evidence/csl).
fn apa_csl() -> Formatter {
    let bib = parse_bibliography(
        "refs.bib",
        include_str!("../../tests/fixtures/csl/site/refs.bib"),
    )
    .expect("fixture parses");
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/evidence/csl/apa.csl");
    Formatter::new(&bib, &CitationStyle::Csl(path), "en-US").expect("style loads")
}

#[test]
fn csl_style_keeps_locators_prefixes_suffixes_and_suppressed_authors() {
    let f = apa_csl();
    let cases = [
        (
            "[see @adams2019, p. 5; @clark2021]",
            "(see Adams & Brown, 2019, p. 5; Clark, 2021)",
        ),
        (
            "[@clark2021; see also @baker2015]",
            "(Clark, 2021; see also Baker, 2015)",
        ),
        (
            "[@adams2019, p. 5, emphasis added]",
            "(Adams & Brown, 2019, p. 5, emphasis added)",
        ),
        ("[-@adams2019]", "(2019)"),
        ("[-@adams2019; -@clark2021]", "(2019, 2021)"),
        // The style decides, "&" in narrative citations included (apa.csl
        // writes it; the built-in APA style writes "and", as §8.17 asks).
        ("@adams2019 [p. 5]", "Adams & Brown (2019, p. 5)"),
    ];
    for (written, expected) in cases {
        assert_eq!(cite(&f, written), expected, "{written}");
    }
    assert!(f.reference_text("baker2015").unwrap().contains("(2015)"));
}

fn style(s: CitationStyle) -> Formatter {
    let bib = parse_bibliography("rules.bib", RULES_BIB).expect("fixture parses");
    Formatter::new(&bib, &s, "en-GB").expect("formatter builds")
}

#[test]
fn chicago_puts_a_comma_before_n_d_and_lists_three_of_seven_authors() {
    // CMOS 18 §13.108 and the official chicago-author-date.csl.
    let f = style(CitationStyle::ChicagoAuthorDate);
    assert_eq!(cite(&f, "[@nodate]"), "(Young, n.d.)");
    assert_eq!(cite(&f, "[@smith2000]"), "(Smith 2000)");
    assert!(
        f.reference_text("many2018")
            .unwrap()
            .starts_with("One, Ann, Ben Two, Cal Three, et al. 2018."),
        "{}",
        f.reference_text("many2018").unwrap()
    );
}

#[test]
fn harvard_writes_no_date_sorts_by_date_and_uses_et_al_in_lists() {
    // Cite Them Right 12th edition, as its official CSL.
    let f = style(CitationStyle::Harvard);
    assert_eq!(cite(&f, "[@nodate]"), "(Young, no date)");
    assert!(
        f.reference_text("nodate")
            .unwrap()
            .starts_with("Young, K. (no date)")
    );
    assert_eq!(
        cite(&f, "[@smith2002; @anderson2010; @smith2000]"),
        "(Smith, 2000, 2002; Anderson, 2010)"
    );
    let many = f.reference_html("many2018").unwrap();
    assert!(many.starts_with("One, A. <i>et al.</i> (2018)"), "{many}");
    assert_eq!(
        f.reference_text("thesis2016").unwrap(),
        "Lane, M. (2016) Parents as partners. PhD thesis. University of Leeds."
    );
}

#[test]
fn csl_year_letters_in_text_match_the_reference_list() {
    let bib = parse_bibliography(
        "references.bib",
        include_str!("../../tests/fixtures/evidence/apa.bib"),
    )
    .expect("fixture parses");
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/evidence/csl/apa.csl");
    let f = Formatter::new(&bib, &CitationStyle::Csl(path), "en-US").expect("style loads");
    for key in ["hornby2011a", "hornby2011b"] {
        let cited = cite(&f, &format!("[@{key}]"));
        let letter = cited.trim_end_matches(')').chars().last().unwrap();
        let listed = f.reference_text(key).unwrap();
        assert!(
            listed.contains(&format!("(2011{letter})")),
            "{key}: cited {cited}, listed {listed}"
        );
    }
}
