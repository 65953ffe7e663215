//! Citation syntax: spans inside the text, keys exactly as written. The
//! first byte chooses which bytes count as backslash-escaped.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sheaf::markdown::citations::find_citations;

fuzz_target!(|input: (u64, &str)| {
    let (mask, text) = input;
    let escaped = |i: usize| mask & (1 << (i % 64)) != 0;
    for c in find_citations(text, &escaped) {
        assert!(c.span.start <= c.span.end && c.span.end <= text.len());
        for item in &c.items {
            assert_eq!(&text[item.key_span.clone()], item.key);
        }
    }
});
