//! The one parse of a YAML file: text → a [`Tree`] of nodes, each with its line and column.
//!
//! Everything later reads this tree: the loader deserializes typed values from it (`de`), and
//! the checks find a value's position in it by path. So a file is parsed exactly once, and a
//! value and its position can never disagree. The events come from saphyr-parser; this module
//! builds the tree and is where hostile input is stopped: nesting deeper than
//! [`MAX_DEPTH`], anchors (`&`/`*`) that expand to too many nodes or refer to themselves,
//! duplicate keys, a second document, and integers too large for any number type. A syntax
//! error is explained in plain Chinese (`syntax`).

use crate::diag::{Diagnostic, Severity};
use crate::model::spans::{Node, NodeId, NodeKind, Pos, Scalar, ScalarValue, Tree};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::collections::HashMap;

/// Deepest nesting of lists and mappings accepted, counting what aliases expand to.
pub const MAX_DEPTH: usize = 128;

/// Nodes an alias may expand to, in all, beyond the nodes written: `100 × written + 10 000`
/// (a handful of aliases is fine; a "billion laughs" is not).
fn max_expanded(written: usize) -> usize {
    written.saturating_mul(100).saturating_add(10_000)
}

pub(super) const TOO_DEEP: &str = "YAML 嵌套太深或引用(&、*)展开得太多";
pub(super) const TOO_DEEP_HINT: &str = "按 docs/format.md 的示例平铺着写,不要用 & 和 *";

/// Parses `text` (shown as `display` in messages) into its tree. A syntax error, or input
/// beyond the limits above, becomes one diagnostic with a position.
pub fn parse(text: &str, display: &str) -> Result<Tree, Diagnostic> {
    let fail = |pos: Pos, message: String, hint: Option<String>| Diagnostic {
        severity: Severity::Error,
        file: display.to_string(),
        line: pos.line,
        col: pos.col,
        message,
        hint,
    };
    let tabbed = text.contains('\t').then(|| {
        text.lines().enumerate().find(|(_, l)| {
            l.chars()
                .take_while(|c| c.is_whitespace())
                .any(|c| c == '\t')
        })
    });
    if let Some((n, line)) = tabbed.flatten() {
        let col = line.chars().position(|c| c == '\t').map_or(1, |c| c + 1);
        return Err(fail(
            Pos { line: n + 1, col },
            "这一行用了制表符(Tab)缩进,YAML 只认空格".into(),
            Some("把行首的 Tab 换成空格(每级两个空格)".into()),
        ));
    }
    // A line of YAML holds about two nodes (a key and its value): room for them up front, so
    // the node lists are not copied again and again as a long file is read.
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut b = Builder::with_capacity(lines.saturating_mul(2));
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(e) => e,
            Err(e) => {
                let pos = Pos {
                    line: e.marker().line(),
                    col: e.marker().col() + 1,
                };
                let (pos, message, hint) = super::syntax::explain(text, pos, e.info());
                return Err(fail(pos, message, hint));
            }
        };
        let pos = Pos {
            line: span.start.line(),
            col: span.start.col() + 1,
        };
        b.event(event, pos)
            .map_err(|(pos, message, hint)| fail(pos, message, hint))?;
        if b.done {
            break;
        }
    }
    Ok(Tree { nodes: b.nodes })
}

pub(super) type Problem = (Pos, String, Option<String>);

enum Frame {
    Seq(NodeId, Vec<NodeId>),
    Map {
        id: NodeId,
        entries: Vec<(NodeId, NodeId)>,
        key: Option<NodeId>,
        /// Scalar keys seen so far, once the mapping is long enough to need an index:
        /// (is text, text) → line. Shorter mappings are searched in `entries`.
        seen: HashMap<(bool, String), usize>,
    },
}

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    /// Per node: how many nodes and how deep it is once its aliases are expanded.
    size: Vec<usize>,
    depth: Vec<usize>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, NodeId>,
    documents: usize,
    done: bool,
}

impl Builder {
    fn with_capacity(nodes: usize) -> Builder {
        Builder {
            nodes: Vec::with_capacity(nodes),
            size: Vec::with_capacity(nodes),
            depth: Vec::with_capacity(nodes),
            ..Builder::default()
        }
    }

