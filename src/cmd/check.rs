//! `sheaf check`: everything `build` validates, writing nothing.

use sheaf::BuildOptions;

use super::{Ui, find_root, plural};
use crate::cli::CheckArgs;

pub fn run(ui: &Ui, args: CheckArgs) -> i32 {
    let root = match find_root(ui, args.root.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    if args.external {
        ui.status("note: --external link checking needs network access and is not done by this version; internal links are checked");
    }
    let opts = BuildOptions {
        output: root.join("public"),
        root,
        base_url: None,
        drafts: args.drafts,
        pdf: false,
        strict: args.strict,
        jobs: None,
    };
    match sheaf::check(&opts) {
        Ok(report) => {
            ui.report_warnings(&report);
            let w = report.warnings.len();
            ui.status(&format!(
                "Checked {} page{}, {} source{}: no errors{}",
                report.pages,
                plural(report.pages),
                report.sources,
                plural(report.sources),
                if w > 0 {
                    format!(", {w} warning{}", plural(w))
                } else {
                    String::new()
                }
            ));
            0
        }
        Err(e) => ui.failure(&e),
    }
}
