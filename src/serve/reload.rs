//! Live reload: the script injected into every served HTML page, the error
//! overlay injected beside it, and the Server-Sent Events stream they
//! listen on (`/__sheaf/events`). The script is an external file, so a
//! strict Content-Security-Policy with `script-src 'self'` still allows it.

use crate::diagnostics::Diagnostic;

/// URL of the event stream.
pub const EVENTS_PATH: &str = "/__sheaf/events";
/// URL of the live-reload script.
pub const SCRIPT_PATH: &str = "/__sheaf/live.js";
/// URL of the overlay's stylesheet.
pub const OVERLAY_CSS_PATH: &str = "/__sheaf/overlay.css";

/// Reloads the page when the site's generation moves past the one the page
/// was served at; swaps same-origin stylesheets when only CSS changed.
pub const SCRIPT: &str = r#"(function () {
  var me = document.currentScript;
  var gen = me ? me.getAttribute("data-generation") : null;
  var events = new EventSource("/__sheaf/events");
  function check(e) { if (e.data !== gen) { events.close(); location.reload(); } }
  events.addEventListener("hello", check);
  events.addEventListener("reload", check);
  events.addEventListener("css", function (e) {
    gen = e.data;
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("sheaf-reload", String(Date.now()));
      links[i].href = url.href;
    }
  });
})();
"#;

/// The overlay's look; a file of its own so no inline style is needed.
/// It sits inside a theme's page, so every element it uses sets its own
/// colour (a theme's `h3` or `pre` colour, dark teal in the default theme,
/// would otherwise land on the dark box), and the source excerpt never
/// wraps: a wrapped line would move the caret away from the column it
/// marks, so narrow screens scroll it sideways instead.
pub const OVERLAY_CSS: &str = "#sheaf-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.88);color:#f4f4f5;font:15px/1.5 system-ui,sans-serif;padding:2rem 1rem}
#sheaf-overlay .sheaf-overlay__box{max-width:60rem;margin:0 auto;background:#1e1e24;border:2px solid #e5484d;border-radius:8px;padding:1.25rem 1.5rem}
#sheaf-overlay h2{margin:0 0 .75rem;font-size:1.2rem;color:#ff8b8e}
#sheaf-overlay h3{margin:1rem 0 .25rem;font-size:1rem;color:#f4f4f5}
#sheaf-overlay h3 span{color:#ff8b8e}
#sheaf-overlay .sheaf-diagnostic--warning h3 span{color:#f5d90a}
#sheaf-overlay .sheaf-position{margin:0;color:#a1a1aa;font-family:ui-monospace,monospace}
#sheaf-overlay pre{white-space:pre;overflow-wrap:normal;word-break:normal;max-width:none;overflow-x:auto;color:#f4f4f5;background:#111114;border:0;margin:0;padding:.75rem;border-radius:4px;font:13px/1.45 ui-monospace,monospace}
#sheaf-overlay p.sheaf-hint{color:#a1a1aa;margin-bottom:0}
";

/// The overlay markup for a failed build; `last_good` says whether an
/// earlier build succeeded and is what the page beneath shows.
pub fn overlay_html(diagnostics: &[Diagnostic], last_good: bool) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let beneath = if last_good {
        "showing the last good build"
    } else {
        "no build has succeeded yet"
    };
    let mut out = format!(
        "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\"><div id=\"sheaf-overlay\" role=\"alert\"><div class=\"sheaf-overlay__box\"><h2>sheaf: the site has {errors} error{} — {beneath}</h2>",
        if errors == 1 { "" } else { "s" }
    );
    for d in diagnostics {
        out.push_str(&d.render_html());
    }
    out.push_str("<p class=\"sheaf-hint\">Fix the file and save: this page reloads by itself.</p></div></div>");
    out
}

/// Adds the live-reload script (and the overlay, if any) before the last
/// `</body>`, or at the end when the page has none.
pub fn inject(html: &str, generation: u64, overlay: Option<&str>) -> String {
    let tag =
        format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\" defer></script>");
    let insert = format!("{}{tag}", overlay.unwrap_or(""));
    let at = rfind_ascii_case_insensitive(html, "</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + insert.len());
    out.push_str(&html[..at]);
    out.push_str(&insert);
    out.push_str(&html[at..]);
    out
}

/// The page served for every path while no build has succeeded yet.
pub fn error_page(generation: u64, overlay: &str) -> String {
    let page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>sheaf: build failed</title></head><body><main><h1>The site could not be built</h1><p>sheaf serve is waiting for a fix.</p></main></body></html>";
    inject(page, generation, Some(overlay))
}

fn rfind_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len())
        .rev()
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn rule<'a>(selector: &str) -> &'a str {
        OVERLAY_CSS
            .lines()
            .find(|l| l.starts_with(&format!("{selector}{{")))
            .unwrap_or_else(|| panic!("no rule for {selector}"))
    }

    fn declared<'a>(rule: &'a str, property: &str) -> &'a str {
        rule.split(['{', ';', '}'])
            .find_map(|d| d.strip_prefix(&format!("{property}:")))
            .unwrap_or_else(|| panic!("{rule} sets no {property}"))
    }

    #[test]
    fn overlay_text_sets_its_own_colour_with_aa_contrast_on_the_box() {
        for selector in ["#sheaf-overlay h3", "#sheaf-overlay pre"] {
            let rule = rule(selector);
            let fg = luminance(declared(rule, "color"));
            let bg = luminance("#111114");
            let ratio = (fg.max(bg) + 0.05) / (fg.min(bg) + 0.05);
            assert!(ratio >= 4.5, "{selector}: contrast {ratio:.2} below 4.5");
        }
    }

    #[test]
    fn overlay_source_excerpt_scrolls_instead_of_wrapping_under_the_caret() {
        let pre = rule("#sheaf-overlay pre");
        assert_eq!(declared(pre, "white-space"), "pre");
        assert_eq!(declared(pre, "overflow-x"), "auto");
    }

    #[test]
    fn script_goes_before_the_last_body_close() {
        let out = inject("<html><body><p>x</p></BODY></html>", 3, None);
        assert!(out.contains(
            "<p>x</p><script src=\"/__sheaf/live.js\" data-generation=\"3\" defer></script></BODY>"
        ));
    }

    #[test]
    fn pages_without_body_get_the_script_at_the_end() {
        assert!(inject("<p>x</p>", 1, None).ends_with("defer></script>"));
    }
}
