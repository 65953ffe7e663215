//! Which citation style a site uses (`citation_style` in sheaf.toml).

use std::path::PathBuf;
use std::str::FromStr;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CitationStyle {
    #[default]
    Apa,
    ChicagoAuthorDate,
    Harvard,
    /// A CSL file, relative to the site root.
    Csl(PathBuf),
}

impl FromStr for CitationStyle {
    type Err = String;

    /// "apa" | "chicago-author-date" | "harvard" | a path ending in `.csl`.
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        match s.to_ascii_lowercase().as_str() {
            "apa" | "apa7" => Ok(Self::Apa),
            "chicago-author-date" | "chicago" => Ok(Self::ChicagoAuthorDate),
            "harvard" | "harvard-cite-them-right" => Ok(Self::Harvard),
            lower if lower.ends_with(".csl") => Ok(Self::Csl(PathBuf::from(s))),
            _ => Err(format!(
                "unknown citation style `{s}`: use \"apa\", \"chicago-author-date\", \"harvard\" or a path to a .csl file"
            )),
        }
    }
}
