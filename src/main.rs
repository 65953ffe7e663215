//! The `sheaf` binary: parse the command line, run the command, map the
//! outcome to an exit code (0 ok, 1 site errors, 2 usage, 3 environment).

use clap::Parser;

/// `eprintln!` that gives up quietly when stderr is gone: `sheaf build 2>&1
/// | head -1` closes the pipe after one line, and a message nobody can read
/// is no reason to panic (exit 101) after the output is in place. The
/// command still ends with its own exit code.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod cli;
mod cmd;

/// jemalloc rather than the system's allocator: the build allocates and
/// frees from every worker thread at once, and with glibc's malloc a
/// 10,000-page build took 16 % longer (docs/performance.md, "Allocator").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read once as it starts (`_RJEM_MALLOC_CONF` in the
/// environment still overrides them). By default jemalloc keeps freed pages
/// for ten seconds, so a build's peak memory held everything the load and
/// Markdown stages had freed as well: a background thread that hands freed
/// pages back after 200 ms cut the 10,000-page build's peak by 12 % at no
/// measurable cost in time (docs/performance.md, "Returning freed memory").
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: MallocConf =
    MallocConf(c"background_thread:true,dirty_decay_ms:200,muzzy_decay_ms:0".as_ptr());

/// jemalloc's `const char *malloc_conf`.
#[cfg(not(target_env = "msvc"))]
#[repr(transparent)]
struct MallocConf(*const std::ffi::c_char);

// SAFETY: the pointer is to a `'static` C string literal, never written.
#[cfg(not(target_env = "msvc"))]
unsafe impl Sync for MallocConf {}

/// Where Tera's hash maps get their seeds. Tera makes an `AHashMap` for
/// every map and struct it renders, and aHash's default source seeds each
/// one from a single atomic counter shared by all threads: on a 10,000-page
/// build that one cache line, passed between the cores for every map, was
/// 0.7 % of the build. Each thread counts on its own here; the seeds are
/// still mixed with aHash's random per-process keys, as before.
struct PerThreadSeeds;

impl ahash::random_state::RandomSource for PerThreadSeeds {
    fn gen_hasher_seed(&self) -> usize {
        thread_local! {
            static COUNTER: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        COUNTER.with(|counter| {
            // Each thread starts from its own counter's address, so no two
            // threads hand out the same run of seeds.
            let start = counter as *const _ as usize;
            let seed = match counter.get() {
                0 => start,
                n => n.wrapping_add(start | 1),
            };
            counter.set(seed);
            seed
        })
    }
}

fn main() {
    // Before anything makes a hash map (it fails if one was made already,
    // and the default source is then kept).
    let _ = ahash::random_state::set_random_source(PerThreadSeeds);
    let cli = cli::Cli::parse();
    let ui = cmd::Ui::new(cli.quiet, cli.verbose);
    let code = match cli.command {
        cli::Command::New(args) => cmd::new::run(&ui, &args),
        cli::Command::Add(args) => cmd::add::run(&ui, &args),
        cli::Command::Theme(cli::ThemeCommand::Eject(args)) => cmd::theme::eject(&ui, &args),
        cli::Command::Build(args) => cmd::build::run(&ui, args),
        cli::Command::Check(args) => cmd::check::run(&ui, args),
        cli::Command::Serve(args) => cmd::serve::run(&ui, args),
        cli::Command::Translations(args) => cmd::translations::run(&ui, args),
    };
    std::process::exit(code);
}
