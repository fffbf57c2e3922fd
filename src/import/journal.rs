//! A voucher journal (序时账 / 凭证汇总 / 明细账) read into vouchers: the rows of one voucher
//! number, each a debit or credit line of an account.
//!
//! Exports print the date and voucher number only on a voucher's first line, put subtotal
//! rows (本月合计, 本年累计) between the lines, and write amounts as numbers or text; all of
//! that is handled here, and every cell that cannot be read is reported by its address while
//! the rest of the table is still read.

use super::cell::{date_of, money_of, problem, At, Cell};
use super::header::ColumnMap;
use super::rules::{Field, Rules};
use super::table::Table;
use crate::diag::{Diagnostic, Severity};
use crate::money::Money;
use chrono::NaiveDate;

/// One debit or credit line.
#[derive(Debug, Clone)]
pub struct Line {
    pub row: usize,
    pub summary: String,
    pub code: String,
    pub name: String,
    /// Debit − credit: what the line adds to the account's debit balance (negative numbers,
    /// red-ink reversals, are kept as written).
    pub debit: Money,
    pub credit: Money,
    pub handler: String,
    pub approvers: Vec<String>,
    pub source: String,
    /// The cell holding the line's amount (for messages about it).
    pub amount_at: At,
    /// The cell holding the account (for messages about it).
    pub account_at: At,
}

/// The lines of one voucher number, in table order.
#[derive(Debug, Clone)]
pub struct Voucher {
    pub id: String,
    pub date: NaiveDate,
    pub lines: Vec<Line>,
    /// The cell of the voucher number on its first line.
    pub at: At,
    /// A line of it could not be read (already reported): it is not turned into entries.
    pub broken: bool,
}

/// Names in an approvers cell: separated by 、, commas, semicolons or spaces.
pub fn split_names(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', ' ', '\u{3000}', '/'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A voucher number as the disclosure writes it: digits alone get the rules' prefix and are
/// padded to three digits (`15` → `记-015`).
pub fn voucher_text(cell: &Cell, prefix: &str) -> String {
    let t = cell.text();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = t.parse().unwrap_or(0);
        format!("{prefix}{n:03}")
    } else {
        t
    }
}