    fn event(&mut self, event: Event, pos: Pos) -> Result<(), Problem> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err((
                        pos,
                        "YAML 格式错误: 一个文件里只能写一份内容,这里的「---」又开始了一份".into(),
                        Some("删掉这一行「---」;不同季度的内容放到各自的文件夹里".into()),
                    ));
                }
            }
            Event::StreamEnd => self.done = true,
            Event::Scalar(text, style, anchor, tag) => {
                let value = if style == ScalarStyle::Plain && !is_str_tag(tag.as_deref()) {
                    resolve(&text).ok_or_else(|| {
                        (
                            pos,
                            "数字太大,超出了能处理的范围".to_string(),
                            Some("检查是否多打了几位数".to_string()),
                        )
                    })?
                } else {
                    ScalarValue::Str
                };
                let kind = NodeKind::Scalar(Scalar {
                    text: text.into_owned(),
                    value,
                });
                let id = self.push(pos, kind, 1, 0);
                self.anchor(anchor, id);
                self.attach(id)?;
            }
            Event::Alias(anchor) => {
                let target = *self.anchors.get(&anchor).ok_or_else(|| {
                    (
                        pos,
                        "YAML 格式错误: 用 * 引用了没有定义的名字".to_string(),
                        Some("不要用 & 和 *,直接把内容写出来".to_string()),
                    )
                })?;
                if self.stack.iter().any(|f| f.id() == target) {
                    return Err((
                        pos,
                        "YAML 格式错误: 用 * 引用了包含它自己的内容".into(),
                        Some("不要用 & 和 *,直接把内容写出来".into()),
                    ));
                }
                let (size, depth) = (self.size[target], self.depth[target]);
                let id = self.push(pos, NodeKind::Alias(target), size, depth);
                self.attach(id)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err((pos, TOO_DEEP.into(), Some(TOO_DEEP_HINT.into())));
                }
                let is_map = matches!(event, Event::MappingStart(..));
                let id = self.push(pos, NodeKind::Seq(Vec::new()), 1, 1);
                self.anchor(anchor, id);
                self.stack.push(if is_map {
                    Frame::Map {
                        id,
                        entries: Vec::new(),
                        key: None,
                        seen: HashMap::new(),
                    }
                } else {
                    Frame::Seq(id, Vec::new())
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let (id, kind) = match frame {
                    Frame::Seq(id, items) => (id, NodeKind::Seq(items)),
                    Frame::Map { id, entries, .. } => (id, NodeKind::Map(entries)),
                };
                let children: Box<dyn Iterator<Item = &NodeId>> = match &kind {
                    NodeKind::Seq(items) => Box::new(items.iter()),
                    NodeKind::Map(entries) => Box::new(entries.iter().flat_map(|(k, v)| [k, v])),
                    _ => Box::new(std::iter::empty()),
                };
                let (size, depth) = children.fold((1usize, 1usize), |(s, d), c| {
                    (s.saturating_add(self.size[*c]), d.max(1 + self.depth[*c]))
                });
                let pos = self.nodes[id].pos;
                if depth > MAX_DEPTH || size > max_expanded(self.nodes.len()) {
                    return Err((pos, TOO_DEEP.into(), Some(TOO_DEEP_HINT.into())));
                }
                self.nodes[id].kind = kind;
                (self.size[id], self.depth[id]) = (size, depth);
                self.attach(id)?;
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn push(&mut self, pos: Pos, kind: NodeKind, size: usize, depth: usize) -> NodeId {
        self.nodes.push(Node { pos, kind });
        self.size.push(size);
        self.depth.push(depth);
        self.nodes.len() - 1
    }

    fn anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor > 0 {
            self.anchors.insert(anchor, id);
        }
    }

    /// Adds a finished node to the list or mapping being read (the root needs no parent).
    fn attach(&mut self, id: NodeId) -> Result<(), Problem> {
        let nodes = &self.nodes;
        match self.stack.last_mut() {
            None => {}
            Some(Frame::Seq(_, items)) => items.push(id),
            Some(Frame::Map {
                entries, key, seen, ..
            }) => match key.take() {
                Some(k) => entries.push((k, id)),
                None => {
                    if let Some(text) = key_text(nodes, id) {
                        let pos = nodes[id].pos;
                        if let Some(first) = earlier_key(nodes, entries, seen, text, pos.line) {
                            return Err((
                                pos,
                                format!(
                                    "YAML 格式错误: 同一层里键「{}」写了两次(第 {first} 行已有)",
                                    text.1
                                ),
                                Some("删掉或合并其中一个".into()),
                            ));
                        }
                    }
                    *key = Some(id);
                }
            },
        }
        Ok(())
    }
}

