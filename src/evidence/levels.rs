//! The evidence levels a page or source can carry, and what each means.
//! Shown on `/evidence/levels/`, which every badge links to.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct LevelInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

pub const LEVELS: [LevelInfo; 3] = [
    LevelInfo {
        id: "strong",
        name: "Strong evidence",
        description: "Several good-quality studies, including reviews or meta-analyses that pool many studies, point the same way. The advice is unlikely to change when new research appears.",
    },
    LevelInfo {
        id: "moderate",
        name: "Moderate evidence",
        description: "A smaller number of good studies, or larger studies with some limits, support the advice. It is well founded, but new research could refine it.",
    },
    LevelInfo {
        id: "emerging",
        name: "Emerging evidence",
        description: "Early findings, expert frameworks or studies in particular settings support the advice. It is promising and reflects current practice, but is still being tested.",
    },
];
