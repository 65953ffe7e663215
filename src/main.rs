//! The `sheaf` binary: parse the command line, run the command, map the
//! outcome to an exit code (0 ok, 1 site errors, 2 usage, 3 environment).

use clap::Parser;

mod cli;
mod cmd;

fn main() {
    let cli = cli::Cli::parse();
    let ui = cmd::Ui::new(cli.quiet, cli.verbose);
    let code = match cli.command {
        cli::Command::New { dir } => cmd::new::run(&ui, &dir),
        cli::Command::Build(args) => cmd::build::run(&ui, args),
        cli::Command::Check(args) => cmd::check::run(&ui, args),
        cli::Command::Serve(args) => cmd::serve::run(&ui, args),
    };
    std::process::exit(code);
}