/// Mappings up to this many keys are searched for a repeated key one by one (no allocation);
/// longer ones keep an index, so hostile input stays linear.
const INDEX_KEYS_FROM: usize = 32;

/// A scalar key's text and whether it is text (rather than a number or a boolean).
fn key_text(nodes: &[Node], id: NodeId) -> Option<(bool, &str)> {
    fn scalar(n: &Node) -> Option<(bool, &str)> {
        match &n.kind {
            NodeKind::Scalar(s) => Some((s.value == ScalarValue::Str, s.text.as_str())),
            _ => None,
        }
    }
    match &nodes[id].kind {
        NodeKind::Alias(t) => scalar(&nodes[*t]),
        _ => scalar(&nodes[id]),
    }
}

/// The line where key `text` was first written in this mapping, if it was; records it.
fn earlier_key(
    nodes: &[Node],
    entries: &[(NodeId, NodeId)],
    seen: &mut HashMap<(bool, String), usize>,
    text: (bool, &str),
    line: usize,
) -> Option<usize> {
    if entries.len() < INDEX_KEYS_FROM {
        return entries
            .iter()
            .find(|(k, _)| key_text(nodes, *k) == Some(text))
            .map(|(k, _)| nodes[*k].pos.line);
    }
    if seen.is_empty() {
        for (k, _) in entries {
            if let Some((is_text, t)) = key_text(nodes, *k) {
                seen.entry((is_text, t.to_string()))
                    .or_insert(nodes[*k].pos.line);
            }
        }
    }
    seen.insert((text.0, text.1.to_string()), line)
}

impl Frame {
    fn id(&self) -> NodeId {
        match self {
            Frame::Seq(id, _) | Frame::Map { id, .. } => *id,
        }
    }
}

fn is_str_tag(tag: Option<&Tag>) -> bool {
    tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str")
}

