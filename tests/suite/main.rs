//! sheaf's integration tests: one binary (each extra test binary would link
//! the whole crate again). Fixture sites live in tests/fixtures/<feature>/<case>/.

mod harness;

mod adversarial;
mod apa_refs;
mod architecture;
mod bib_input;
mod brand;
mod browser;
mod citations;
mod containment;
mod content;
mod csl_styles;
mod defects;
mod diagnostics;
mod differential;
mod durability;
mod escaping;
mod evidence;
mod first_run;
mod hostile;
mod images;
mod languages;
mod links;
mod markdown_tables;
mod mount_output;
mod output;
mod pdf_ua;
mod plain;
mod print;
mod print_languages;
mod property;
mod robots;
mod search;
mod serve;
mod serve_browser;
mod serve_crash;
mod site;
mod skips;
mod streaming;
mod term_order;
mod validators;
mod web;
mod web_quality;
mod weigh;
