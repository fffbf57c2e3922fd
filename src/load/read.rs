//! Reading the typed sections of one parsed file while keeping every problem, with its position.
//!
//! The tree of a file (see `tree`) is read section by section ([`Doc`]): lists that hold many
//! entries (`income`, `expenses`, `requests` …) are read item by item, so one bad entry does not
//! hide the others, and each item keeps the path it came from ([`Located`]). A section asked
//! for is remembered, so the keys a file may hold are written once, where they are read, and
//! [`Doc::finish`] reports every other key with that same list. serde's own messages ("missing
//! field", "unknown variant") are translated into plain Chinese with a hint, and placed at the
//! node they are about.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::load::de::NodeDe;
use crate::model::spans::{NodeId, NodeKind, Pos, ScalarValue, Tree};
use crate::model::{FileId, Located};
use serde::de::DeserializeOwned;

/// One file being read: its id, the name shown in messages and its parsed tree.
pub struct FileCtx<'a> {
    pub id: FileId,
    pub display: &'a str,
    pub tree: &'a Tree,
    pub diags: Diagnostics,
}

impl FileCtx<'_> {
    pub fn error_at(&mut self, pos: Pos, message: String, hint: Option<String>) {
        self.diags.push(Diagnostic {
            severity: Severity::Error,
            file: self.display.to_string(),
            line: pos.line,
            col: pos.col,
            message,
            hint,
        });
    }

    /// The file's top-level mapping; an empty file or another kind of value is reported.
    pub fn root_mapping(&mut self) -> Option<NodeId> {
        let hint = Some("按 docs/format.md 的示例填写".to_string());
        let start = Pos { line: 1, col: 1 };
        let Some(root) = self.tree.root() else {
            self.error_at(start, "文件是空的".into(), hint);
            return None;
        };
        match &self.tree.node(self.tree.target(root)).kind {
            NodeKind::Map(_) => Some(self.tree.target(root)),
            NodeKind::Scalar(s) if s.value == ScalarValue::Null => {
                self.error_at(start, "文件是空的".into(), hint);
                None
            }
            _ => {
                let kind = kind_name(self.tree, root);
                self.error_at(
                    start,
                    format!("文件最外层应是「键: 值」的形式,但写成了{kind}"),
                    hint,
                );
                None
            }
        }
    }

    /// Reads `node` (found at path `base`) as a `T`, reporting a problem at its exact position.
    pub fn read<T: DeserializeOwned>(&mut self, node: NodeId, base: &str) -> Option<T> {
        // Read plainly first; only a value that fails is read again, tracking the path of
        // keys and indexes down to the problem (reading is pure, so it fails the same way).
        // Tracking every value costs a tenth of loading a large county.
        if let Ok(v) = T::deserialize(NodeDe::new(self.tree, node)) {
            return Some(v);
        }
        match serde_path_to_error::deserialize::<_, T>(NodeDe::new(self.tree, node)) {
            Ok(v) => Some(v),
            Err(e) => {
                let mut path = base.to_string();
                for seg in e.path().iter() {
                    match seg {
                        serde_path_to_error::Segment::Seq { index } => {
                            path.push_str(&format!("[{index}]"))
                        }
                        serde_path_to_error::Segment::Map { key } => {
                            if !path.is_empty() {
                                path.push('.');
                            }
                            path.push_str(key);
                        }
                        _ => {}
                    }
                }
                let inner = e.into_inner();
                let pos = inner.pos.unwrap_or(self.tree.node(node).pos);
                let (message, hint) = translate(&inner.message);
                let shown = if path.is_empty() {
                    String::new()
                } else {
                    format!("`{path}`: ")
                };
                self.error_at(pos, format!("{shown}{message}"), hint);
                None
            }
        }
    }
}

/// The top-level mapping of a file, read section by section.
pub struct Doc<'c, 'a> {
    ctx: &'c mut FileCtx<'a>,
    map: NodeId,
    /// Every key asked for, in order: the keys this file may hold.
    asked: Vec<&'static str>,
}

impl<'c, 'a> Doc<'c, 'a> {
    pub fn new(ctx: &'c mut FileCtx<'a>, map: NodeId) -> Self {
        Doc {
            ctx,
            map,
            asked: Vec::new(),
        }
    }

    fn take(&mut self, key: &'static str) -> Option<NodeId> {
        self.asked.push(key);
        self.ctx.tree.get(self.map, key)
    }

    /// Where `key`'s value is written (the top of the file when it is not).
    pub fn pos_of(&self, key: &str) -> Pos {
        let node = self.ctx.tree.get(self.map, key).unwrap_or(self.map);
        self.ctx.tree.node(node).pos
    }

    pub fn error_at(&mut self, pos: Pos, message: String, hint: Option<String>) {
        self.ctx.error_at(pos, message, hint);
    }

    /// Where the value at `path` (`income[3].lines[1]`) was written, or its nearest parent.
    pub fn pos_of_path(&self, path: &str) -> Pos {
        self.ctx.tree.find(path).unwrap_or(Pos { line: 1, col: 1 })
    }

