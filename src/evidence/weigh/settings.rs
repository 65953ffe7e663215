//! `[evidence]` in sheaf.toml and a source's `status` in its notes: plain
//! settings the config and front matter read, apart from the weighing code
//! that uses them (so neither imports it).

use serde::{Deserialize, Serialize};

/// `[evidence]` in sheaf.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct WeighConfig {
    /// Study designs that can support causal claims, compared
    /// case-insensitively with surrounding whitespace ignored.
    pub causal_designs: Vec<String>,
    /// Causal wording, each entry in base or `-s` form ("cause", "leads
    /// to", "make … better"); inflections are matched too.
    pub causal_words: Vec<String>,
    /// Wording of certainty, allowed only when a cited source is strong.
    pub certainty_words: Vec<String>,
    /// A `reviewed` date older than this many months is a warning.
    pub review_after_months: u32,
    /// The taxonomy whose terms are the rows of `/evidence/map/`.
    pub map_taxonomy: String,
}

impl Default for WeighConfig {
    fn default() -> Self {
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        WeighConfig {
            causal_designs: list(&[
                "randomised controlled trial",
                "quasi-experimental study",
                "regression discontinuity",
                "meta-analysis of experiments",
            ]),
            causal_words: list(&[
                "causes",
                "leads to",
                "results in",
                "improves",
                "increases",
                "boosts",
                "proves",
                "drives",
                "makes … better",
            ]),
            certainty_words: list(&["proves", "clear evidence", "strong evidence shows"]),
            review_after_months: 24,
            map_taxonomy: "outcomes".into(),
        }
    }
}

impl WeighConfig {
    /// Whether `design` is one of [`Self::causal_designs`].
    pub fn is_causal_design(&self, design: &str) -> bool {
        let design = design.trim();
        self.causal_designs.iter().any(|d| {
            d.trim().eq_ignore_ascii_case(design)
                || d.trim().to_lowercase() == design.to_lowercase()
        })
    }
}

/// A source's standing, from its notes' `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceStatus {
    #[default]
    Current,
    Corrected,
    Superseded,
    Retracted,
}

impl SourceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceStatus::Current => "current",
            SourceStatus::Corrected => "corrected",
            SourceStatus::Superseded => "superseded",
            SourceStatus::Retracted => "retracted",
        }
    }

    /// Retracted and superseded sources warn at every citation.
    pub fn warns(self) -> bool {
        matches!(self, SourceStatus::Superseded | SourceStatus::Retracted)
    }
}
