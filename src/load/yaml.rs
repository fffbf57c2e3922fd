//! Reading one YAML file into typed values while keeping every problem, with its position.
//!
//! A file is parsed in three steps: the text becomes a `serde_norway::Value` (syntax errors are
//! reported with libyaml's position and a Chinese explanation); lists that hold many entries
//! (`income`, `expenses`, `requests` …) are taken out and read item by item, so one bad entry
//! does not hide the others; the rest of the mapping is then read as one struct. serde's own
//! messages ("missing field", "unknown variant") are translated into plain Chinese with a hint.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::spans::{Pos, PosMap};
use crate::model::{FileId, Located};
use serde::de::DeserializeOwned;
use serde_norway::{Mapping, Value};

/// One file being read: its id, the name shown in messages and its position map.
pub struct FileCtx<'a> {
    pub id: FileId,
    pub display: &'a str,
    pub posmap: &'a PosMap,
    pub diags: Diagnostics,
}

impl FileCtx<'_> {
    pub fn error_at(&mut self, path: &str, message: String, hint: Option<String>) {
        let pos = self.posmap.find(path).unwrap_or(Pos { line: 1, col: 1 });
        self.diags.push(Diagnostic {
            severity: Severity::Error,
            file: self.display.to_string(),
            line: pos.line,
            col: pos.col,
            message,
            hint,
        });
    }

    /// Takes the list under `key` out of `map` and reads each item on its own.
    pub fn take_list<T: DeserializeOwned>(
        &mut self,
        map: &mut Mapping,
        key: &str,
    ) -> Vec<Located<T>> {
        let Some(value) = map.remove(key) else {
            return Vec::new();
        };
        let items = match value {
            Value::Sequence(items) => items,
            Value::Null => return Vec::new(),
            other => {
                self.error_at(
                    key,
                    format!("`{key}` 应是一个列表,但写成了{}", kind_name(&other)),
                    Some(format!(
                        "每一项另起一行,以「- 」开头,写在 `{key}:` 下面并缩进"
                    )),
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let path = format!("{key}[{i}]");
            if let Some(value) = self.read::<T>(item, &path) {
                out.push(Located {
                    file: self.id,
                    path,
                    value,
                });
            }
        }
        out
    }

    /// Takes the section `key` out of `map` and reads it; a missing required section is
    /// reported. `None` when absent or unreadable (the problem is already reported).
    pub fn take_field<T: DeserializeOwned>(
        &mut self,
        map: &mut Mapping,
        key: &str,
        required: bool,
    ) -> Option<T> {
        match map.remove(key) {
            Some(Value::Null) | None => {
                if required {
                    self.error_at(
                        "",
                        format!("缺少必填项 `{key}`"),
                        Some(format!(
                            "在文件里加上 `{key}:` 这一部分(见 docs/format.md 的示例)"
                        )),
                    );
                }
                None
            }
            Some(value) => self.read(value, key),
        }
    }

    /// Like [`take_field`](Self::take_field) for a list whose items need no position.
    pub fn take_plain_list<T: DeserializeOwned>(&mut self, map: &mut Mapping, key: &str) -> Vec<T> {
        self.take_list(map, key)
            .into_iter()
            .map(|l: Located<T>| l.value)
            .collect()
    }

    /// Reports every key left in `map` (the known ones were taken out).
    pub fn reject_unknown(&mut self, map: &Mapping, allowed: &[&str]) {
        for key in map.keys() {
            let name = match key {
                Value::String(s) => s.clone(),
                other => {
                    self.error_at(
                        "",
                        format!("键名应是文字,这里写成了{}", kind_name(other)),
                        Some("不要用 ? 、列表或「键: 值」表当键名".into()),
                    );
                    continue;
                }
            };
            self.error_at(
                &name,
                format!("不认识的键 `{name}`"),
                Some(format!("检查拼写;这里可用的键有: {}", allowed.join("、"))),
            );
        }
    }

    /// Reads `value` (found at `base`) as a `T`, reporting a problem at its exact position.
    pub fn read<T: DeserializeOwned>(&mut self, value: Value, base: &str) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
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
                let (message, hint) = translate(&e.into_inner().to_string());
                let shown = if path.is_empty() {
                    String::new()
                } else {
                    format!("`{path}`: ")
                };
                self.error_at(&path, format!("{shown}{message}"), hint);
                None
            }
        }
    }
}