    /// Reads the list under `key`, each item on its own.
    pub fn list<T: DeserializeOwned>(&mut self, key: &'static str) -> Vec<Located<T>> {
        let Some(node) = self.take(key) else {
            return Vec::new();
        };
        let tree = self.ctx.tree;
        let items = match &tree.node(tree.target(node)).kind {
            NodeKind::Seq(items) => items,
            NodeKind::Scalar(s) if s.value == ScalarValue::Null => return Vec::new(),
            _ => {
                self.ctx.error_at(
                    tree.node(node).pos,
                    format!("`{key}` 应是一个列表,但写成了{}", kind_name(tree, node)),
                    Some(format!(
                        "每一项另起一行,以「- 」开头,写在 `{key}:` 下面并缩进"
                    )),
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{key}[{i}]");
            if let Some(value) = self.ctx.read::<T>(*item, &path) {
                out.push(Located {
                    file: self.ctx.id,
                    path,
                    value,
                });
            }
        }
        out
    }

    /// Like [`list`](Self::list) for a list whose items need no position.
    pub fn plain_list<T: DeserializeOwned>(&mut self, key: &'static str) -> Vec<T> {
        self.list(key).into_iter().map(|l| l.value).collect()
    }

    /// Reads the section `key`; a missing required section is reported. `None` when absent
    /// or unreadable (the problem is already reported).
    pub fn field<T: DeserializeOwned>(&mut self, key: &'static str, required: bool) -> Option<T> {
        let node = self.take(key).filter(|n| {
            let tree = self.ctx.tree;
            !matches!(&tree.node(tree.target(*n)).kind,
                NodeKind::Scalar(s) if s.value == ScalarValue::Null)
        });
        match node {
            Some(node) => self.ctx.read(node, key),
            None => {
                if required {
                    let pos = self.ctx.tree.node(self.map).pos;
                    self.ctx.error_at(
                        pos,
                        format!("缺少必填项 `{key}`"),
                        Some(format!(
                            "在文件里加上 `{key}:` 这一部分(见 docs/format.md 的示例)"
                        )),
                    );
                }
                None
            }
        }
    }

    /// Reports every key that was not asked for, with the keys that were.
    pub fn finish(self) {
        let tree = self.ctx.tree;
        let NodeKind::Map(entries) = &tree.node(self.map).kind else {
            return;
        };
        for (key, _) in entries {
            let pos = tree.node(*key).pos;
            let name = match &tree.node(tree.target(*key)).kind {
                NodeKind::Scalar(s) if s.value == ScalarValue::Str => &s.text,
                _ => {
                    self.ctx.error_at(
                        pos,
                        format!("键名应是文字,这里写成了{}", kind_name(tree, *key)),
                        Some("不要用 ? 、列表或「键: 值」表当键名".into()),
                    );
                    continue;
                }
            };
            if !self.asked.contains(&name.as_str()) {
                self.ctx.error_at(
                    pos,
                    format!("不认识的键 `{name}`"),
                    Some(format!(
                        "检查拼写;这里可用的键有: {}",
                        self.asked.join("、")
                    )),
                );
            }
        }
    }
}

/// Chinese name of a YAML node's kind, for messages.
pub fn kind_name(tree: &Tree, node: NodeId) -> &'static str {
    match &tree.node(tree.target(node)).kind {
        NodeKind::Scalar(s) => match s.value {
            ScalarValue::Null => "空值",
            ScalarValue::Bool(_) => "是/否值",
            ScalarValue::UInt(_) | ScalarValue::Int(_) | ScalarValue::Float(_) => "数字",
            ScalarValue::Str => "文字",
        },
        NodeKind::Seq(_) => "列表",
        NodeKind::Map(_) | NodeKind::Alias(_) => "「键: 值」表",
    }
}

/// Turns serde's English messages into Chinese with a hint; our own Chinese messages pass.
pub fn translate(msg: &str) -> (String, Option<String>) {
    let ticks: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let f = rest.trim_matches('`');
        return (
            format!("缺少必填项 `{f}`"),
            Some(format!("在这一项里加上一行 `{f}: …`(见 docs/format.md)")),
        );
    }
    if msg.starts_with("unknown field") {
        let f = ticks.first().copied().unwrap_or("?");
        let allowed = ticks.get(1..).map(|a| a.join("、")).unwrap_or_default();
        let hint = if allowed.is_empty() {
            "这里不能有别的键".to_string()
        } else {
            format!("检查拼写;这里可用的键有: {allowed}")
        };
        return (format!("不认识的键 `{f}`"), Some(hint));
    }
    if msg.starts_with("unknown variant") {
        let v = ticks.first().copied().unwrap_or("?");
        let allowed = ticks.get(1..).map(|a| a.join("、")).unwrap_or_default();
        return (
            format!("「{v}」不是可选的值"),
            Some(format!("只能写其中之一: {allowed}")),
        );
    }
    if msg.starts_with("duplicate field") {
        let f = ticks.first().copied().unwrap_or("?");
        return (format!("键 `{f}` 写了两次"), Some("删掉其中一个".into()));
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return (
            format!(
                "类型不对: 写的是{},这里应是{}",
                got_name(got),
                want_name(want)
            ),
            got.contains('：')
                .then(|| "这里用了全角冒号「：」,请改成半角冒号加空格「: 」".to_string()),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return (
            format!(
                "值不对: 写的是{},这里应是{}",
                got_name(got),
                want_name(want)
            ),
            None,
        );
    }
    if msg.starts_with("invalid length") {
        return (format!("列表长度不对: {msg}"), None);
    }
    (msg.to_string(), None)
}

fn got_name(got: &str) -> String {
    if let Some(s) = got.strip_prefix("string ") {
        return format!("文字 {s}");
    }
    match got {
        "sequence" => "列表".into(),
        "map" => "「键: 值」表".into(),
        "unit value" | "null" => "空值".into(),
        g if g.starts_with("integer") || g.starts_with("floating point") => {
            format!("数字 {}", g.split_whitespace().last().unwrap_or(""))
        }
        g if g.starts_with("boolean") => "是/否值".into(),
        g => g.into(),
    }
}

fn want_name(want: &str) -> String {
    match want {
        "a string" => "文字".into(),
        "a sequence" => "列表(每项以「- 」开头)".into(),
        "u32" | "u64" | "usize" => "不带小数的非负整数".into(),
        "struct" => "「键: 值」表".into(),
        "field identifier" => "键名(文字)".into(),
        w if w.starts_with("struct ") => "「键: 值」表".into(),
        w if w.starts_with("a map") => "「键: 值」表".into(),
        w if w.starts_with("enum ") => "几个可选的值之一(见 docs/format.md)".into(),
        w => w.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        amount: crate::money::Money,
        name: String,
    }

    fn ctx(tree: &Tree) -> FileCtx<'_> {
        FileCtx {
            id: 0,
            display: "f.yaml",
            tree,
            diags: Diagnostics::new(),
        }
    }

