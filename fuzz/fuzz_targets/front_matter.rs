//! Front matter of pages, sections and evidence notes: any text parses or
//! gives a diagnostic located inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sheaf::content::front_matter::{NoteFront, PageFront, SectionFront, parse};
use sheaf::diagnostics::SourceFile;

fuzz_target!(|text: &str| {
    let file = SourceFile::new("content/p.md", text);
    match parse::<PageFront>(&file, true, "") {
        Ok(p) => assert!(text.is_char_boundary(p.body_offset)),
        Err(d) => {
            let _ = d.render(true);
        }
    }
    let _ = parse::<SectionFront>(&file, false, "").map_err(|d| d.render(false));
    let _ = parse::<NoteFront>(&file, false, "").map_err(|d| d.render(false));
});
