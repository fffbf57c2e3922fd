//! Checks across the entries of a period: reversals (冲销) that point at a real earlier entry
//! of the same side and do not reverse more than it, vouchers that skip a number, and entries
//! that look written twice.
//!
//! Gaps and likely duplicates are warnings, not errors: books have vouchers that never touch
//! cash (depreciation, accruals), and two equal payments on one day can be real. Both lines
//! are named so the accountant can look at the two quickly.

use super::Cx;
use crate::model::{AccountsFile, Entry, Located, Period, PeriodId, Village};
use crate::money::Money;
use std::collections::BTreeMap;

/// One side (income or expenses) of a period, with the label used in messages.
fn sides(acc: &AccountsFile) -> [(&'static str, &'static str, &[Located<Entry>]); 2] {
    [
        ("收入", "income", &acc.income),
        ("支出", "expenses", &acc.expenses),
    ]
}

/// Reversals: each names a voucher of the same side in this period or an earlier one of the
/// village, has a negative amount, stays on the original's account, and together with the
/// other reversals of that voucher does not take back more than it.
pub(super) fn reversals(cx: &mut Cx, v: &Village, p: &Period, acc: &AccountsFile) {
    let f = acc.file;
    for (side, key, list) in sides(acc) {
        // Originals by quarter and voucher: this period and every earlier one.
        let mut originals: BTreeMap<(PeriodId, &str), &Entry> = BTreeMap::new();
        for q in v.periods.iter().filter(|q| q.id <= p.id) {
            let Some(a) = &q.accounts else { continue };
            let list = if key == "income" {
                &a.income
            } else {
                &a.expenses
            };
            for e in list.iter().filter(|e| e.reverses.is_none()) {
                originals.insert((q.id, e.voucher.trim()), &e.value);
            }
        }
        // A voucher without its quarter: this quarter's, else the newest earlier one's.
        let find = |quarter: Option<PeriodId>, voucher: &str| {
            originals
                .iter()
                .rev()
                .find(|((q, v), _)| *v == voucher && quarter.is_none_or(|w| w == *q))
                .map(|((q, v), e)| (*q, *v, *e))
        };
        let mut taken: BTreeMap<(PeriodId, &str), Money> = BTreeMap::new();
        for e in list {
            let Some((quarter, target)) = e.reversal_target() else {
                if e.amount.fen() < 0 {
                    cx.error(
                        f,
                        &e.field("amount"),
                        format!("{side}金额是负数 {}", e.amount),
                        Some(format!(
                            "如果这笔是冲销(红字)以前的一笔{side},加一行 reverses: 原凭证号(如 reverses: 记-012;别的季度的写 reverses: 2025-q3 记-012),金额照写负数;如果不是冲销,金额写正数"
                        )),
                    );
                }
                continue;
            };
            if e.amount.fen() >= 0 {
                cx.error(
                    f,
                    &e.field("amount"),
                    format!("冲销「{target}」的金额要写负数(红字),写的是 {}", e.amount),
                    Some(format!(
                        "写成 amount: -{}",
                        e.amount.yuan().trim_start_matches('¥')
                    )),
                );
            }
            let Some((q, voucher, original)) = find(quarter, target) else {
                let where_ = quarter.map_or("本期和以前各期".to_string(), |q| q.label());
                cx.error(
                    f,
                    &e.field("reverses"),
                    format!("要冲销的凭证「{target}」在本村{where_}的{side}里找不到"),
                    Some(format!(
                        "reverses 写原来那笔{side}的凭证号;别的季度的写成 reverses: 2025-q3 记-012;冲销收入写在 income 下,冲销支出写在 expenses 下"
                    )),
                );
                continue;
            };
            if original.account != e.account {
                cx.error(
                    f,
                    &e.field("account"),
                    format!(
                        "冲销要记在原来的科目「{}」下,这里写的是「{}」",
                        original.account, e.account
                    ),
                    Some(format!("把 account 改成 {}", original.account)),
                );
            }
            let sum = taken.entry((q, voucher)).or_insert(Money::ZERO);
            *sum += -e.amount;
            if *sum > original.amount {
                cx.error(
                    f,
                    &e.field("amount"),
                    format!(
                        "冲销的金额合计 {} 超过了原凭证「{target}」({})的金额 {}",
                        sum,
                        q.label(),
                        original.amount
                    ),
                    Some("冲销不能比原来那笔还多;多出的部分是另一笔收支".into()),
                );
            }
        }
    }
}

