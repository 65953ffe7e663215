//! `sheaf serve`: find the site, then hand over to the library's server.

use std::sync::Arc;

use sheaf::diagnostics::Diagnostic;
use sheaf::serve::{ServeOptions, Terminal};

use super::{Ui, find_root};
use crate::cli::ServeArgs;

/// The server's progress lines and diagnostics, on stderr, printed as
/// the other commands print them.
struct Console {
    ui: Ui,
}

impl Terminal for Console {
    fn status(&self, line: &str) {
        // The address line is printed even with --quiet: it is the result.
        if !self.ui.quiet || line.starts_with("web server is available") {
            say!("{}", sheaf::diagnostics::escape_controls(line, true));
        }
    }

    fn diagnostic(&self, d: &Diagnostic) {
        self.ui.diagnostic(d);
    }

    fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        self.ui.diagnostics(diagnostics);
    }
}

pub fn run(ui: &Ui, args: ServeArgs) -> i32 {
    let root = match find_root(ui, args.root.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let opts = ServeOptions {
        root,
        port: args.port,
        interface: args.interface,
        open: args.open,
        drafts: args.drafts,
    };
    let console = Arc::new(Console {
        ui: Ui {
            quiet: ui.quiet,
            verbose: ui.verbose,
            colour: ui.colour,
        },
    });
    match sheaf::serve::run(opts, console) {
        Ok(()) => 0,
        Err(e @ sheaf::serve::ServeError::Interface(_)) => {
            ui.problem(&e.to_string(), &e.help());
            super::EXIT_USAGE
        }
        Err(e) => {
            ui.problem(&e.to_string(), &e.help());
            super::EXIT_ENVIRONMENT
        }
    }
}
