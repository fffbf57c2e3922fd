//! Snapshots of four pages of the sample site, so that a change to a template or to the page
//! model shows up in review as a readable diff: a period page, its printed notice, a contact-card
//! sheet and the town page.
//!
//! The HTML is pretty-printed before it is compared (see [`pretty`]): one block element a
//! line, indented by nesting; text and inline elements (`<a>`, `<strong>`, `<span>`, …) stay on
//! their block's line; an element holding only text and inline elements is one line. Inline
//! SVG (the charts and the QR code) is cut down to its opening tag, `<title>` and `<desc>`: the
//! drawing itself is checked by `tests/charts.rs` and `tests/print.rs`.
//!
//! The snapshots live in `tests/snapshots/`. After an intended change, review and accept with
//! `cargo insta review`, or without cargo-insta:
//!
//! ```sh
//! INSTA_UPDATE=always cargo test --test snapshots   # rewrite the .snap files
//! git diff tests/snapshots/                          # review them
//! ```
//!
//! A plain `cargo test` never rewrites a `.snap` file: on a mismatch it fails, and outside CI
//! also leaves a `.snap.new` file beside the old one. With `CI` set (as in `.ci/run`), insta
//! writes nothing and only fails.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::sync::OnceLock;
use support::*;

/// The pages under test, relative to the output folder.
const PAGES: [&str; 4] = [
    "dongshan/2025-q3/index.html",
    "dongshan/2025-q3/print.html",
    "dongshan/cards.html",
    "index.html",
];

/// The sample site, built once for all tests: page path → HTML.
fn pages() -> &'static BTreeMap<&'static str, String> {
    static PAGES_HTML: OnceLock<BTreeMap<&'static str, String>> = OnceLock::new();
    PAGES_HTML.get_or_init(|| {
        let (_tmp, out) = build_into(&root().join("content"));
        PAGES
            .iter()
            .map(|p| (*p, fs::read_to_string(out.join(p)).unwrap()))
            .collect()
    })
}

/// Compares `page` with the snapshot `tests/snapshots/snapshots__<name>.snap`.
fn snapshot(name: &str, page: &str) {
    let html = &pages()[page];
    insta::with_settings!({
        description => format!("{page} of the sample site, pretty-printed; SVG drawings left out"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, pretty(html));
    });
}

#[test]
fn period_page() {
    snapshot("period_page", "dongshan/2025-q3/index.html");
}

#[test]
fn printed_notice() {
    snapshot("printed_notice", "dongshan/2025-q3/print.html");
}

#[test]
fn contact_cards() {
    snapshot("contact_cards", "dongshan/cards.html");
}

#[test]
fn town_page() {
    snapshot("town_page", "index.html");
}

/// What the pretty-printer does, on a small page.
#[test]
fn pretty_printer_puts_blocks_on_lines_and_cuts_svg_down() {
    let html = r#"<!DOCTYPE html>
<html><body><main>
<p class="lead">Text with <strong>bold</strong>
   and a <a href="x">link</a>.</p>
<ul><li>one</li><li>two <span>2</span></li></ul>
<figure><svg viewBox="0 0 10 10" class="chart"><title>A chart</title><desc>1, 2</desc><rect x="0" y="0"/><text x="1">1</text></svg>
<figcaption>Caption</figcaption></figure>
<br><img src="a.png" alt="">
</main></body></html>
"#;
    let want = r#"<!DOCTYPE html>
<html>
  <body>
    <main>
      <p class="lead">Text with <strong>bold</strong> and a <a href="x">link</a>.</p>
      <ul>
        <li>one</li>
        <li>two <span>2</span></li>
      </ul>
      <figure>
        <svg viewBox="0 0 10 10" class="chart">
          <title>A chart</title>
          <desc>1, 2</desc>
          …
        </svg>
        <figcaption>Caption</figcaption>
      </figure>
      <br><img src="a.png" alt="">
    </main>
  </body>
</html>
"#;
    assert_eq!(pretty(html), want);
}

// ---------------------------------------------------------------------------------------------
// A small, forgiving HTML pretty-printer (the pages are written by our own templates).

/// Elements that never have content.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements kept on their parent's line, with the text around them.
const INLINE: [&str; 19] = [
    "a", "abbr", "b", "br", "cite", "code", "em", "i", "img", "kbd", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time",
];

/// Elements whose content is taken as it is, up to their closing tag.
const RAW_TEXT: [&str; 2] = ["script", "style"];

enum Node {
    Text(String),
    /// A doctype or a comment.
    Other(String),
    Element {
        name: String,
        open: String,
        children: Vec<Node>,
        void: bool,
    },
}

