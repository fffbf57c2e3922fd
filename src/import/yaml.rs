//! Writing content files as YAML text, and telling a generated file from one edited by hand.
//!
//! The files are written as an accountant would write them by hand (block style, keys in the
//! order of docs/format.md, amounts as `1234.50`), with values quoted only where YAML would
//! otherwise read them as something else (`"015"`, `"是"`, a summary containing `: `).
//!
//! `accounts.yaml` has two kinds of parts: the money sections an import writes (`opening`,
//! `closing`, `income`, `expenses`, `transfers`), and the sections the accountant fills in
//! (`assets`, `special`, `review`). A generated file records a fingerprint of its money
//! sections in its header; an import rewrites them only while they still match that
//! fingerprint (nobody changed an entry by hand since), and always keeps the accountant's
//! sections as they are. Comments do not count as edits.

use crate::load::tree::resolve;
use crate::model::spans::ScalarValue;
use crate::model::{AccountsFile, Entry, PeriodId, Supervisor, Transfer};
use crate::money::Money;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The sections of `accounts.yaml` an import writes.
pub const GENERATED_KEYS: &[&str] = &["opening", "closing", "income", "expenses", "transfers"];

/// The header line that holds the fingerprint.
pub const FINGERPRINT_MARK: &str = "# sanshai 生成指纹: ";

/// The modeline YAML editors (VS Code's YAML extension) read to find a file's schema.
pub fn modeline(schema_path: &str) -> String {
    format!("# yaml-language-server: $schema={schema_path}\n")
}

/// A text value, quoted when YAML would otherwise not read it back as this same text.
pub fn text(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && resolve(s) == Some(ScalarValue::Str)
        && !s.starts_with(|c: char| c.is_ascii_digit() || "-?:,[]{}#&*!|>'\"%@`.+~ ".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| c.is_control() || c == '\u{feff}');
    if plain {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An amount as `1234.50` (no grouping; `-12.00` when negative).
pub fn amount(m: Money) -> String {
    let fen = m.fen();
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// `[甲, 乙]`.
pub fn names(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|s| text(s)).collect();
    format!("[{}]", items.join(", "))
}

/// A `账户: 金额` section.
pub fn balances(key: &str, values: &BTreeMap<String, Money>, order: &[String]) -> String {
    let mut out = format!("{key}:\n");
    for name in order {
        if let Some(m) = values.get(name) {
            let _ = writeln!(out, "  {}: {}", text(name), amount(*m));
        }
    }
    out
}

/// One income or expense, as a list item.
pub fn entry(e: &Entry) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  - date: {}", e.date.format("%Y-%m-%d"));
    let _ = writeln!(out, "    voucher: {}", text(&e.voucher));
    let _ = writeln!(out, "    account: {}", text(&e.account));
    if !e.item.is_empty() {
        let _ = writeln!(out, "    item: {}", text(&e.item));
    }
    let _ = writeln!(out, "    summary: {}", text(&e.summary));
    let _ = writeln!(out, "    amount: {}", amount(e.amount));
    if let Some(r) = &e.reverses {
        let _ = writeln!(out, "    reverses: {}", text(r));
    }
    let _ = writeln!(out, "    via: {}", text(&e.via));
    if !e.source.is_empty() {
        let _ = writeln!(out, "    source: {}", text(&e.source));
    }
    let _ = writeln!(out, "    handler: {}", text(&e.handler));
    if !e.approvers.is_empty() {
        let _ = writeln!(out, "    approvers: {}", names(&e.approvers));
    }
    out
}

/// One transfer, as a list item.
pub fn transfer(t: &Transfer) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  - date: {}", t.date.format("%Y-%m-%d"));
    let _ = writeln!(out, "    voucher: {}", text(&t.voucher));
    let _ = writeln!(out, "    from: {}", text(&t.from));
    let _ = writeln!(out, "    to: {}", text(&t.to));
    let _ = writeln!(out, "    amount: {}", amount(t.amount));
    let _ = writeln!(out, "    summary: {}", text(&t.summary));
    let _ = writeln!(out, "    handler: {}", text(&t.handler));
    out
}

/// A list section: `key: []` when empty.
pub fn list<T>(key: &str, items: &[T], one: impl Fn(&T) -> String) -> String {
    if items.is_empty() {
        return format!("{key}: []\n");
    }
    let mut out = format!("{key}:\n");
    for it in items {
        out.push_str(&one(it));
    }
    out
}

/// A part of a YAML file: a top-level key with its value and the comments and blank lines
/// before it; `key` is `None` for the file's leading comments and for trailing comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub key: Option<String>,
    pub text: String,
}

