//! Where each YAML node was written: a map from a node's path (`expenses[3].amount`) to its line
//! and column.
//!
//! serde gives typed values but forgets positions once a value is built. The checks that run
//! after loading (balances, references, dates) still need to point at a line, so the text is
//! scanned once more with an event parser that reports positions, and every node's path is
//! recorded. Paths use the same spelling as the loader: `key`, `a.b`, `list[0].field`.

use crate::model::spans::{Pos, PosMap};
use saphyr_parser::{Event, Parser};

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        /// A complex (non-scalar) key is being read; its nodes are not recorded.
        in_complex_key: bool,
    },
    Seq {
        path: String,
        index: usize,
    },
}

/// Scans `text`. On a syntax error the map holds what was read before it (the syntax error
/// itself is reported by the YAML loader).
pub fn build(text: &str) -> PosMap {
    let mut pm = PosMap::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let pos = Pos {
            line: span.start.line(),
            col: span.start.col() + 1,
        };
        match event {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map {
                    key,
                    in_complex_key: false,
                    ..
                }) = stack.last_mut()
                {
                    if key.is_none() {
                        *key = Some(value.to_string());
                        continue;
                    }
                }
                if let Some(path) = child_path(&stack) {
                    pm.insert(path, pos);
                }
                node_done(&mut stack);
            }
            Event::Alias(_) => {
                if let Some(path) = child_path(&stack) {
                    pm.insert(path, pos);
                }
                node_done(&mut stack);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let entering_key = matches!(
                    stack.last(),
                    Some(Frame::Map {
                        key: None,
                        in_complex_key: false,
                        ..
                    })
                );
                let path = if entering_key {
                    if let Some(Frame::Map { in_complex_key, .. }) = stack.last_mut() {
                        *in_complex_key = true;
                    }
                    "?".to_string()
                } else {
                    child_path(&stack).unwrap_or_else(|| "?".to_string())
                };
                pm.insert(path.clone(), pos);
                if matches!(event, Event::MappingStart(..)) {
                    stack.push(Frame::Map {
                        path,
                        key: None,
                        in_complex_key: false,
                    });
                } else {
                    stack.push(Frame::Seq { path, index: 0 });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                if let Some(Frame::Map {
                    key,
                    in_complex_key,
                    ..
                }) = stack.last_mut()
                {
                    if *in_complex_key {
                        *in_complex_key = false;
                        *key = Some("?".to_string());
                        continue;
                    }
                }
                node_done(&mut stack);
            }
            _ => {}
        }
    }
    pm
}

fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// The path of the node that starts now, given the container it sits in.
fn child_path(stack: &[Frame]) -> Option<String> {
    match stack.last() {
        None => Some(String::new()),
        Some(Frame::Map {
            path,
            key: Some(k),
            in_complex_key: false,
        }) if !path.starts_with('?') => Some(join(path, k)),
        Some(Frame::Seq { path, index }) if !path.starts_with('?') => {
            Some(format!("{path}[{index}]"))
        }
        _ => None,
    }
}

/// A value node has ended: a map waits for its next key, a sequence moves to the next index.
fn node_done(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Map {
            key,
            in_complex_key: false,
            ..
        }) => *key = None,
        Some(Frame::Seq { index, .. }) => *index += 1,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "town: 示例镇\nincome:\n  - date: 2025-07-01\n    amount: 12.5\n  - date: 2025-07-02\n    amount: x\nopening:\n  现金: 100\n";

    #[test]
    fn finds_nested_positions() {
        let pm = build(DOC);
        assert_eq!(pm.find("town"), Some(Pos { line: 1, col: 7 }));
        assert_eq!(pm.find("income[0]"), Some(Pos { line: 3, col: 5 }));
        assert_eq!(pm.find("income[1].amount"), Some(Pos { line: 6, col: 13 }));
        assert_eq!(pm.find("opening.现金"), Some(Pos { line: 8, col: 7 }));
        // A missing field points at its item.
        assert_eq!(pm.find("income[1].voucher"), Some(Pos { line: 5, col: 5 }));
    }

    #[test]
    fn flow_style_and_broken_text_do_not_panic() {
        let pm = build("a: {b: [1, 2, {c: 3}]}\n");
        assert_eq!(pm.find("a.b[2].c"), Some(Pos { line: 1, col: 19 }));
        let _ = build("a: [1, 2\nb: : :\n\t- x");
        let _ = build("? [a, b]\n: 1\nc: 2\n");
    }
}
