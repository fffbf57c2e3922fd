//! Markdown from `notes.md` to HTML that is safe to put in a page.
//!
//! Raw HTML in the note is shown as text (escaped), not passed through, and links may only
//! point to web, mail or phone addresses or to pages of the site, so a note can never run
//! script in a villager's browser.
//!
//! The note sits under the page's 「村里的话」 heading (h2), so its headings move down (its
//! highest heading, `#` or `##`, becomes h3, the next level h4), and each table is put in its own scrolling box that a keyboard
//! reaches: a wide table in a note never makes the whole page wider than a phone.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub fn to_safe_html(markdown: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let events: Vec<Event> = parser.collect();
    // The note's own top heading level becomes h3, whatever it starts with.
    let top = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let lower = |level: HeadingLevel| shifted(level, top);
    let events = events.into_iter().map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    });
    let mut tables = 0usize;
    let events = events.flat_map(move |event| match event {
        Event::Start(Tag::Table(_)) => {
            tables += 1;
            let open = format!(
                "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"村里的话中的第 {tables} 个表格\">"
            );
            let caption = format!("<caption class=\"vh\">村里的话中的第 {tables} 个表格</caption>");
            vec![Event::Html(open.into()), event, Event::Html(caption.into())]
        }
        Event::End(TagEnd::Table) => vec![event, Event::Html("</div>".into())],
        other => vec![other],
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// `level` moved so that `top` (the note's highest heading) becomes h3; h6 at most.
fn shifted(level: HeadingLevel, top: usize) -> HeadingLevel {
    match (level as usize).saturating_sub(top) {
        0 => HeadingLevel::H3,
        1 => HeadingLevel::H4,
        2 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn safe_url(url: CowStr) -> CowStr {
    let lower = url.trim().to_ascii_lowercase();
    let has_scheme = lower
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'));
    let allowed = ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p));
    if has_scheme && !allowed {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped_and_bad_links_dropped() {
        let html = to_safe_html("# 标题\n\n<script>alert(1)</script>\n\n[点我](javascript:alert(1)) <b>粗</b> [电话](tel:110)");
        assert!(html.contains("<h3>标题</h3>"));
        assert!(to_safe_html("## 二级\n\n### 三级").contains("<h3>二级</h3>\n<h4>三级</h4>"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("javascript:"));
        assert!(html.contains("href=\"#\""));
        assert!(html.contains("&lt;b&gt;"));
        assert!(html.contains("href=\"tel:110\""));
        assert!(!to_safe_html("[x](JaVaScRiPt:alert(1))").contains("avascript"));
    }

    #[test]
    fn tables_scroll_in_their_own_focusable_box() {
        let html =
            to_safe_html("| 项目 | 金额 |\n|---|---|\n| 路灯 | 100 |\n\n| a |\n|---|\n| b |\n");
        assert_eq!(
            html.matches("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\"")
                .count(),
            2
        );
        assert!(html.contains("第 2 个表格"));
        assert_eq!(html.matches("<caption class=\"vh\">").count(), 2);
        assert_eq!(
            html.matches("</table>\n</div>").count() + html.matches("</table></div>").count(),
            2
        );
    }
}
