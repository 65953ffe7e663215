//! sheaf: a static site generator for evidence-linked factsheets.
//!
//! The pipeline, one module per stage: [`config`] -> [`content`] ->
//! [`markdown`] -> [`evidence`] -> [`render`] -> [`output`], with [`print`]
//! and [`serve`] beside it. [`pipeline`] runs the stages in order.

// Diagnostics are large by design (source line, help) and only built on the
// error path, so boxing them would cost clarity for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod brand;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod evidence;
pub mod i18n;
pub mod ids;
pub mod links;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod plain;
pub mod print;
pub mod rebuild;
pub mod render;
mod serde_errors;
pub mod serve;
pub mod site;
pub mod text;

pub use pipeline::{BuildOptions, Error, Report, build, check};