    #[test]
    fn every_bad_item_is_reported_with_its_line() {
        let text = "items:\n  - amount: 1.234\n    name: a\n  - amount: 2\n    name: b\n  - amout: 3\n    name: c\n";
        let tree = crate::load::tree::parse(text, "f.yaml").unwrap();
        let mut ctx = ctx(&tree);
        let root = ctx.root_mapping().unwrap();
        let mut doc = Doc::new(&mut ctx, root);
        let items: Vec<Located<Item>> = doc.list("items");
        doc.finish();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].path, "items[1]");
        let report = ctx.diags.report();
        assert!(
            report.contains("f.yaml:2:13: 错误: `items[0].amount`: 金额「1.234」的小数超过两位"),
            "{report}"
        );
        assert!(
            report.contains("f.yaml:6:5: 错误: `items[2].amout`: 不认识的键 `amout`"),
            "{report}"
        );
    }

    #[test]
    fn keys_are_allowed_by_asking_for_them() {
        let text = "a: 1\nb: [x]\nc: 2\n3: 4\n";
        let tree = crate::load::tree::parse(text, "f.yaml").unwrap();
        let mut ctx = ctx(&tree);
        let root = ctx.root_mapping().unwrap();
        let mut doc = Doc::new(&mut ctx, root);
        assert_eq!(doc.field::<u32>("a", true), Some(1));
        assert_eq!(doc.plain_list::<String>("b"), vec!["x".to_string()]);
        assert_eq!(doc.field::<u32>("d", true), None);
        doc.finish();
        let report = ctx.diags.report();
        assert!(
            report.contains("f.yaml:1:1: 错误: 缺少必填项 `d`"),
            "{report}"
        );
        assert!(
            report.contains(
                "f.yaml:3:1: 错误: 不认识的键 `c` (提示: 检查拼写;这里可用的键有: a、b、d)"
            ),
            "{report}"
        );
        assert!(
            report.contains("f.yaml:4:1: 错误: 键名应是文字,这里写成了数字"),
            "{report}"
        );
    }

    #[test]
    fn empty_and_odd_files() {
        for (text, want) in [
            ("", "文件是空的"),
            ("---\n", "文件是空的"),
            ("[1]", "最外层"),
        ] {
            let tree = crate::load::tree::parse(text, "f.yaml").unwrap();
            let mut ctx = ctx(&tree);
            assert!(ctx.root_mapping().is_none());
            assert!(ctx.diags.report().contains(want), "{text:?}");
        }
    }

    #[test]
    fn translates_serde_messages() {
        let (m, h) = translate("unknown variant `完成`, expected one of `已完成`, `进行中`");
        assert_eq!(m, "「完成」不是可选的值");
        assert_eq!(h.unwrap(), "只能写其中之一: 已完成、进行中");
        assert_eq!(translate("missing field `amount`").0, "缺少必填项 `amount`");
    }
}