/// Parses HTML into a tree; a closing tag with no open element of its name is kept as text.
fn parse(html: &str) -> Vec<Node> {
    // Open elements: (name, opening tag, children so far).
    let mut stack: Vec<(String, String, Vec<Node>)> = vec![(String::new(), String::new(), vec![])];
    let mut rest = html;
    fn close(stack: &mut Vec<(String, String, Vec<Node>)>) {
        let (name, open, children) = stack.pop().unwrap();
        stack.last_mut().unwrap().2.push(Node::Element {
            name,
            open,
            children,
            void: false,
        });
    }
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            stack
                .last_mut()
                .unwrap()
                .2
                .push(Node::Text(rest.to_string()));
            break;
        };
        if lt > 0 {
            stack
                .last_mut()
                .unwrap()
                .2
                .push(Node::Text(rest[..lt].to_string()));
            rest = &rest[lt..];
        }
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |i| i + 3);
            stack
                .last_mut()
                .unwrap()
                .2
                .push(Node::Other(rest[..end].to_string()));
            rest = &rest[end..];
            continue;
        }
        // The tag runs to the first `>` outside quotes.
        let mut quote = None;
        let end = rest
            .char_indices()
            .find(|&(_, c)| match quote {
                Some(q) if c == q => {
                    quote = None;
                    false
                }
                Some(_) => false,
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    false
                }
                None => c == '>',
            })
            .map_or(rest.len(), |(i, _)| i + 1);
        let tag = &rest[..end];
        rest = &rest[end..];
        let top = stack.last_mut().unwrap();
        if tag.starts_with("<!") {
            top.2.push(Node::Other(tag.to_string()));
        } else if let Some(name) = tag.strip_prefix("</") {
            let name = name.trim_end_matches('>').trim().to_ascii_lowercase();
            match stack.iter().rposition(|(n, _, _)| *n == name) {
                Some(i) if i > 0 => {
                    while stack.len() > i {
                        close(&mut stack);
                    }
                }
                _ => stack
                    .last_mut()
                    .unwrap()
                    .2
                    .push(Node::Text(tag.to_string())),
            }
        } else {
            let name: String = tag[1..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
                .collect::<String>()
                .to_ascii_lowercase();
            if VOID.contains(&name.as_str()) || tag.ends_with("/>") {
                top.2.push(Node::Element {
                    name,
                    open: tag.to_string(),
                    children: vec![],
                    void: true,
                });
            } else if RAW_TEXT.contains(&name.as_str()) {
                let close_tag = format!("</{name}>");
                let end = rest.find(&close_tag).unwrap_or(rest.len());
                top.2.push(Node::Element {
                    name,
                    open: tag.to_string(),
                    children: vec![Node::Text(rest[..end].to_string())],
                    void: false,
                });
                rest = rest[end..].strip_prefix(close_tag.as_str()).unwrap_or("");
            } else {
                stack.push((name, tag.to_string(), vec![]));
            }
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().unwrap().2
}

fn is_inline(node: &Node) -> bool {
    match node {
        Node::Text(_) => true,
        Node::Other(_) => false,
        Node::Element { name, children, .. } => {
            INLINE.contains(&name.as_str()) && children.iter().all(is_inline)
        }
    }
}

/// Inline content as written, with runs of whitespace made one space.
fn inline_text(nodes: &[Node]) -> String {
    fn write(node: &Node, out: &mut String) {
        match node {
            Node::Text(t) | Node::Other(t) => out.push_str(t),
            Node::Element {
                name,
                open,
                children,
                void,
            } => {
                out.push_str(open);
                children.iter().for_each(|c| write(c, out));
                if !void {
                    out.push_str(&format!("</{name}>"));
                }
            }
        }
    }
    let mut raw = String::new();
    nodes.iter().for_each(|n| write(n, &mut raw));
    collapse(&raw)
}

/// Runs of whitespace made one space, and none at either end.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn print_nodes(nodes: &[Node], depth: usize, out: &mut String) {
    let mut i = 0;
    while i < nodes.len() {
        if is_inline(&nodes[i]) {
            let start = i;
            while i < nodes.len() && is_inline(&nodes[i]) {
                i += 1;
            }
            line(out, depth, &inline_text(&nodes[start..i]));
        } else {
            print_node(&nodes[i], depth, out);
            i += 1;
        }
    }
}

fn print_node(node: &Node, depth: usize, out: &mut String) {
    let (name, open, children, void) = match node {
        Node::Text(t) | Node::Other(t) => return line(out, depth, &collapse(t)),
        Node::Element {
            name,
            open,
            children,
            void,
        } => (name, open, children, void),
    };
    let open = collapse(open);
    if *void {
        line(out, depth, &open);
    } else if name == "svg" {
        line(out, depth, &open);
        for child in children {
            if matches!(child, Node::Element { name, .. } if name == "title" || name == "desc") {
                line(out, depth + 1, &inline_text(std::slice::from_ref(child)));
            }
        }
        line(out, depth + 1, "…");
        line(out, depth, "</svg>");
    } else if children.iter().all(is_inline) {
        line(
            out,
            depth,
            &format!("{open}{}</{name}>", inline_text(children)),
        );
    } else {
        line(out, depth, &open);
        print_nodes(children, depth + 1, out);
        line(out, depth, &format!("</{name}>"));
    }
}

fn line(out: &mut String, depth: usize, text: &str) {
    if !text.is_empty() {
        out.push_str(&"  ".repeat(depth));
        out.push_str(text);
        out.push('\n');
    }
}

/// The page pretty-printed: see the module documentation.
fn pretty(html: &str) -> String {
    let mut out = String::new();
    print_nodes(&parse(html), 0, &mut out);
    out
}