/// Voucher numbers as written (`记-019`): the prefix, the number and how many digits it was
/// written with, when it ends in a number.
fn split_voucher(v: &str) -> Option<(&str, u64, usize)> {
    let v = v.trim();
    // `记-10(1)`, `记-10(2)`: parts of one voucher, numbered after it.
    let v = match v.strip_suffix([')', '）']) {
        Some(rest) => rest.rsplit_once(['(', '（']).map_or(v, |(head, _)| head),
        None => v,
    };
    let start = v.len() - v.bytes().rev().take_while(u8::is_ascii_digit).count();
    let n = v[start..].parse().ok()?;
    Some((&v[..start], n, v.len() - start))
}

/// Warnings: a voucher number skipped inside a period, and two entries with the same date,
/// amount and summary.
pub(super) fn gaps_and_duplicates(cx: &mut Cx, acc: &AccountsFile) {
    let f = acc.file;
    // An entry that could not be read leaves a hole that is not a gap in the books.
    if acc.incomplete {
        return;
    }
    // Per prefix: each number with its width and the path of its first use.
    let mut numbers: BTreeMap<&str, BTreeMap<u64, (usize, String)>> = BTreeMap::new();
    let all = acc
        .income
        .iter()
        .chain(&acc.expenses)
        .map(|e| (e.voucher.as_str(), e.field("voucher")))
        .chain(
            acc.transfers
                .iter()
                .map(|t| (t.voucher.as_str(), t.field("voucher"))),
        )
        .chain(
            acc.pass_through
                .iter()
                .map(|t| (t.voucher.as_str(), t.field("voucher"))),
        );
    for (voucher, path) in all {
        if let Some((prefix, n, width)) = split_voucher(voucher) {
            numbers
                .entry(prefix)
                .or_default()
                .entry(n)
                .or_insert((width, path));
        }
    }
    // All gaps of the file in one warning, at the first: books that skip non-cash vouchers
    // would otherwise flood the report.
    let mut gaps: Vec<(String, String)> = Vec::new();
    let mut missing_total = 0u64;
    for (prefix, list) in &numbers {
        let list: Vec<(u64, &(usize, String))> = list.iter().map(|(n, x)| (*n, x)).collect();
        for pair in list.windows(2) {
            let ((a, (wa, pa)), (b, (w, pb))) = (pair[0], pair[1]);
            let wa = *wa;
            // A jump of more than 20 is a new series, not a gap.
            if b - a < 2 || b - a > 20 {
                continue;
            }
            let w = *w;
            missing_total += b - a - 1;
            let (la, lb) = (cx.line_of(f, pa), cx.line_of(f, pb));
            gaps.push((
                pb.clone(),
                format!("{prefix}{a:0wa$}(第 {la} 行)之后是 {prefix}{b:0w$}(第 {lb} 行)"),
            ));
        }
    }
    if let Some((first, _)) = gaps.first() {
        let list: Vec<&str> = gaps.iter().map(|(_, t)| t.as_str()).collect();
        cx.warn(
            f,
            first,
            format!(
                "凭证号跳号 {} 处,共缺 {missing_total} 张:{}",
                gaps.len(),
                list.join(";")
            ),
            Some("核对凭证:缺的那几张不涉及现金和银行(如计提、折旧)就不用管;否则是漏记了".into()),
        );
    }
    let mut seen: BTreeMap<(chrono::NaiveDate, Money, &str), (String, &str)> = BTreeMap::new();
    for (_, _, list) in sides(acc) {
        for e in list {
            let key = (e.date, e.amount, e.summary.trim());
            let here = (e.field("voucher"), e.voucher.trim());
            if let Some((first, voucher)) = seen.insert(key, here) {
                if voucher == e.voucher.trim() {
                    continue; // two lines of one voucher
                }
                let line = cx.line_of(f, &first);
                cx.warn(
                    f,
                    &e.field("summary"),
                    format!("这笔和第 {line} 行那笔日期、金额、摘要都一样,是不是重复记了"),
                    Some("确实是两笔就在摘要里写清区别(如 第一批、第二批)".into()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_voucher;

    #[test]
    fn vouchers_split_into_prefix_and_number() {
        assert_eq!(split_voucher("记-019"), Some(("记-", 19, 3)));
        assert_eq!(split_voucher("2025-07-003"), Some(("2025-07-", 3, 3)));
        assert_eq!(split_voucher("记字"), None);
        assert_eq!(split_voucher("记-10(2)"), Some(("记-", 10, 2)));
    }
}
