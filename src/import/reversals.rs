//! Reversals (冲销): a red-ink line, or an income or expense account on its opposite side,
//! takes back part or all of an earlier entry of the same side.
//!
//! `accounts.yaml` writes such an entry with a negative amount and the voucher it reverses
//! (`reverses: 记-012`). Journals do not say which voucher that is in a column of their own, so
//! it is found in the summary (`冲销记-12号凭证`), or else as the one earlier entry of the same
//! side, account and fund, in this import or an earlier period, large enough to be reversed.
//! When neither finds exactly one, the line is reported at its cell.

use super::cell::problem;
use super::classify::{Item, Posting};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Entry, PeriodId, Village};

/// A voucher number as (prefix without separators, number): `记-012`, `记字第12号` and `记12`
/// are all (`记`, 12).
pub fn voucher_key(v: &str) -> Option<(String, u64)> {
    let v = v.trim().trim_end_matches('号');
    let v = v.split('(').next().unwrap_or(v);
    let digits = v.len() - v.bytes().rev().take_while(u8::is_ascii_digit).count();
    let n = v[digits..].parse().ok()?;
    let prefix: String = v[..digits]
        .chars()
        .filter(|c| !matches!(c, '-' | '－' | '字' | '第' | ' ' | '#' | '.'))
        .collect();
    Some((prefix, n))
}

/// Voucher numbers a summary mentions (`冲销7月记-12号凭证` → (`记`, 12)).
pub fn mentioned(summary: &str) -> Vec<(String, u64)> {
    let chars: Vec<char> = summary.chars().collect();
    let mut out = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if !matches!(c, '记' | '收' | '付' | '转' | '现' | '银') {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j], '-' | '－' | '字' | '第' | ' ') {
            j += 1;
        }
        let start = j;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        if j > start {
            let n: String = chars[start..j].iter().collect();
            if let Ok(n) = n.parse() {
                out.push((c.to_string(), n));
            }
        }
    }
    out
}

/// Gives every reversal its negative amount and the voucher it reverses.
pub fn resolve(
    items: &mut [Item],
    village: &Village,
    period: PeriodId,
    problems: &mut Vec<Diagnostic>,
) {
    // Entries that can be reversed: earlier periods', then this import's.
    let mut earlier: Vec<(bool, Entry)> = Vec::new();
    for p in village.periods.iter().filter(|p| p.id < period) {
        if let Some(a) = &p.accounts {
            earlier.extend(a.income.iter().map(|e| (true, e.value.clone())));
            earlier.extend(a.expenses.iter().map(|e| (false, e.value.clone())));
        }
    }
    for it in items.iter() {
        match &it.posting {
            Posting::Income(e) if !it.reversal => earlier.push((true, e.clone())),
            Posting::Expense(e) if !it.reversal => earlier.push((false, e.clone())),
            _ => {}
        }
    }
    for it in items.iter_mut().filter(|it| it.reversal) {
        let (income, e) = match &mut it.posting {
            Posting::Income(e) => (true, e),
            Posting::Expense(e) => (false, e),
            Posting::Transfer(_) => continue,
        };
        let side = if income { "收入" } else { "支出" };
        let candidates: Vec<&Entry> = earlier
            .iter()
            .filter(|(inc, o)| {
                *inc == income && o.reverses.is_none() && o.account == e.account && o.date <= e.date
            })
            .map(|(_, o)| o)
            .collect();
        let named = mentioned(&e.summary);
        let found: Vec<&Entry> = if named.is_empty() {
            candidates
                .into_iter()
                .filter(|o| o.via == e.via && o.amount >= e.amount)
                .collect()
        } else {
            candidates
                .into_iter()
                .filter(|o| voucher_key(&o.voucher).is_some_and(|k| named.contains(&k)))
                .collect()
        };
        match found.as_slice() {
            [original] => {
                e.reverses = Some(original.voucher.clone());
                e.amount = -e.amount;
            }
            _ => problems.push(problem(
                Severity::Error,
                &it.at,
                format!(
                    "凭证 {} 是冲销(红字,或{}科目「{}」记在了反方向) {},{}",
                    e.voucher,
                    side,
                    e.account,
                    e.amount,
                    if found.is_empty() {
                        format!("找不到它冲销的是哪一笔{side}")
                    } else {
                        format!("有 {} 笔{side}都可能是被冲销的原凭证", found.len())
                    }
                ),
                Some("在摘要里写明原凭证号(如「冲销记-012号凭证」)再导出;原凭证要在本期或以前各期的同一科目下"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voucher_numbers_in_summaries() {
        assert_eq!(voucher_key("记-012"), Some(("记".into(), 12)));
        assert_eq!(voucher_key("记字第12号"), Some(("记".into(), 12)));
        assert_eq!(voucher_key("记-012(2)"), Some(("记".into(), 12)));
        assert_eq!(
            mentioned("冲销7月记-12号凭证多付的款"),
            [("记".to_string(), 12)]
        );
        assert_eq!(mentioned("冲销 记字第012号"), [("记".to_string(), 12)]);
        assert!(mentioned("退回多付的办公费").is_empty());
    }
}
