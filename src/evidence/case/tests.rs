//! Sentence and title case on titles from real bibliographies.

use super::*;

fn sc(s: &str) -> String {
    sentence_case(&[Piece::plain(s)]).text
}

#[test]
fn title_case_titles_become_sentence_case() {
    assert_eq!(
        sc("Data Science in Higher Education: A Step-by-Step Introduction"),
        "Data science in higher education: A step-by-step introduction"
    );
    assert_eq!(
        sc("Beyond P-Values: Using Bayesian Data Analysis in Science Education Research"),
        "Beyond p-values: Using Bayesian data analysis in science education research"
    );
    assert_eq!(
        sc("Publication Decisions and Tests of Significance—A Comment"),
        "Publication decisions and tests of significance—A comment"
    );
}

#[test]
fn proper_nouns_the_word_list_knows_stay_capitalised() {
    assert_eq!(
        sc("Protestant Ethics in Spain Since December"),
        "Protestant ethics in Spain since December"
    );
    assert_eq!(sc("Running Linux at Home"), "Running Linux at home");
    assert_eq!(
        sc("Savage Inequalities: Children in America's Schools"),
        "Savage inequalities: Children in America's schools"
    );
}

#[test]
fn doubtful_words_are_reported() {
    let r = sentence_case(&[Piece::plain("Notes for White Teachers")]);
    assert_eq!(r.text, "Notes for white teachers");
    assert_eq!(r.doubtful, ["White"]);
}

#[test]
fn acronyms_internal_capitals_and_braces_are_kept() {
    assert_eq!(
        sc("An Investigation of SETHs and LIWC2015 in McFarland's Data"),
        "An investigation of SETHs and LIWC2015 in McFarland's data"
    );
    let pieces = [
        Piece::plain("The Art of "),
        Piece {
            text: "Data Science".into(),
            protected: true,
        },
    ];
    assert_eq!(sentence_case(&pieces).text, "The art of Data Science");
}

#[test]
fn sentence_case_titles_keep_their_capitals_and_gain_one_after_a_colon() {
    assert_eq!(
        sc("Staying the course: online education in the United States, 2008"),
        "Staying the course: Online education in the United States, 2008"
    );
    assert_eq!(
        sc("For White folks who teach in the hood... and the rest of y'all too"),
        "For White folks who teach in the hood... and the rest of y'all too"
    );
    assert_eq!(
        sc("the development of LIWC2015"),
        "The development of LIWC2015"
    );
    assert_eq!(sc("tidyLPA: an R package"), "tidyLPA: An R package");
}

#[test]
fn periodicals_get_title_case() {
    assert_eq!(
        title_case(&[Piece::plain("Journal of statistical software")]),
        "Journal of Statistical Software"
    );
    assert_eq!(
        title_case(&[Piece::plain("E-learning and digital media")]),
        "E-Learning and Digital Media"
    );
    assert_eq!(
        title_case(&[Piece::plain("The Journal Of Applied Psychology")]),
        "The Journal of Applied Psychology"
    );
}
