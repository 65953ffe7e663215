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
    #[command(after_help = "Example:\n  sheaf new families && cd families && sheaf serve")]
    New {
        /// Folder to create (must not exist or be empty)
        dir: PathBuf,
    },
    /// Build the site into the output folder
    #[command(
        after_help = "Examples:\n  sheaf build\n  sheaf build --output /tmp/site --base-url https://example.org/families/\n  sheaf build --drafts --pdf"
    )]
    Build(BuildArgs),
    /// Validate everything a build would, writing nothing: front matter,
    /// citations, @/, relative and root-relative links and images
    #[command(
        after_help = "Examples:\n  sheaf check\n  sheaf check --strict     # warnings are errors too\n  sheaf check --external   # also ask other websites whether links work"
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