/// The top-level key a line starts, if it starts one.
fn top_key(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '.') {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    Some(key.trim().trim_matches(['"', '\'']).to_string())
}

/// Splits a file into its leading comments and one block per top-level key. Comments and blank
/// lines go with the key below them; those after the last key form a final keyless block.
pub fn blocks(text: &str) -> Vec<Block> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let mut out: Vec<Block> = Vec::new();
    let mut pending = String::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let loose = trimmed.is_empty() || trimmed.starts_with('#');
        let indented = line.starts_with([' ', '\t']);
        if let Some(key) = (!loose).then(|| top_key(line)).flatten() {
            if out.is_empty() && !pending.is_empty() {
                // The file's header comments stay apart from the first key.
                out.push(Block {
                    key: None,
                    text: std::mem::take(&mut pending),
                });
            }
            out.push(Block {
                key: Some(key),
                text: std::mem::take(&mut pending) + line,
            });
        } else if loose && !indented {
            pending.push_str(line);
        } else if let Some(b) = out.last_mut() {
            b.text.push_str(&std::mem::take(&mut pending));
            b.text.push_str(line);
        } else {
            pending.push_str(line);
        }
    }
    if !pending.is_empty() {
        out.push(Block {
            key: None,
            text: pending,
        });
    }
    out
}

/// The fingerprint of a file's money sections: their lines without comments, blank lines,
/// trailing spaces or the difference between Windows and Unix line ends.
pub fn fingerprint(text: &str) -> String {
    let mut h = Sha256::new();
    for b in blocks(text) {
        if !b
            .key
            .as_deref()
            .is_some_and(|k| GENERATED_KEYS.contains(&k))
        {
            continue;
        }
        for line in b.text.lines() {
            let t = without_comment(line).trim_end();
            if t.trim_start().is_empty() || t.trim_start().starts_with('#') {
                continue;
            }
            h.update(t.as_bytes());
            h.update(b"\n");
        }
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A line without its trailing comment (a `#` after a space, outside quotes).
fn without_comment(line: &str) -> &str {
    let (mut quote, mut escaped, mut prev_space) = (None, false, true);
    for (i, c) in line.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '#' && prev_space => return &line[..i],
            None if c == '"' || c == '\'' => quote = Some(c),
            None => {}
        }
        prev_space = c == ' ' || c == '\t';
    }
    line
}

/// The fingerprint a file's header records, if it has one.
pub fn recorded_fingerprint(text: &str) -> Option<String> {
    text.lines()
        .take_while(|l| l.trim().is_empty() || l.starts_with('#'))
        .find_map(|l| l.strip_prefix(FINGERPRINT_MARK))
        .map(|rest| {
            rest.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        })
}

/// How an existing `accounts.yaml` stands for an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    /// No file yet.
    None,
    /// Generated, and its money sections are as generated.
    Untouched,
    /// Written or changed by hand (or made by an older version without a fingerprint).
    EditedByHand,
}

pub fn existing_state(text: Option<&str>) -> Existing {
    match text {
        None => Existing::None,
        Some(t) => match recorded_fingerprint(t) {
            Some(f) if f == fingerprint(t) => Existing::Untouched,
            _ => Existing::EditedByHand,
        },
    }
}

/// The accountant's sections of an existing file (everything but the money sections and the
/// header), to be written back unchanged.
pub fn kept_sections(text: &str) -> String {
    let mut out = String::new();
    for (i, b) in blocks(text).into_iter().enumerate() {
        match b.key.as_deref() {
            Some(k) if GENERATED_KEYS.contains(&k) => {}
            None if i == 0 && b.text.trim_start().starts_with('#') => {}
            _ => out.push_str(&b.text),
        }
    }
    out
}

