//! Task-list checkboxes (`- [x] item`) with an accessible name: the item's
//! own text, as `aria-label`. pulldown-cmark writes a bare `<input>` that
//! screen readers announce as "checkbox" alone (WCAG 4.1.2, Level A).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Replaces each task-list marker, in place (event indices stay valid for
/// later passes), with a checkbox named by the text that follows it in the
/// same item, up to a nested list.
pub fn name_checkboxes(events: &mut [(Event<'_>, Range<usize>)]) {
    for i in 0..events.len() {
        let Event::TaskListMarker(checked) = events[i].0 else {
            continue;
        };
        let mut name = String::new();
        for (event, _) in &events[i + 1..] {
            match event {
                Event::Text(t) | Event::Code(t) => name.push_str(t),
                Event::SoftBreak | Event::HardBreak => name.push(' '),
                Event::End(TagEnd::Item) | Event::Start(Tag::List(_)) => break,
                _ => {}
            }
        }
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let html = format!(
            "<input type=\"checkbox\" disabled=\"\"{} aria-label=\"{}\"> ",
            if checked { " checked=\"\"" } else { "" },
            crate::text::escape_html(&name)
        );
        events[i].0 = Event::InlineHtml(CowStr::from(html));
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    use super::*;

    #[test]
    fn a_checkbox_is_named_by_its_item_text() {
        let text = "- [x] Read *a* <book>\n- [ ] Ask\n  - [ ] nested\n";
        let mut events: Vec<_> = Parser::new_ext(text, crate::markdown::options())
            .into_offset_iter()
            .collect();
        name_checkboxes(&mut events);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        assert!(
            html.contains("checked=\"\" aria-label=\"Read a\">"),
            "{html}"
        );
        assert!(html.contains("aria-label=\"Ask\">"), "{html}");
        assert!(html.contains("aria-label=\"nested\">"), "{html}");
    }
}
