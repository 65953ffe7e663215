//! `sheaf build`.

use std::time::Instant;

use sheaf::BuildOptions;

use super::{Ui, find_root, plural, shown};
use crate::cli::BuildArgs;

/// The most worker threads `--jobs` may ask for.
pub const MAX_JOBS: usize = 256;

pub fn run(ui: &Ui, args: BuildArgs) -> i32 {
    let root = match find_root(ui, args.root.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    if let Some(jobs) = args.jobs {
        if jobs == 0 {
            ui.problem(
                "--jobs must be at least 1",
                "pass --jobs N with N ≥ 1, or leave it out to use every core",
            );
            return super::EXIT_USAGE;
        }
        // Each job may hold a Chromium tab while printing; thousands of
        // threads would exhaust memory rather than go faster.
        if jobs > MAX_JOBS {
            ui.problem(
                &format!("--jobs {jobs} is more than the {MAX_JOBS} sheaf allows"),
                "pass a number up to the machine's core count, or leave --jobs out",
            );
            return super::EXIT_USAGE;
        }
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
    }
    if let Some(url) = &args.base_url
        && let Err(why) = sheaf::config::normalise_base_url(url)
    {
        ui.problem(
            &format!("--base-url {why}"),
            "pass a full address such as https://example.org/families/",
        );
        // A bad value is a site error (docs/errors.md), not a misused flag.
        return 1;
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let output = args
        .output
        .map_or_else(|| root.join("public"), |o| cwd.join(o));
    // Inside static/, every build would publish the previous one again,
    // nested one level deeper each time.
    let static_dir = root.join("static");
    let resolved = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // (`--output static` itself is refused as a folder sheaf did not make.)
    let (output_abs, static_abs) = (resolved(&output), resolved(&static_dir));
    if output_abs.starts_with(&static_abs) && output_abs != static_abs {
        ui.problem(
            &format!(
                "--output {} is inside static/, so each build would publish the one before it",
                super::shown(&output)
            ),
            "build into a folder outside static/, such as the default public/",
        );
        return super::EXIT_USAGE;
    }
    let opts = BuildOptions {
        root,
        output: output.clone(),
        base_url: args.base_url,
        drafts: args.drafts,
        pdf: args.pdf,
        strict: args.strict,
        jobs: args.jobs,
        reading_figures: false,
    };
    let start = Instant::now();
    match sheaf::build(&opts) {
        Ok(report) => {
            ui.report_warnings(&report);
            let mut line = format!("Built {} page{}", report.pages, plural(report.pages));
            line.push_str(&format!(
                ", {} source{}",
                report.sources,
                plural(report.sources)
            ));
            line.push_str(&format!(", {} PDF{}", report.pdfs, plural(report.pdfs)));
            ui.status(&format!(
                "{line} in {:.2} s -> {}/",
                start.elapsed().as_secs_f64(),
                shown(&output)
            ));
            0
        }
        Err(e) => ui.failure(&e),
    }
}
