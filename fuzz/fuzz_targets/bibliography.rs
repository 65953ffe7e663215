//! The bibliography loader as BibTeX and as hayagriva YAML (the first byte
//! chooses), then formatting every entry in every built-in style.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sheaf::evidence::{CitationStyle, Formatter, parse_bibliography};

fuzz_target!(|input: (bool, &str)| {
    let (yaml, text) = input;
    let name = if yaml {
        "references.yml"
    } else {
        "references.bib"
    };
    match parse_bibliography(name, text) {
        Ok(bib) => {
            for style in [
                CitationStyle::Apa,
                CitationStyle::ChicagoAuthorDate,
                CitationStyle::Harvard,
            ] {
                if let Ok(f) = Formatter::new(&bib, &style, "en-AU") {
                    for key in bib.keys() {
                        let _ = f.reference_html(key);
                    }
                }
            }
        }
        Err(diags) => {
            for d in diags {
                let _ = d.render(false);
            }
        }
    }
});