/// What a plain scalar means, by the YAML core schema as serde_yaml (and serde_norway) read it: empty, `~` and
/// `null` are null; `true`/`false` yes/no; integers (also `0x…`, `0o…`, `0b…`) and finite
/// decimals are numbers; everything else, including digits with a leading zero (`015`,
/// `0571…`) and `1e400`, is text. `None` for an integer too large for 64 bits.
pub fn resolve(v: &str) -> Option<ScalarValue> {
    // Most values are text (names, summaries in Chinese): anything that does not start the
    // way a null, a boolean or a number starts is text, with no number parsing tried.
    match v.as_bytes().first() {
        Some(b) if !(b.is_ascii_digit() || b"+-.~nNtTfF".contains(b)) => {
            return Some(ScalarValue::Str)
        }
        _ => {}
    }
    if matches!(v, "" | "~" | "null" | "Null" | "NULL") {
        return Some(ScalarValue::Null);
    }
    match v {
        "true" | "True" | "TRUE" => return Some(ScalarValue::Bool(true)),
        "false" | "False" | "FALSE" => return Some(ScalarValue::Bool(false)),
        _ => {}
    }
    if let Some(u) = parse_int(v, u64::from_str_radix) {
        return Some(ScalarValue::UInt(u));
    }
    if let Some(i) = parse_negative_int(v, i64::from_str_radix) {
        return Some(ScalarValue::Int(i));
    }
    if parse_int(v, u128::from_str_radix).is_some()
        || parse_negative_int(v, i128::from_str_radix).is_some()
    {
        return None;
    }
    if !digits_but_not_number(v) {
        if let Some(f) = parse_float(v) {
            return Some(ScalarValue::Float(f));
        }
    }
    Some(ScalarValue::Str)
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

fn parse_int<T>(v: &str, from: Radix<T>) -> Option<T> {
    let unsigned = v.strip_prefix('+').unwrap_or(v);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from(rest, radix) {
                return Some(n);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(v) {
        return None;
    }
    from(unsigned, 10).ok()
}

fn parse_negative_int<T>(v: &str, from: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = v.strip_prefix(prefix) {
            if let Ok(n) = from(&format!("-{rest}"), radix) {
                return Some(n);
            }
        }
    }
    if digits_but_not_number(v) {
        return None;
    }
    from(v, 10).ok()
}

fn parse_float(v: &str) -> Option<f64> {
    let unsigned = match v.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return None,
        Some(u) => u,
        None => v,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    match v {
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// A leading zero followed by digits is text in YAML 1.2 (`015`, `0571`).
fn digits_but_not_number(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    v.len() > 1 && v.starts_with('0') && v[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Diagnostic {
        parse(text, "f.yaml").unwrap_err()
    }

    #[test]
    fn hostile_input_stops_at_the_limits() {
        let deep = format!("a: {}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(err(&deep).message.contains("嵌套太深"));
        let block: String = (0..200).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert!(err(&block).message.contains("嵌套太深"));
        let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9u8 {
            let (name, prev) = ((b'a' + i) as char, (b'a' + i - 1) as char);
            let refs = vec![format!("*{prev}"); 9].join(", ");
            laughs.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let e = err(&laughs);
        assert!(e.message.contains("展开得太多"), "{e}");
        assert!(e.line > 1);
        assert!(err("a: &x [1, *x]\n").message.contains("它自己"));
        assert!(err("a: 99999999999999999999\n")
            .message
            .contains("数字太大"));
        assert!(parse("a: &x [1, 2]\nb: *x\n", "f.yaml").is_ok());
    }

    #[test]
    fn plain_scalars_are_typed_as_serde_yaml_types_them() {
        use ScalarValue::*;
        for (text, want) in [
            ("", Null),
            ("~", Null),
            ("True", Bool(true)),
            ("yes", Str),
            ("015", Str),
            ("0571-88886601", Str),
            ("13800001111", UInt(13800001111)),
            ("-5", Int(-5)),
            ("0x1F", UInt(31)),
            ("1.50", Float(1.5)),
            ("1e400", Str),
            ("2025-07-01", Str),
            ("记-015", Str),
        ] {
            assert_eq!(resolve(text), Some(want), "{text}");
        }
        assert!(matches!(resolve(".nan"), Some(Float(f)) if f.is_nan()));
        assert_eq!(resolve("-99999999999999999999"), None);
        let t = parse("a: \"5\"\nb: !!str 6\nc: |\n  7\n", "f.yaml").unwrap();
        for key in ["a", "b", "c"] {
            let v = t.get(0, key).unwrap();
            assert!(matches!(&t.node(v).kind, NodeKind::Scalar(s) if s.value == Str));
        }
    }

    // Finding a value's position by its path (model::spans::Tree::find).
    const DOC: &str = "town: 示例镇\nincome:\n  - date: 2025-07-01\n    amount: 12.5\n  - date: 2025-07-02\n    amount: x\nopening:\n  现金: 100\n  基本户.2: 5\n";

    #[test]
    fn finds_nested_positions() {
        let t = parse(DOC, "f.yaml").unwrap();
        assert_eq!(t.find(""), Some(Pos { line: 1, col: 1 }));
        assert_eq!(t.find("town"), Some(Pos { line: 1, col: 7 }));
        assert_eq!(t.find("income"), Some(Pos { line: 3, col: 3 }));
        assert_eq!(t.find("income[0]"), Some(Pos { line: 3, col: 5 }));
        assert_eq!(t.find("income[1].amount"), Some(Pos { line: 6, col: 13 }));
        assert_eq!(t.find("opening.现金"), Some(Pos { line: 8, col: 7 }));
        assert_eq!(t.find("opening.基本户.2"), Some(Pos { line: 9, col: 10 }));
        // A missing field points at its item, a missing item at its list.
        assert_eq!(t.find("income[1].voucher"), Some(Pos { line: 5, col: 5 }));
        assert_eq!(t.find("income[7].voucher"), Some(Pos { line: 3, col: 3 }));
        assert_eq!(t.find("opening.基本户"), Some(Pos { line: 8, col: 3 }));
        assert_eq!(Tree::default().find("town"), None);
    }

    #[test]
    fn flow_style_positions() {
        let t = parse("a: {b: [1, 2, {c: 3}]}\n", "f.yaml").unwrap();
        assert_eq!(t.find("a.b[2].c"), Some(Pos { line: 1, col: 19 }));
        assert_eq!(t.find("a.b[1]"), Some(Pos { line: 1, col: 12 }));
    }
}