/// A whole generated `accounts.yaml`: modeline, header comments with the fingerprint, the
/// money sections of `acc` (funds in `order`), then `kept` (the accountant's sections).
pub fn accounts_file(
    schema: &str,
    header: &[String],
    acc: &AccountsFile,
    order: &[String],
    kept: &str,
) -> String {
    let mut body = String::new();
    body.push_str(&balances("opening", &acc.opening, order));
    body.push_str(&balances("closing", &acc.closing, order));
    let income: Vec<&Entry> = acc.income.iter().map(|e| &e.value).collect();
    let expenses: Vec<&Entry> = acc.expenses.iter().map(|e| &e.value).collect();
    let transfers: Vec<&Transfer> = acc.transfers.iter().map(|t| &t.value).collect();
    body.push('\n');
    body.push_str(&list("income", &income, |e| entry(e)));
    body.push('\n');
    body.push_str(&list("expenses", &expenses, |e| entry(e)));
    body.push('\n');
    body.push_str(&list("transfers", &transfers, |t| transfer(t)));
    let mut out = modeline(schema);
    for line in header {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(out, "{FINGERPRINT_MARK}{}", fingerprint(&body));
    out.push('\n');
    out.push_str(&body);
    if !kept.is_empty() && !kept.starts_with('\n') {
        out.push('\n');
    }
    out.push_str(kept);
    out
}

/// The `review` section as comments to fill in after the supervision committee's check,
/// with the committee's members and the usual dates as an example.
pub fn review_template(supervisors: &[Supervisor], period: PeriodId) -> String {
    let names: Vec<String> = supervisors.iter().map(|s| s.name.clone()).collect();
    let day = |n| (period.end() + chrono::Days::new(n)).format("%Y-%m-%d");
    let mut out = String::from(
        "\n# 审核与公开(review):村务监督委员会审核后填写,再把下面几行开头的「# 」去掉。\n",
    );
    if names.is_empty() {
        out.push_str("# 本村 village.yaml 里还没有写监督委员会成员(supervisors)。\n");
    } else {
        let _ = writeln!(out, "# 本村监督委员会成员: {}", names.join("、"));
    }
    let shown = if names.is_empty() {
        vec!["姓名".to_string()]
    } else {
        names
    };
    let _ = writeln!(out, "# review:");
    let _ = writeln!(out, "#   reviewed_by: {}", self::names(&shown));
    let _ = writeln!(out, "#   reviewed_on: {}", day(9));
    let _ = writeln!(out, "#   posted_on: {}", day(10));
    let _ = writeln!(out, "#   days: 15");
    let _ = writeln!(
        out,
        "#   opinion: 经逐笔核对原始凭证和银行对账单,收支真实、完整,同意公开。"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_quoted_only_when_needed() {
        assert_eq!(text("管理费用"), "管理费用");
        assert_eq!(text("记-001"), "记-001");
        assert_eq!(text("015"), "\"015\"");
        assert_eq!(text("2025"), "\"2025\"");
        assert_eq!(text("true"), "\"true\"");
        assert_eq!(text("null"), "\"null\"");
        assert_eq!(text(""), "\"\"");
        assert_eq!(text("收款: 租金"), "\"收款: 租金\"");
        assert_eq!(text("- 开头"), "\"- 开头\"");
        assert_eq!(text("甲\n乙\"丙"), "\"甲\\n乙\\\"丙\"");
        assert_eq!(text("租金 #3"), "\"租金 #3\"");
        assert_eq!(amount(Money::from_fen(1234550)), "12345.50");
        assert_eq!(amount(Money::from_fen(-5)), "-0.05");
    }

    #[test]
    fn money_sections_are_told_from_the_accountants() {
        let body = "opening:\n  现金: 1.00\nclosing:\n  现金: 1.00\nincome: []\nexpenses: []\n";
        let kept = "\n# 审核\nreview:\n  reviewed_by: [甲]\n  # 注释\n  days: 15\n# 结尾\n";
        let file = format!(
            "# 头\n{FINGERPRINT_MARK}{}\n\n{body}{kept}",
            fingerprint(body)
        );
        assert_eq!(existing_state(Some(&file)), Existing::Untouched);
        assert_eq!(kept_sections(&file), kept);
        // A comment or Windows line ends are no edit; a changed amount is.
        let commented = file
            .replace("income: []", "income: [] # 没有收入")
            .replace('\n', "\r\n");
        assert_eq!(existing_state(Some(&commented)), Existing::Untouched);
        let changed = file.replace("现金: 1.00\nincome", "现金: 2.00\nincome");
        assert_eq!(existing_state(Some(&changed)), Existing::EditedByHand);
        assert_eq!(existing_state(Some(body)), Existing::EditedByHand);
        assert_eq!(existing_state(None), Existing::None);
        // Editing the accountant's sections keeps the file untouched for the import.
        let reviewed = file.replace("days: 15", "days: 20");
        assert_eq!(existing_state(Some(&reviewed)), Existing::Untouched);
        let b = blocks(&file);
        let keys: Vec<Option<&str>> = b.iter().map(|b| b.key.as_deref()).collect();
        assert_eq!(
            keys,
            [
                None,
                Some("opening"),
                Some("closing"),
                Some("income"),
                Some("expenses"),
                Some("review"),
                None
            ]
        );
        assert_eq!(b.iter().map(|b| b.text.as_str()).collect::<String>(), file);
    }
}