/// Reads every data row of the table into vouchers; problems are added to `problems`.
pub fn vouchers(
    table: &Table,
    map: &ColumnMap,
    rules: &Rules,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Voucher> {
    let at = |row: usize, col: usize| At {
        table: table.name.clone(),
        row,
        col,
    };
    let skip = rules.skip_words();
    let text_of = |row: usize, f: Field| {
        map.col(f)
            .map(|c| table.cell(row, c).text())
            .unwrap_or_default()
    };
    let mut out: Vec<Voucher> = Vec::new();
    let mut last: Option<(NaiveDate, String)> = None;
    for row in map.data_start()..table.rows.len() {
        if table.rows[row].iter().all(Cell::is_empty) {
            continue;
        }
        let summary = text_of(row, Field::Summary);
        let voucher_cell = map
            .col(Field::Voucher)
            .map(|c| table.cell(row, c).clone())
            .unwrap_or(Cell::Empty);
        let date_col = map.col(Field::Date).unwrap_or(0);
        let date_cell = table.cell(row, date_col);
        let marks = [summary.as_str(), &voucher_cell.text(), &date_cell.text()];
        if marks
            .iter()
            .any(|t| skip.iter().any(|w| t.contains(w.as_str())))
        {
            continue;
        }
        let mut broken = false;
        let date = match date_of(date_cell, rules.date_format.as_deref()) {
            Ok(Some(d)) => Some(d),
            Ok(None) => None,
            Err(e) => {
                problems.push(problem(Severity::Error, at(row, date_col), e, None));
                broken = true;
                None
            }
        };
        let mut voucher = voucher_text(&voucher_cell, rules.voucher_prefix());
        // A voucher's later lines often leave date and number empty: they continue the line
        // above.
        let (date, voucher_id) = match (&last, date, voucher.is_empty()) {
            (Some((d, v)), None, true) => (Some(*d), v.clone()),
            (Some((_, v)), Some(d), true) => (Some(d), v.clone()),
            (Some((d, _)), None, false) if !broken => (Some(*d), std::mem::take(&mut voucher)),
            (_, d, _) => (d, std::mem::take(&mut voucher)),
        };
        if voucher_id.is_empty() {
            let col = map.col(Field::Voucher).unwrap_or(date_col);
            problems.push(problem(
                Severity::Error,
                at(row, col),
                "没有凭证号",
                Some(
                    "每一行都要能看出属于哪张凭证;在导入规则 columns.voucher 里写明凭证号在哪一列",
                ),
            ));
            continue;
        }
        let date = match date {
            Some(d) => d,
            // Reported already; the voucher is kept (as broken) so that its other lines
            // bring no second message.
            None if broken => NaiveDate::MIN,
            None => {
                problems.push(problem(
                    Severity::Error,
                    at(row, date_col),
                    format!("凭证 {voucher_id} 没有日期"),
                    None,
                ));
                continue;
            }
        };
        last = Some((date, voucher_id.clone()));

        let code = text_of(row, Field::Code);
        let name = text_of(row, Field::Name);
        let account_col = map.col(Field::Name).or(map.col(Field::Code)).unwrap_or(0);
        if code.is_empty() && name.is_empty() {
            problems.push(problem(
                Severity::Error,
                at(row, account_col),
                "这一行没有会计科目",
                None,
            ));
            broken = true;
        }
        let mut amount = |f: Field| -> (Money, Option<At>) {
            let Some(c) = map.col(f) else {
                return (Money::ZERO, None);
            };
            match money_of(table.cell(row, c)) {
                Ok(m) => (m.unwrap_or_default(), Some(at(row, c))),
                Err(e) => {
                    problems.push(problem(
                        Severity::Error,
                        at(row, c),
                        e,
                        Some("金额只写阿拉伯数字,最多两位小数,如 1234.50"),
                    ));
                    broken = true;
                    (Money::ZERO, Some(at(row, c)))
                }
            }
        };
        let (debit, credit, amount_at) = if map.col(Field::Debit).is_some() {
            let (d, d_at) = amount(Field::Debit);
            let (c, c_at) = amount(Field::Credit);
            let at_ = if d.is_zero() && !c.is_zero() {
                c_at
            } else {
                d_at
            };
            (d, c, at_.unwrap_or(at(row, 0)))
        } else {
            let (a, a_at) = amount(Field::Amount);
            let dir_col = map.col(Field::Direction).unwrap_or(0);
            let dir = table.cell(row, dir_col).text();
            match dir.as_str() {
                "借" | "借方" => (a, Money::ZERO, a_at.unwrap_or(at(row, 0))),
                "贷" | "贷方" => (Money::ZERO, a, a_at.unwrap_or(at(row, 0))),
                _ => {
                    problems.push(problem(
                        Severity::Error,
                        at(row, dir_col),
                        format!("方向应写「借」或「贷」,这里写的是「{dir}」"),
                        None,
                    ));
                    broken = true;
                    (Money::ZERO, Money::ZERO, at(row, dir_col))
                }
            }
        };
        if debit.is_zero() && credit.is_zero() && !broken {
            problems.push(problem(
                Severity::Warning,
                amount_at.clone(),
                format!("凭证 {voucher_id} 这一行借方、贷方都没有金额,没有导入"),
                None,
            ));
            continue;
        }
        let line = Line {
            row,
            summary,
            code,
            name,
            debit,
            credit,
            handler: text_of(row, Field::Handler),
            approvers: split_names(&text_of(row, Field::Approvers)),
            source: text_of(row, Field::Source),
            amount_at,
            account_at: at(row, account_col),
        };
        match out.iter_mut().find(|v| v.id == voucher_id) {
            Some(v) => {
                v.lines.push(line);
                v.broken |= broken;
            }
            None => out.push(Voucher {
                id: voucher_id,
                date,
                lines: vec![line],
                at: at(row, map.col(Field::Voucher).unwrap_or(date_col)),
                broken,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voucher_numbers_and_names() {
        assert_eq!(voucher_text(&Cell::Float(15.0), "记-"), "记-015");
        assert_eq!(voucher_text(&Cell::Text("记-15".into()), "记-"), "记-15");
        assert_eq!(voucher_text(&Cell::Text("0003".into()), "收-"), "收-003");
        assert_eq!(
            split_names("王建国、李志强,陈德胜"),
            ["王建国", "李志强", "陈德胜"]
        );
    }
}
