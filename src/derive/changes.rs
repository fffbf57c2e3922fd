//! What a correction changed, in words: the differences between two versions of a period's
//! books, as the 更正记录 block prints them.
//!
//! Pure functions over the two period models (the version before and the version after), so
//! they are tested on their own. Entries are matched by voucher number: an entry is added,
//! removed, or changed field by field (old → new amounts and dates); balances are compared fund
//! by fund; the other parts of the books are named when they changed. Items are compared in
//! their serialised form, so a field added to the model later is still noticed (as 其他内容).

use crate::model::{cn_date, Located, Period};
use crate::money::Money;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Every change from `old` to `new`, one sentence each: accounts (entries, then the balances
/// they move, then the rest), then performance, conduct and notes.
pub fn changes(old: &Period, new: &Period) -> Vec<String> {
    let mut out = Vec::new();
    match (&old.accounts, &new.accounts) {
        (Some(a), Some(b)) => {
            entries(&a.income, &b.income, "收入", &mut out);
            entries(&a.expenses, &b.expenses, "支出", &mut out);
            entries(&a.transfers, &b.transfers, "账户间划转", &mut out);
            entries(&a.pass_through, &b.pass_through, "代收代付", &mut out);
            balances(&a.opening, &b.opening, "期初余额", &mut out);
            balances(&a.closing, &b.closing, "期末余额", &mut out);
            for (changed, what) in [
                (json(&a.assets) != json(&b.assets), "三资情况有改动"),
                (json(&a.special) != json(&b.special), "专项公开有改动"),
                (json(&a.review) != json(&b.review), "审核与公开信息有改动"),
            ] {
                if changed {
                    out.push(what.to_string());
                }
            }
        }
        (None, Some(_)) => out.push("新增了晒账单(accounts.yaml)".into()),
        (Some(_), None) => out.push("晒账单(accounts.yaml)被删去".into()),
        (None, None) => {}
    }
    match (&old.performance, &new.performance) {
        (Some(a), Some(b)) => {
            let parts: Vec<&str> = [
                (list(&a.work) != list(&b.work), "本季度工作"),
                (plain(&a.problems) != plain(&b.problems), "解决的问题"),
                (list(&a.goals) != list(&b.goals), "责任清单"),
                (list(&a.requests) != list(&b.requests), "民情台账"),
                (json(&a.evaluation) != json(&b.evaluation), "评议结果"),
            ]
            .into_iter()
            .filter_map(|(changed, what)| changed.then_some(what))
            .collect();
            if !parts.is_empty() {
                out.push(format!("晒业绩有改动:{}", parts.join("、")));
            }
        }
        (None, Some(_)) => out.push("新增了晒业绩(performance.yaml)".into()),
        (Some(_), None) => out.push("晒业绩(performance.yaml)被删去".into()),
        (None, None) => {}
    }
    match (&old.conduct, &new.conduct) {
        (Some(a), Some(b)) => {
            let (before, after) = (list(&a.cadres), list(&b.cadres));
            let mut names: Vec<String> = Vec::new();
            for x in after.iter().filter(|x| !before.contains(x)) {
                names.push(text_of(x, "name"));
            }
            for x in before.iter().filter(|x| !after.contains(x)) {
                let name = text_of(x, "name");
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            let header = a.survey_date != b.survey_date || a.surveyed != b.surveyed;
            if !names.is_empty() {
                out.push(format!("晒作风有改动:{}", names.join("、")));
            } else if header {
                out.push("晒作风有改动:测评日期或参评人".into());
            }
        }
        (None, Some(_)) => out.push("新增了晒作风(conduct.yaml)".into()),
        (Some(_), None) => out.push("晒作风(conduct.yaml)被删去".into()),
        (None, None) => {}
    }
    match (&old.notes, &new.notes) {
        (Some(a), Some(b)) if a != b => out.push("村里的话(notes.md)有改动".into()),
        (None, Some(_)) => out.push("新增了村里的话(notes.md)".into()),
        (Some(_), None) => out.push("村里的话(notes.md)被删去".into()),
        _ => {}
    }
    out
}

fn json<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

fn list<T: Serialize>(items: &[Located<T>]) -> Vec<Value> {
    items.iter().map(|x| json(&x.value)).collect()
}

fn plain<T: Serialize>(items: &[T]) -> Vec<Value> {
    items.iter().map(json).collect()
}

fn text_of(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

fn money(fen: i64) -> String {
    Money::from_fen(fen).yuan()
}

/// Balances fund by fund: `期初余额「现金」¥1.00 → ¥2.00`.
fn balances(
    old: &BTreeMap<String, Money>,
    new: &BTreeMap<String, Money>,
    what: &str,
    out: &mut Vec<String>,
) {
    for (fund, a) in old {
        match new.get(fund) {
            Some(b) if b != a => out.push(format!("{what}「{fund}」{} → {}", a.yuan(), b.yuan())),
            Some(_) => {}
            None => out.push(format!("{what}去掉了「{fund}」(原为 {})", a.yuan())),
        }
    }
    for (fund, b) in new.iter().filter(|(f, _)| !old.contains_key(*f)) {
        out.push(format!("{what}新增「{fund}」{}", b.yuan()));
    }
}

/// Field names as the notice calls them, in the order a change lists them.
const FIELDS: [(&str, &str); 15] = [
    ("amount", "金额"),
    ("date", "日期"),
    ("account", "科目"),
    ("item", "明细"),
    ("summary", "摘要"),
    ("via", "账户"),
    ("from", "转出账户"),
    ("to", "转入账户"),
    ("kind", "收付"),
    ("matter", "事项"),
    ("party", "对方"),
    ("source", "资金来源"),
    ("handler", "经手人"),
    ("approvers", "审批人"),
    ("reverses", "冲销"),
];

/// A value as the notice prints it: amounts in yuan, dates in Chinese, lists joined.
fn shown(key: &str, v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(空)".into(),
        Some(Value::Number(n)) if key == "amount" => n.as_i64().map_or(n.to_string(), money),
        Some(Value::String(s)) if key == "date" => {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_or_else(|_| s.clone(), cn_date)
        }
        Some(Value::String(s)) if s.is_empty() => "(空)".into(),
        Some(Value::String(s)) => format!("「{s}」"),
        Some(Value::Array(items)) if items.is_empty() => "(空)".into(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join("、"),
        Some(other) => other.to_string(),
    }
}

/// `支出 记-007「购买打印纸」`, and its amount.
fn entry_name(side: &str, v: &Value) -> String {
    let voucher = text_of(v, "voucher");
    let summary = text_of(v, "summary");
    let voucher = if voucher.is_empty() {
        String::new()
    } else {
        format!(" {voucher}")
    };
    if summary.is_empty() {
        format!("{side}{voucher}")
    } else {
        format!("{side}{voucher}「{summary}」")
    }
}

fn entry_amount(v: &Value) -> String {
    shown("amount", v.get("amount"))
}

/// Entries matched by voucher: added, removed, or changed field by field.
fn entries<T: Serialize>(
    old: &[Located<T>],
    new: &[Located<T>],
    side: &str,
    out: &mut Vec<String>,
) {
    let (old, new) = (list(old), list(new));
    let mut used = vec![false; new.len()];
    for o in &old {
        let voucher = o.get("voucher");
        let pair = new
            .iter()
            .enumerate()
            .position(|(j, n)| !used[j] && n.get("voucher") == voucher);
        let Some(j) = pair else {
            out.push(format!("删去{} {}", entry_name(side, o), entry_amount(o)));
            continue;
        };
        used[j] = true;
        let n = &new[j];
        if o == n {
            continue;
        }
        let mut parts = Vec::new();
        for (key, label) in FIELDS {
            let (a, b) = (o.get(key), n.get(key));
            if a != b {
                parts.push(match key {
                    "summary" => format!("摘要改为{}", shown(key, b)),
                    _ => format!("{label} {} → {}", shown(key, a), shown(key, b)),
                });
            }
        }
        let known = |k: &String| k == "voucher" || FIELDS.iter().any(|(f, _)| f == k);
        let keys = |v: &Value| -> Vec<String> {
            v.as_object()
                .map(|m| m.keys().filter(|k| !known(k)).cloned().collect())
                .unwrap_or_default()
        };
        let mut other = keys(o);
        other.extend(keys(n));
        if other.iter().any(|k| o.get(k) != n.get(k)) {
            parts.push("其他内容有改动".into());
        }
        out.push(format!("{}:{}", entry_name(side, o), parts.join(";")));
    }
    for (n, _) in new.iter().zip(&used).filter(|(_, u)| !**u) {
        out.push(format!("新增{} {}", entry_name(side, n), entry_amount(n)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccountsFile, Entry, Located, PeriodId};
    use chrono::NaiveDate;

    fn entry(voucher: &str, summary: &str, fen: i64) -> Located<Entry> {
        Located {
            file: 0,
            path: String::new(),
            value: Entry {
                date: NaiveDate::from_ymd_opt(2025, 7, 5).unwrap(),
                voucher: voucher.into(),
                account: "管理费用".into(),
                item: String::new(),
                summary: summary.into(),
                amount: Money::from_fen(fen),
                via: "现金".into(),
                source: String::new(),
                handler: "张三".into(),
                approvers: vec!["李四".into()],
                reverses: None,
                lines: Vec::new(),
                part: None,
            },
        }
    }

    fn period(expenses: Vec<Located<Entry>>, closing: i64) -> Period {
        Period {
            id: PeriodId {
                year: 2025,
                quarter: 3,
            },
            accounts: Some(AccountsFile {
                closing: [("现金".to_string(), Money::from_fen(closing))].into(),
                expenses,
                ..AccountsFile::default()
            }),
            performance: None,
            conduct: None,
            notes: None,
            files: vec![],
            present: vec![],
        }
    }

    #[test]
    fn entries_are_matched_by_voucher() {
        let old = period(
            vec![
                entry("记-001", "买纸", 120_00),
                entry("记-002", "修灯", 210_00),
                entry("记-003", "慰问", 50_00),
            ],
            1000_00,
        );
        let mut changed = entry("记-002", "修路灯", 120_00);
        changed.value.date = NaiveDate::from_ymd_opt(2025, 7, 6).unwrap();
        let new = period(
            vec![
                entry("记-001", "买纸", 210_00),
                changed,
                entry("记-004", "买笔", 9_00),
            ],
            1000_00,
        );
        assert_eq!(
            changes(&old, &new),
            [
                "支出 记-001「买纸」:金额 ¥120.00 → ¥210.00",
                "支出 记-002「修灯」:金额 ¥210.00 → ¥120.00;日期 2025年7月5日 → 2025年7月6日;摘要改为「修路灯」",
                "删去支出 记-003「慰问」 ¥50.00",
                "新增支出 记-004「买笔」 ¥9.00",
            ]
        );
    }

    #[test]
    fn balances_and_other_parts_are_named() {
        let old = period(vec![], 1000_00);
        let mut new = period(vec![], 900_00);
        new.notes = Some("说明".into());
        if let Some(a) = new.accounts.as_mut() {
            a.opening.insert("基本户".into(), Money::from_fen(5_00));
            a.assets.payables.push(crate::model::Claim {
                party: "某工程队".into(),
                amount: Money::from_fen(1_00),
                note: String::new(),
            });
        }
        assert_eq!(
            changes(&old, &new),
            [
                "期初余额新增「基本户」¥5.00",
                "期末余额「现金」¥1,000.00 → ¥900.00",
                "三资情况有改动",
                "新增了村里的话(notes.md)",
            ]
        );
    }

    #[test]
    fn same_books_have_no_changes_and_approvers_are_listed() {
        let a = period(vec![entry("记-001", "买纸", 1_00)], 0);
        assert!(changes(&a, &a.clone()).is_empty());
        let mut more = entry("记-001", "买纸", 1_00);
        more.value.approvers.push("王五".into());
        let b = period(vec![more], 0);
        assert_eq!(
            changes(&a, &b),
            ["支出 记-001「买纸」:审批人 李四 → 李四、王五"]
        );
    }

    #[test]
    fn performance_conduct_and_notes_are_named_by_part() {
        use crate::model::{ConductFile, PerformanceFile};
        let mut old = period(vec![], 0);
        old.performance = Some(PerformanceFile::default());
        old.conduct = Some(ConductFile::default());
        old.notes = Some("一".into());
        let mut new = old.clone();
        if let Some(p) = new.performance.as_mut() {
            p.problems.push(crate::model::Problem {
                problem: "路灯不亮".into(),
                solution: "换灯头".into(),
            });
        }
        if let Some(c) = new.conduct.as_mut() {
            c.surveyed = "党员".into();
        }
        new.notes = Some("二".into());
        assert_eq!(
            changes(&old, &new),
            [
                "晒业绩有改动:解决的问题",
                "晒作风有改动:测评日期或参评人",
                "村里的话(notes.md)有改动",
            ]
        );
    }
}
