//! sheaf's integration tests: one binary (each extra test binary would link
//! the whole crate again). Fixture sites live in tests/fixtures/<feature>/<case>/.

mod harness;

mod browser;
mod containment;
mod content;
mod defects;
mod diagnostics;
mod durability;
mod escaping;
mod evidence;
mod hostile;
mod output;
mod print;
mod property;
mod serve;
mod serve_browser;
mod serve_crash;
mod site;
mod skips;
mod web;
