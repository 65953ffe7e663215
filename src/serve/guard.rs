//! Keeps a bug from taking `serve` down or silencing it: every build,
//! rebuild and request-time regeneration runs under [`guarded`], which turns
//! a panic into an "internal error" diagnostic for the overlay, and
//! [`install_hook`] prints each panic on the terminal with how to report it.
//! The session is never left holding a poisoned lock; the next save
//! rebuilds from scratch.

use std::any::Any;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::sync::Arc;

use super::Terminal;
use crate::diagnostics::Diagnostic;

/// How every internal-error message starts, so the terminal report (made by
/// the panic hook) is not printed a second time with the failed build.
pub const INTERNAL_ERROR: &str = "internal error";

/// What the author can do about a bug in sheaf.
const HOW_TO_REPORT: &str = "this is a bug in sheaf, not a mistake in your files: please report it to the sheaf maintainers with this message, the output of `sheaf --version` and the file you last saved. sheaf serve keeps serving the last good build and builds everything again on your next save";

/// Runs `work`; a panic inside it (on this thread or a worker thread it
/// waits for) comes back as an internal-error diagnostic naming `doing`.
pub fn guarded<T>(doing: &str, work: impl FnOnce() -> T) -> Result<T, Diagnostic> {
    // The session's state may be half-updated after a panic; callers mark it
    // for a full rebuild, so nothing inconsistent is observed afterwards.
    std::panic::catch_unwind(AssertUnwindSafe(work))
        .map_err(|payload| internal_error(Some(doing), &panic_message(&*payload), None))
}

/// The diagnostic for a panic (while `doing` something, when known).
pub fn internal_error(doing: Option<&str>, message: &str, location: Option<&str>) -> Diagnostic {
    let doing = doing.map(|d| format!(" while {d}")).unwrap_or_default();
    let at = location.map(|l| format!(" (at {l})")).unwrap_or_default();
    Diagnostic::error(format!(
        "{INTERNAL_ERROR}: sheaf crashed{doing}: {message}{at}"
    ))
    .help(HOW_TO_REPORT)
}

/// The text a panic was raised with.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// Replaces the default panic message (a Rust backtrace hint on stderr)
/// with an internal-error diagnostic on `term`, naming where in sheaf's
/// code it happened, for the bug report.
pub fn install_hook(term: Arc<dyn Terminal>) {
    std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
        // The hook runs on whichever thread panicked (often a worker of a
        // parallel stage), which cannot tell what the build was doing.
        term.diagnostic(&internal_error(
            None,
            &panic_message(info.payload()),
            location.as_deref(),
        ));
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error_with_how_to_report_it() {
        let result: Result<(), _> = guarded("testing", || panic!("boom {}", 7));
        let text = result.unwrap_err().render(false);
        assert!(
            text.contains("internal error: sheaf crashed while testing: boom 7"),
            "{text}"
        );
        assert!(text.contains("please report it"), "{text}");
        assert_eq!(guarded("testing", || 5).unwrap(), 5);
    }
}