/// Parses the text of a file into a mapping. A syntax error becomes a diagnostic.
pub fn parse_mapping(text: &str, display: &str) -> Result<Mapping, Diagnostic> {
    let fail = |line: usize, col: usize, message: String, hint: Option<String>| Diagnostic {
        severity: Severity::Error,
        file: display.to_string(),
        line,
        col,
        message,
        hint,
    };
    if let Some((n, line)) = text.lines().enumerate().find(|(_, l)| {
        let indent: String = l.chars().take_while(|c| c.is_whitespace()).collect();
        indent.contains('\t')
    }) {
        let col = line.find('\t').map_or(1, |c| c + 1);
        return Err(fail(
            n + 1,
            col,
            "这一行用了制表符(Tab)缩进,YAML 只认空格".into(),
            Some("把行首的 Tab 换成空格(每级两个空格)".into()),
        ));
    }
    match serde_norway::from_str::<Value>(text) {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(Value::Null) => Err(fail(
            1,
            1,
            "文件是空的".into(),
            Some("按 docs/format.md 的示例填写".into()),
        )),
        Ok(other) => Err(fail(
            1,
            1,
            format!(
                "文件最外层应是「键: 值」的形式,但写成了{}",
                kind_name(&other)
            ),
            Some("按 docs/format.md 的示例填写".into()),
        )),
        Err(e) => {
            let (mut line, mut col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let raw = e.to_string();
            // libyaml notices an unclosed quote only at the end of the file: point at the
            // line where the quote was opened instead.
            let quote = unclosed_quote(text);
            if raw.contains("quoted scalar") {
                if let Some((n, c)) = quote {
                    (line, col) = (n, c);
                }
            }
            let (message, mut hint) = syntax_hint(&raw);
            if let Some((n, _)) = quote.filter(|(n, _)| *n < line) {
                hint = Some(format!(
                    "第 {n} 行的引号「\"」只有一半,很可能是它引起的:补上另一半或都删掉"
                ));
            }
            if let Some((n, _)) = text.lines().enumerate().find(|(_, l)| {
                l.contains('：') && !l.contains(": ") && !l.trim_start().starts_with('#')
            }) {
                hint = Some(format!(
                    "第 {} 行用了全角冒号「：」,请改成半角冒号加空格「: 」",
                    n + 1
                ));
            }
            Err(fail(line, col, message, hint))
        }
    }
}

/// The first line with an odd number of double quotes (ignoring escaped ones and comments),
/// as (line, column of its last quote), both 1-based.
fn unclosed_quote(text: &str) -> Option<(usize, usize)> {
    for (n, l) in text.lines().enumerate() {
        if l.trim_start().starts_with('#') {
            continue;
        }
        let mut count = 0;
        let mut last = 0;
        let mut prev = ' ';
        for (i, c) in l.chars().enumerate() {
            if c == '"' && prev != '\\' {
                count += 1;
                last = i + 1;
            }
            prev = c;
        }
        if count % 2 == 1 {
            return Some((n + 1, last));
        }
    }
    None
}

fn syntax_hint(raw: &str) -> (String, Option<String>) {
    let first = raw.split(" at line").next().unwrap_or(raw).trim();
    if raw.contains("as u128") || raw.contains("as i128") {
        return (
            "数字太大,超出了能处理的范围".to_string(),
            Some("检查是否多打了几位数".to_string()),
        );
    }
    if raw.contains("recursion limit exceeded") || raw.contains("repetition limit exceeded") {
        return (
            "YAML 嵌套太深或引用(&、*)展开得太多".to_string(),
            Some("按 docs/format.md 的示例平铺着写,不要用 & 和 *".to_string()),
        );
    }
    // libyaml's words, in plain Chinese; the English stays in brackets for whoever helps.
    const KNOWN: &[(&str, &str, &str)] = &[
        (
            "mapping values are not allowed",
            "这里不能再写「键: 值」",
            "冒号后面要有一个空格;值里本身有冒号时,用引号把整个值括起来",
        ),
        (
            "did not find expected '-'",
            "缩进不对(列表项或键没有对齐)",
            "同一个列表里每一项的「- 」要上下对齐,同一层的键也要对齐",
        ),
        (
            "did not find expected key",
            "缩进不对,或少了冒号",
            "检查缩进:同一层的键要对齐",
        ),
        (
            "could not find expected ':'",
            "少了冒号「:」",
            "每个键后面要有半角冒号和一个空格",
        ),
        (
            "duplicate entry",
            "同一层里有一个键写了两次",
            "删掉或合并其中一个",
        ),
        (
            "found character that cannot start any token",
            "有不能识别的字符",
            "行首可能有 Tab;值以 @ ` % 等开头时请加引号",
        ),
        (
            "unknown anchor",
            "用 * 引用了没有定义的名字",
            "不要用 & 和 *,直接把内容写出来",
        ),
        (
            "quoted scalar",
            "引号没有配对",
            "这一行的引号只有一半,补上另一半或都删掉",
        ),
        (
            "found unexpected end of stream",
            "文件意外结束",
            "引号或括号没有配对",
        ),
        (
            "did not find expected node content",
            "这里缺了值",
            "检查这一行是否多了符号或少了内容",
        ),
    ];
    let (zh, hint) = KNOWN
        .iter()
        .find(|(en, _, _)| raw.contains(en))
        .map(|(_, zh, hint)| (*zh, *hint))
        .unwrap_or(("写法不对", "对照 docs/format.md 的示例检查这一行和上一行"));
    (
        format!("YAML 格式错误: {zh} ({first})"),
        Some(hint.to_string()),
    )
}

/// Chinese name of a YAML value's kind, for messages.
pub fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "空值",
        Value::Bool(_) => "是/否值",
        Value::Number(_) => "数字",
        Value::String(_) => "文字",
        Value::Sequence(_) => "列表",
        Value::Mapping(_) => "「键: 值」表",
        Value::Tagged(_) => "带标签的值",
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
    let clean = msg.split(" at line ").next().unwrap_or(msg);
    (clean.to_string(), None)
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

    #[test]
    fn every_bad_item_is_reported_with_its_line() {
        let text = "items:\n  - amount: 1.234\n    name: a\n  - amount: 2\n    name: b\n  - amout: 3\n    name: c\n";
        let pm = crate::load::posmap::build(text);
        let mut map = parse_mapping(text, "f.yaml").unwrap();
        let mut ctx = FileCtx {
            id: 0,
            display: "f.yaml",
            posmap: &pm,
            diags: Diagnostics::new(),
        };
        let items: Vec<Located<Item>> = ctx.take_list(&mut map, "items");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].path, "items[1]");
        let report = ctx.diags.report();
        assert!(
            report.contains("f.yaml:2:13: 错误: `items[0].amount`: 金额「1.234」的小数超过两位"),
            "{report}"
        );
        assert!(
            report.contains("f.yaml:6:12: 错误: `items[2].amout`: 不认识的键 `amout`"),
            "{report}"
        );
    }

    #[test]
    fn syntax_errors_explain_themselves() {
        let e = parse_mapping("a: 1\nb：2\nc: [1\n", "f.yaml").unwrap_err();
        assert!(e.message.starts_with("YAML 格式错误"), "{e}");
        assert!(e.hint.unwrap().contains("全角冒号"));
        let e = parse_mapping("a:\n\t- 1\n", "f.yaml").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert!(e.message.contains("Tab"));
        assert!(parse_mapping("", "f.yaml")
            .unwrap_err()
            .message
            .contains("空"));
        assert!(parse_mapping("a: 1\na: 2\n", "f.yaml").is_err());
    }

    #[test]
    fn translates_serde_messages() {
        let (m, h) = translate("unknown variant `完成`, expected one of `已完成`, `进行中`");
        assert_eq!(m, "「完成」不是可选的值");
        assert_eq!(h.unwrap(), "只能写其中之一: 已完成、进行中");
        assert_eq!(translate("missing field `amount`").0, "缺少必填项 `amount`");
    }
}
