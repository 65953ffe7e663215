//! `sheaf serve`.

use super::Ui;
use crate::cli::ServeArgs;

pub fn run(ui: &Ui, _args: ServeArgs) -> i32 {
    ui.problem(
        "`sheaf serve` is not available in this build yet",
        "use `sheaf build` and open public/index.html",
    );
    super::EXIT_USAGE
}
