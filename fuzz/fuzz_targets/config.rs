//! sheaf.toml: any text gives a config or diagnostics located in the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sheaf::config::Config;
use sheaf::diagnostics::SourceFile;

fuzz_target!(|text: &str| {
    match Config::parse(Path::new("/site"), SourceFile::new("sheaf.toml", text)) {
        Ok(c) => assert!(c.base_path.starts_with('/') && c.base_path.ends_with('/')),
        Err(diags) => {
            for d in diags {
                let _ = d.render(true);
            }
        }
    }
});
