//! `sheaf check`: everything `build` validates, writing nothing; with
//! `--external`, also every link to another website.

use sheaf::BuildOptions;
use sheaf::diagnostics::{Diagnostic, Severity};

use super::{Ui, find_root, plural};
use crate::cli::{CheckArgs, CheckFormat};

pub fn run(ui: &Ui, args: CheckArgs) -> i32 {
    let root = match find_root(ui, args.root.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let opts = BuildOptions {
        output: root.join("public"),
        root,
        base_url: None,
        drafts: args.drafts,
        pdf: false,
        // `--strict` is applied here rather than by the pipeline, so the
        // external check still runs when the site's only faults are
        // warnings, and reports everything in one run.
        strict: false,
        jobs: None,
        // The table and `--format json` print every page's figures.
        reading_figures: true,
    };
    let json = args.format == CheckFormat::Json;
    let (data, plan, mut report) = match sheaf::pipeline::assemble(&opts) {
        Ok(assembled) => assembled,
        Err(sheaf::Error::Site { diagnostics }) if json => {
            println!("{}", sheaf::plain::report::json(&[], &diagnostics));
            return 1;
        }
        Err(e) => return ui.failure(&e),
    };
    if !args.no_print {
        report.warnings.extend(print_fit(ui, &data, &plan));
    }
    drop(plan);
    if args.strict {
        for d in &mut report.warnings {
            d.severity = Severity::Error;
        }
    }
    if !json {
        ui.report_warnings(&report);
    }
    let mut errors = report.warnings.iter().filter(|d| d.is_error()).count();
    let mut warnings = report.warnings.len() - errors;
    if args.external {
        let found = check_external(ui, &data, args.strict, !json);
        errors += found.iter().filter(|d| d.is_error()).count();
        warnings += found.iter().filter(|d| !d.is_error()).count();
        report.warnings.extend(found);
    }
    if json {
        let pages = &report.readability.pages;
        println!("{}", sheaf::plain::report::json(pages, &report.warnings));
        return i32::from(errors > 0);
    }
    let table = sheaf::plain::report::table(&report.readability.pages);
    if !table.is_empty() {
        ui.status(table.trim_end());
    }
    let summary = |outcome: &str| {
        format!(
            "Checked {} page{}, {} source{}: {outcome}{}",
            report.pages,
            plural(report.pages),
            report.sources,
            plural(report.sources),
            if warnings > 0 {
                format!(", {warnings} warning{}", plural(warnings))
            } else {
                String::new()
            }
        )
    };
    if errors > 0 {
        eprintln!("{}", summary(&format!("{errors} error{}", plural(errors))));
        return 1;
    }
    ui.status(&summary("no errors"));
    0
}

/// The print-fit check (docs/printing.md#no-wasted-paper): its warnings,
/// or a note on stderr saying why it did not run and how to make it.
fn print_fit(
    ui: &Ui,
    data: &sheaf::site::SiteData,
    plan: &sheaf::output::OutputPlan,
) -> Vec<Diagnostic> {
    let jobs = rayon::current_num_threads();
    match sheaf::print::check_print_fit(data, plan, jobs) {
        Ok(found) => found,
        Err(e) => {
            let why = if e.no_browser() {
                "it lays the printed pages out in Chromium"
            } else {
                "laying the printed pages out failed"
            };
            ui.note(
                &format!("the print-fit check was not run: {why}: {e}"),
                &e.help(),
            );
            Vec::new()
        }
    }
}

/// Checks every external link, prints a diagnostic per failing place and
/// the summary table; returns the diagnostics.
fn check_external(
    ui: &Ui,
    data: &sheaf::site::SiteData,
    strict: bool,
    print: bool,
) -> Vec<Diagnostic> {
    let settings = &data.config.check;
    let targets = sheaf::links::external_targets(data);
    ui.status(&format!(
        "Checking {} external URL{}…",
        targets.len(),
        plural(targets.len())
    ));
    let mut cache = sheaf::links::Cache::load(&data.config.root);
    let checked = sheaf::links::check_all(targets, settings, &mut cache);
    if let Err(e) = cache.save(&data.config.root) {
        ui.diagnostic(
            &Diagnostic::warning(format!(
                "cannot write the link cache {}: {e}",
                sheaf::links::cache::cache_path(&data.config.root).display()
            ))
            .help("the next check asks every server again; check that the site folder is writable"),
        );
    }
    let mut found = sheaf::links::diagnostics(&checked, settings.external_timeout);
    let (notices, notes) = match data.evidence.as_deref() {
        Some(evidence) => sheaf::evidence::weigh::notices::crossref_check(
            &data.config,
            &data.content,
            [&data.page_docs.raw, &data.section_docs.raw],
            &evidence.bibliography,
            &evidence.linked.backlinks,
        ),
        None => (Vec::new(), Vec::new()),
    };
    found.extend(notices);
    for note in &notes {
        ui.status(&format!("note: {note}"));
    }
    if strict {
        for d in &mut found {
            d.severity = Severity::Error;
        }
    }
    if print {
        ui.diagnostics(&found);
        ui.status(sheaf::links::summary_table(&checked).trim_end());
    }
    found
}
