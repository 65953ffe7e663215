//! The command line: clap definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "sheaf",
    version,
    about = "Build evidence-linked factsheet websites and print-ready booklets from Markdown",
    long_about = None,
    after_help = "Examples:\n  sheaf new my-site        scaffold a site\n  sheaf build              build into public/\n  sheaf serve --open       preview with live reload\n  sheaf check --strict     validate, treating warnings as errors"
)]
pub struct Cli {
    /// Print errors only
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print timings per stage
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a working site: config, theme, a factsheet, a source and a bibliography
    #[command(
        after_help = "Examples:\n  sheaf new families && cd families && sheaf serve\n  sheaf new families --yes --title \"Family Guides\" --base-url https://example.org/families/"
    )]
    New(NewArgs),
    /// Create a page with complete front matter: sheaf add <section>/<slug>
    #[command(after_help = "Examples:\n  sheaf add factsheets/reading-together\n  sheaf add about")]
    Add(AddArgs),
    /// Work with the theme
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Build the site into the output folder
    #[command(
        after_help = "Examples:\n  sheaf build\n  sheaf build --output /tmp/site --base-url https://example.org/families/\n  sheaf build --drafts --pdf"
    )]
    Build(BuildArgs),
    /// Validate everything a build would, writing nothing: front matter,
    /// citations, @/, relative and root-relative links and images
    #[command(
        after_help = "Examples:\n  sheaf check\n  sheaf check --strict     # warnings are errors too\n  sheaf check --external   # also ask other websites whether links work\n  sheaf check --format json > report.json"
    )]
    Check(CheckArgs),
    /// Preview the site locally, rebuilding and reloading the browser on every save
    #[command(after_help = "Examples:\n  sheaf serve\n  sheaf serve --port 0 --open")]
    Serve(ServeArgs),
    /// List every page's translations: up to date, out of date or missing
    #[command(
        after_help = "Examples:\n  sheaf translations\n  sheaf translations mark content/factsheets/learning-at-home.vi.md\n  sheaf translations mark --all"
    )]
    Translations(TranslationsArgs),
}

#[derive(Debug, Args)]
pub struct TranslationsArgs {
    #[command(flatten)]
    pub root: RootArg,
    #[command(subcommand)]
    pub action: Option<TranslationsAction>,
}

#[derive(Debug, Subcommand)]
pub enum TranslationsAction {
    /// Record that translations match their source as it is now
    Mark {
        /// Translation files (paths relative to the current folder)
        #[arg(required_unless_present = "all")]
        files: Vec<PathBuf>,
        /// Mark every translation in the site
        #[arg(long, conflicts_with = "files")]
        all: bool,
        #[command(flatten)]
        root: RootArg,
    },
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Folder to create (must not exist, or be empty)
    pub dir: PathBuf,
    /// The site's title (asked for in a terminal)
    #[arg(long)]
    pub title: Option<String>,
    /// The address the site will be published at (asked for in a terminal)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The organisation the site speaks for: the author in "how to cite"
    #[arg(long)]
    pub organisation: Option<String>,
    /// Never ask; use the flags given and defaults for the rest
    #[arg(short, long)]
    pub yes: bool,
    /// Write into an existing folder that holds only hidden files and a README
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// `<section>/<slug>` (`factsheets/reading-together`), or a slug for a page at the top
    pub path: String,
}

#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Copy the built-in theme's templates, static files and strings out for editing
    #[command(
        after_help = "Example:\n  sheaf theme eject            # into themes/custom/; then set theme = \"custom\""
    )]
    Eject(EjectArgs),
}

#[derive(Debug, Args)]
pub struct EjectArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Where to copy it, relative to the site (default: themes/custom)
    pub dir: Option<PathBuf>,
    /// Copy into a folder that is not empty, replacing same-named files
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RootArg {
    /// Site folder (default: the nearest folder upwards holding a sheaf.toml)
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Output folder (default: <root>/public)
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Publish at this address instead of sheaf.toml's base_url
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages and sections marked draft
    #[arg(long)]
    pub drafts: bool,
    /// Also render PDFs with headless Chromium
    #[arg(long)]
    pub pdf: bool,
    /// Worker threads, 1 to 256 (default: one per core)
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
    /// Also check every link to another website and every DOI over HTTP
    /// (results cached in .sheaf-cache/links.json; see [check] in sheaf.toml)
    #[arg(long)]
    pub external: bool,
    /// Include drafts
    #[arg(long)]
    pub drafts: bool,
    /// Leave out the print-fit check (which lays the printed pages out in
    /// Chromium to find a last page holding only a few lines)
    #[arg(long)]
    pub no_print: bool,
    /// `text`: diagnostics and a reading-grade table on stderr; `json`: one
    /// JSON document on stdout (docs/plain-language.md)
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Interface to bind; only loopback unless you say otherwise
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: String,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Include drafts
    #[arg(long)]
    pub drafts: bool,
}
