//! Small text utilities every stage shares, each written once: HTML
//! escaping ([`html`]), line and column to byte offset ([`position`]) and
//! unique ids within one document ([`ids`]).

pub mod html;
pub mod ids;
pub mod position;

pub use html::{escape_html, escape_html_into};
pub use ids::UniqueIds;
pub use position::key_span;
