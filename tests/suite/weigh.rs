//! Evidence readers can weigh (issue 15, docs/weighing-evidence.md): the
//! popover at every citation, claim-level backlinks, the wording lint,
//! currency warnings, the evidence map and the citable-page files.

use crate::harness::{Site, TIMEOUT, select, sheaf_with, text_of};

/// 2026-05-28, so review ages do not depend on the day the tests run.
const TODAY: (&str, &str) = ("SOURCE_DATE_EPOCH", "1780000000");

fn lint_site() -> (Site, String) {
    let site = Site::fixture("weigh/lint");
    let run = site.build();
    (site, run.stderr)
}

#[test]
fn causal_wording_citing_only_a_correlational_source_warns_at_the_verb() {
    let (_site, stderr) = lint_site();
    assert!(
        stderr.contains("warning: causal wording `improves`, but no source this sentence cites can support a causal claim"),
        "{stderr}"
    );
    // "Homework help improves": the verb starts at column 39 of line 5.
    assert!(
        stderr.contains("content/notes/causal-correlational.md:5:39"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\"is associated with\" or \"is linked to\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("cites `corr2020` (cross-sectional survey, moderate)"),
        "{stderr}"
    );
}

#[test]
fn causal_wording_citing_a_trial_or_a_source_marked_causal_does_not_warn() {
    let (_site, stderr) = lint_site();
    // rct2021's design is "  Randomised Controlled TRIAL " (case and
    // spaces ignored); flagged2022's notes say `causal = true`.
    assert!(!stderr.contains("causal-rct.md"), "{stderr}");
}

#[test]
fn hedged_wording_does_not_warn() {
    let (_site, stderr) = lint_site();
    // "is associated with better", "is linked to improved".
    assert!(!stderr.contains("hedged.md"), "{stderr}");
    assert_eq!(stderr.matches("causal wording").count(), 1, "{stderr}");
}

#[test]
fn strict_turns_the_wording_warning_into_a_failed_build() {
    let site = Site::fixture("weigh/lint");
    let run = site.sheaf(&["build", "--strict"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: causal wording `improves`"),
        "{}",
        run.stderr
    );
}

#[test]
fn configured_designs_and_words_replace_the_defaults() {
    let site = Site::fixture("weigh/lint");
    site.edit("sheaf.toml", |t| {
        t + "\n[evidence]\ncausal_designs = [\" Cross-Sectional Survey\", \"randomised controlled trial\"]\n"
    });
    let run = site.build();
    assert!(!run.stderr.contains("causal wording"), "{}", run.stderr);
    let site = Site::fixture("weigh/lint");
    site.edit("sheaf.toml", |t| {
        t + "\n[evidence]\ncausal_words = [\"helps … scores\"]\ncertainty_words = []\n"
    });
    let run = site.build();
    // Only the configured phrase, its first word inflected and `…` taking
    // up to four words: "help improves reading scores" (once: the hedged
    // sentence needs five words between them, the trial is causal).
    assert_eq!(
        run.stderr.matches("causal wording `help`").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("causal-correlational.md:5:34"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("`improves`"), "{}", run.stderr);
}

#[test]
fn certainty_wording_warns_unless_a_cited_source_is_strong() {
    let site = Site::fixture("weigh/lint");
    site.write(
        "content/notes/certain.md",
        "+++\ntitle = \"Certain\"\n+++\n\nThere is clear evidence of benefit [@corr2020]. There is clear evidence of benefit [@rct2021].\n",
    );
    let run = site.build();
    assert_eq!(
        run.stderr.matches("wording of certainty `clear`").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/notes/certain.md:5:10"),
        "{}",
        run.stderr
    );
}

#[test]
fn each_citation_has_an_id_and_a_popover_with_the_evidence() {
    let (site, _) = lint_site();
    let doc = site.html("notes/causal-correlational/index.html");
    let cite = select(&doc, "main span.cite#cite-1");
    assert_eq!(cite.len(), 1, "the first citation is #cite-1");
    let button = select(
        &doc,
        "#cite-1 button.cite__more[popovertarget='cite-1-pop']",
    );
    assert_eq!(button.len(), 1);
    assert_eq!(text_of(&button[0]), "");
    let pop = select(&doc, "#cite-1 [popover]#cite-1-pop");
    assert_eq!(pop.len(), 1, "the popover is in the page, next to the link");
    let text = pop[0].text().collect::<String>();
    for part in [
        "Lee, A., & Park, B. (2020). Homework help",
        "Study design: cross-sectional survey",
        "Moderate evidence",
        "Where: p. 4",
        "About this source",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let source = select(&doc, "#cite-1-pop a[href='/weigh/evidence/corr2020/']");
    assert_eq!(source.len(), 1);
    // Without the popover, the citation is still a link to the reference.
    assert_eq!(
        select(&doc, "#cite-1 > a.citation[href='#ref-corr2020']").len(),
        1
    );
}

#[test]
fn desforges2003_source_page_lists_the_exact_citing_sentences_with_working_links() {
    let site = Site::example();
    site.build();
    let doc = site.html("evidence/desforges2003/index.html");
    // Grouped by language (English, then Arabic, then Vietnamese), by title
    // within each.
    let claims: Vec<(String, String)> = select(&doc, ".cited-list .claim-list a")
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        claims,
        [
            (
                "It found this was closely linked with how well children did at school.".to_string(),
                "/families/factsheets/learning-at-home/#cite-1".to_string()
            ),
            (
                "In an influential review for the English Department for Education and Skills, Desforges and Abouchaar (2003) concluded that what they called “at-home good parenting” was strongly and positively associated with achievement.".to_string(),
                "/families/research/what-the-research-says/#cite-5".to_string()
            ),
            (
                "وجدت مراجعة كبيرة للأبحاث أن ما سم\u{651}ته “التربية الجيدة في البيت” يرتبط ارتباطا\u{64b} وثيقا\u{64b} بنتائج الأطفال في المدرسة.".to_string(),
                "/families/ar/factsheets/learning-at-home/#cite-1".to_string()
            ),
            (
                "Một bản tổng quan lớn về các nghiên cứu cho thấy điều mà các tác giả gọi là “cách nuôi dạy tốt ở nhà” gắn liền với kết quả học tập của trẻ ở trường.".to_string(),
                "/families/vi/factsheets/learning-at-home/#cite-1".to_string()
            ),
        ]
    );
    for (_, href) in &claims {
        let (page, id) = href.split_once('#').unwrap();
        let file = format!("{}index.html", page.strip_prefix("/families/").unwrap());
        let target = site.html(&file);
        let cited = select(
            &target,
            &format!("span.cite[id='{id}'] a.citation[href='#ref-desforges2003']"),
        );
        assert_eq!(cited.len(), 1, "{href} is a citation of desforges2003");
    }
}

#[test]
fn evidence_map_counts_equal_a_hand_count_on_the_example_site() {
    let site = Site::example();
    site.build();
    let doc = site.html("evidence/map/index.html");
    assert_eq!(select(&doc, "main table caption").len(), 1);
    let heads: Vec<String> = select(&doc, "main thead th").iter().map(text_of).collect();
    assert_eq!(heads, ["Outcomes", "Strong", "Moderate", "Emerging"]);
    let rows: Vec<(String, Vec<String>)> = select(&doc, "main tbody tr")
        .iter()
        .map(|tr| {
            let head = select_in(tr, "th[scope='row']");
            let cells = select_in(tr, "td");
            (head[0].clone(), cells)
        })
        .collect();
    // Hand count from content/: "What the research says" is tagged with all
    // 17 outcomes and cites all 13 sources, so every outcome counts every
    // source once. Levels in content/evidence/*.md:
    //   strong (6):   desforges2003, henderson2002, jeynes2005, jeynes2007,
    //                 jeynes2012, webster2010
    //   moderate (5): apc2009, cox2005, emerson2012, harris2007, stormshak2010
    //   emerging (2): deewr2008, pricemitchell2009
    assert_eq!(rows.len(), 17, "{rows:?}");
    for (term, cells) in &rows {
        assert_eq!(cells, &["6", "5", "2"], "{term}");
    }
    assert_eq!(rows[0].0, "Academic achievement");
}

#[test]
fn evidence_map_counts_distinct_sources_per_term() {
    let site = Site::fixture("weigh/currency");
    sheaf_with(site.root(), &["build", "--quiet"], &[TODAY], TIMEOUT);
    let doc = site.html("evidence/map/index.html");
    let rows: Vec<(String, Vec<String>)> = select(&doc, "main tbody tr")
        .iter()
        .map(|tr| (select_in(tr, "th")[0].clone(), select_in(tr, "td")))
        .collect();
    // Page two ("Reading") cites new2024 (strong), gone2015 (moderate) and
    // old2010 (emerging); page one ("Vocabulary") only gone2015.
    assert_eq!(
        rows,
        [
            (
                "Reading".to_string(),
                vec!["1".to_string(), "1".into(), "1".into()]
            ),
            (
                "Vocabulary".to_string(),
                vec!["0".to_string(), "1".into(), "0".into()]
            ),
        ]
    );
}

fn select_in(el: &scraper::ElementRef<'_>, css: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(css).unwrap();
    el.select(&sel).map(|e| text_of(&e)).collect()
}

#[test]
fn retracted_and_superseded_sources_warn_at_each_citation() {
    let site = Site::fixture("weigh/currency");
    let run = sheaf_with(site.root(), &["build"], &[TODAY], TIMEOUT);
    let stderr = &run.stderr;
    assert_eq!(stderr.matches("which is retracted").count(), 2, "{stderr}");
    assert!(stderr.contains("content/pages/one.md:8:49"), "{stderr}");
    assert!(stderr.contains("content/pages/two.md:10:48"), "{stderr}");
    assert!(
        stderr.contains("cites `old2010`, which is superseded by `new2024`"),
        "{stderr}"
    );
    assert!(stderr.contains("content/pages/two.md:8:48"), "{stderr}");
}

#[test]
fn a_stale_review_warns_at_the_reviewed_line() {
    let site = Site::fixture("weigh/currency");
    let run = sheaf_with(site.root(), &["build"], &[TODAY], TIMEOUT);
    let stderr = &run.stderr;
    assert!(stderr.contains("the evidence notes for `old2010` were last reviewed on 2001-02-03, more than 24 months ago"), "{stderr}");
    assert!(
        stderr.contains("content/evidence/old2010.md:6:1"),
        "{stderr}"
    );
    // gone2015 and new2024 were reviewed within the limit.
    assert_eq!(stderr.matches("were last reviewed").count(), 1, "{stderr}");
}

#[test]
fn source_pages_carry_a_status_banner_and_pages_their_oldest_review() {
    let site = Site::fixture("weigh/currency");
    sheaf_with(site.root(), &["build", "--quiet"], &[TODAY], TIMEOUT);
    let doc = site.html("evidence/gone2015/index.html");
    let banner = select(&doc, "main .source-status--retracted");
    assert_eq!(banner.len(), 1);
    assert!(text_of(&banner[0]).contains("This source has been retracted."));
    let doc = site.html("evidence/old2010/index.html");
    let banner = select(
        &doc,
        "main .source-status--superseded a[href='/currency/evidence/new2024/']",
    );
    assert_eq!(banner.len(), 1);
    let doc = site.html("pages/two/index.html");
    let reviewed = select(&doc, "main .meta-list time");
    let last = reviewed.last().map(text_of);
    assert_eq!(
        last.as_deref(),
        Some("3 February 2001"),
        "old2010's review is the oldest"
    );
}

#[test]
fn cite_files_round_trip_through_the_bibliography_loader() {
    let site = Site::example();
    site.build();
    let bib = site.read("factsheets/learning-at-home/cite.bib");
    let parsed = sheaf::evidence::parse_bibliography("cite.bib", &bib).expect("cite.bib parses");
    let work = parsed.get("learning-at-home").expect("entry keyed by slug");
    assert_eq!(work.title, "Learning at home");
    assert_eq!(work.authors[0].family, "Parent Engagement in Learning");
    assert_eq!(work.authors[0].given, None, "an organisation");
    assert_eq!(work.year, Some(2024));
    let json = site.read("factsheets/learning-at-home/cite.json");
    let parsed = sheaf::evidence::parse_bibliography("cite.json", &json).expect("cite.json parses");
    let work = parsed.get("learning-at-home").expect("one CSL-JSON item");
    assert_eq!(work.title, "Learning at home");
    assert_eq!(work.authors[0].family, "Parent Engagement in Learning");
    assert_eq!(
        work.url.as_deref(),
        Some("https://example.org/families/factsheets/learning-at-home/")
    );
    let ris = site.read("factsheets/learning-at-home/cite.ris");
    assert!(
        ris.starts_with("TY  - ELEC\r\nTI  - Learning at home\r\n"),
        "{ris}"
    );
    assert!(ris.ends_with("ER  - \r\n"));
    let doc = site.html("factsheets/learning-at-home/index.html");
    for file in ["cite.bib", "cite.ris", "cite.json"] {
        let href = format!("/families/factsheets/learning-at-home/{file}");
        assert_eq!(
            select(&doc, &format!(".cite-box a[download][href='{href}']")).len(),
            1,
            "{file}"
        );
    }
    assert_eq!(select(&doc, ".cite-box button.cite-copy[hidden]").len(), 1);
}

#[test]
fn page_head_has_highwire_tags_and_json_ld_escaped_for_script() {
    let site = Site::example();
    site.edit("content/factsheets/learning-at-home.md", |t| {
        t.replacen(
            "title = \"Learning at home\"",
            "title = \"Learning </script><!-- at home & more\"",
            1,
        )
    });
    site.build();
    let html = site.read("factsheets/learning-at-home/index.html");
    let doc = scraper::Html::parse_document(&html);
    let meta = |name: &str| {
        select(&doc, &format!("meta[name='{name}']"))
            .first()
            .and_then(|m| m.value().attr("content").map(str::to_string))
    };
    assert_eq!(
        meta("citation_title").as_deref(),
        Some("Learning </script><!-- at home & more")
    );
    assert_eq!(
        meta("citation_author").as_deref(),
        Some("Parent Engagement in Learning")
    );
    assert_eq!(
        meta("citation_publication_date").as_deref(),
        Some("2024/03/01")
    );
    assert_eq!(meta("citation_online_date").as_deref(), Some("2025/02/10"));
    assert_eq!(
        meta("citation_public_url").as_deref(),
        Some("https://example.org/families/factsheets/learning-at-home/")
    );
    let scripts = select(&doc, "script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    let raw = scripts[0].inner_html();
    assert!(!raw.contains("</") && !raw.contains("<!--"), "{raw}");
    let ld: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(ld["@type"], "Report");
    assert_eq!(ld["name"], "Learning </script><!-- at home & more");
    assert_eq!(ld["dateModified"], "2025-02-10");
    let cited: Vec<&str> = ld["citation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(cited.len(), 4, "{cited:?}");
}

#[test]
fn source_pages_have_work_json_ld_and_coins_for_reference_managers() {
    let (site, _) = lint_site();
    let doc = site.html("evidence/corr2020/index.html");
    let scripts = select(&doc, "script[type='application/ld+json']");
    let ld: serde_json::Value = serde_json::from_str(&scripts[0].inner_html()).unwrap();
    assert_eq!(ld["@type"], "ScholarlyArticle");
    assert_eq!(ld["identifier"]["value"], "10.5555/corr.2020");
    let coins = select(&doc, "span.Z3988");
    let title = coins[0].value().attr("title").unwrap();
    assert!(
        title.starts_with("ctx_ver=Z39.88-2004&rft_val_fmt=info:ofi/fmt:kev:mtx:journal"),
        "{title}"
    );
    assert!(
        title.contains("rft.atitle=Homework%20help%20and%20reading"),
        "{title}"
    );
    assert!(
        title.contains("rft_id=info%3Adoi%2F10%2E5555%2Fcorr%2E2020"),
        "{title}"
    );
}

mod browser;
mod crossref;

/// `sheaf serve` redoes the weighing of an edited page with the full
/// build's functions: its wording lint, and the citing sentences the
/// source's "Cited in" list quotes, equal to a full build.
#[test]
fn serve_relints_an_edited_page_and_requotes_its_claim_like_a_full_build() {
    let site = Site::fixture("weigh/lint");
    let root = site.root();
    let mut preview = crate::serve::session(root);
    assert!(preview.full_build().ok());
    let path = root.join("content/notes/hedged.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("is associated with better", "improves")).unwrap();
    let outcome = preview.session.rebuild(&[path]);
    assert_eq!(outcome.kind, sheaf::serve::Kind::Partial);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert!(
        outcome
            .warnings
            .iter()
            .any(|w| w.message.starts_with("causal wording `improves`")),
        "{:?}",
        outcome.warnings
    );
    sheaf::serve::apply(&mut preview.published, outcome);
    let files = preview.snapshot();
    let (_, source) = files
        .iter()
        .find(|(p, _)| p.ends_with("evidence/corr2020/index.html"))
        .expect("corr2020's source page");
    assert!(
        String::from_utf8_lossy(source).contains("Homework help improves reading scores"),
        "the source page quotes the edited sentence"
    );
    crate::serve::assert_same_as_full_build(&mut preview, root, "wording edit");
}
