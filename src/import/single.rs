//! The single-entry 收支明细 sheet: one row per income, expense or transfer, with the
//! disclosure's own columns (日期, 凭证号, 收/支, 科目, 明细, 摘要, 金额, 账户, 经手人, 审批人).
//!
//! This is the simplest path for a village without finance software: `sanshai template` writes
//! the empty sheet, the accountant fills it in Excel or WPS, and each row becomes one entry.
//! Each cell is checked here, so a mistake is reported at its cell rather than later at a
//! line of the YAML the accountant never wrote.

use super::cell::{date_of, money_of, problem, At};
use super::classify::{Item, Posting, Village};
use super::header::ColumnMap;
use super::journal::{split_names, voucher_text};
use super::rules::{Field, Rules};
use super::table::Table;
use crate::diag::{Diagnostic, Severity};
use crate::model::account_chart::{home_of, EXPENSE_ACCOUNTS, INCOME_ACCOUNTS};
use crate::model::{Entry, PeriodId, Transfer};

/// What the 收/支 column says.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    In,
    Out,
    Move,
}

fn way_of(text: &str) -> Option<Way> {
    match text {
        "收" | "收入" => Some(Way::In),
        "支" | "支出" => Some(Way::Out),
        "转" | "划转" | "转账" => Some(Way::Move),
        _ => None,
    }
}

/// Splits `农商行基本户→现金` into the two funds of a transfer.
fn split_transfer(text: &str) -> Option<(String, String)> {
    for sep in ["→", "->", "－>", "—>", "到", "至"] {
        if let Some((a, b)) = text.split_once(sep) {
            let (a, b) = (a.trim(), b.trim());
            if !a.is_empty() && !b.is_empty() {
                return Some((a.to_string(), b.to_string()));
            }
        }
    }
    None
}

/// Reads every data row of the period into items; rows of other periods are counted in
/// `outside`.
pub fn items(
    table: &Table,
    map: &ColumnMap,
    rules: &Rules,
    village: &Village,
    period: PeriodId,
    problems: &mut Vec<Diagnostic>,
    outside: &mut usize,
) -> Vec<Item> {
    let at = |row: usize, f: Field| At {
        table: table.name.clone(),
        row,
        col: map.col(f).unwrap_or(0),
    };
    let text = |row: usize, f: Field| {
        map.col(f)
            .map(|c| table.cell(row, c).text())
            .unwrap_or_default()
    };
    let skip = rules.skip_words();
    let mut out = Vec::new();
    for row in map.data_start()..table.rows.len() {
        if table.rows[row].iter().all(|c| c.is_empty()) {
            continue;
        }
        if skip.iter().any(|w| {
            text(row, Field::Summary).contains(w.as_str())
                || text(row, Field::Date).contains(w.as_str())
        }) {
            continue;
        }
        let before = problems.len();
        let mut err = |f: Field, message: String, hint: Option<&str>| {
            problems.push(problem(Severity::Error, at(row, f), message, hint));
        };
        let date = match date_of(
            map.col(Field::Date)
                .map_or(&super::cell::Cell::Empty, |c| table.cell(row, c)),
            rules.date_format.as_deref(),
        ) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                err(Field::Date, "日期没填".into(), None);
                None
            }
            Err(e) => {
                err(Field::Date, e, Some("写成 2025-07-05"));
                None
            }
        };
        if date.is_some_and(|d| !period.contains(d)) {
            *outside += 1;
            continue;
        }
        let voucher = map
            .col(Field::Voucher)
            .map(|c| voucher_text(table.cell(row, c), rules.voucher_prefix()))
            .unwrap_or_default();
        if voucher.is_empty() {
            err(Field::Voucher, "凭证号没填".into(), None);
        }
        let way_text = text(row, Field::Kind);
        let way = way_of(&way_text);
        if way.is_none() {
            err(
                Field::Kind,
                format!("收/支 应写「收」「支」或「转」,这里写的是「{way_text}」"),
                None,
            );
        }
        let amount_col = map.col(Field::Amount).unwrap_or(0);
        let amount = match money_of(table.cell(row, amount_col)) {
            Ok(Some(m)) if m.fen() != 0 => Some(m),
            Ok(_) => {
                err(Field::Amount, "金额没填".into(), None);
                None
            }
            Err(e) => {
                err(
                    Field::Amount,
                    e,
                    Some("金额只写阿拉伯数字,最多两位小数,如 1234.50"),
                );
                None
            }
        };
        let summary = text(row, Field::Summary);
        if summary.is_empty() {
            err(Field::Summary, "摘要没填".into(), None);
        }
        let handler = match text(row, Field::Handler) {
            h if h.is_empty() => village.handler.clone(),
            h => h,
        };
        if !village.cadres.contains(&handler) {
            err(
                Field::Handler,
                format!("经手人「{handler}」不是本村干部"),
                Some("写 village.yaml 里 cadres 的姓名"),
            );
        }
        let mut approvers = split_names(&text(row, Field::Approvers));
        if approvers.is_empty() {
            approvers = village.approvers.clone();
        }
        for a in &approvers {
            if !village.cadres.contains(a) {
                err(
                    Field::Approvers,
                    format!("审批人「{a}」不是本村干部"),
                    Some("写 village.yaml 里 cadres 的姓名,几个人用顿号「、」隔开"),
                );
            }
        }
        let fund_text = text(row, Field::Fund);
        let is_fund = |name: &str| village.funds.iter().any(|f| f.name == name);
        let bad_fund = |name: &str, err: &mut dyn FnMut(Field, String, Option<&str>)| {
            if !is_fund(name) {
                let names: Vec<&str> = village.funds.iter().map(|f| f.name.as_str()).collect();
                err(
                    Field::Fund,
                    format!(
                        "账户「{name}」不是本村的账户(village.yaml 里有: {})",
                        names.join("、")
                    ),
                    None,
                );
            }
        };
        let account = text(row, Field::Account);
        let item = text(row, Field::Item);
        let reversal = amount.is_some_and(|m| m.fen() < 0);
        let posting = match way {
            Some(Way::Move) => match split_transfer(&fund_text) {
                Some((from, to)) => {
                    bad_fund(&from, &mut err);
                    bad_fund(&to, &mut err);
                    Some(Posting::Transfer(Transfer {
                        date: date.unwrap_or_default(),
                        voucher: voucher.clone(),
                        from,
                        to,
                        amount: amount.unwrap_or_default().abs(),
                        summary: summary.clone(),
                        handler: handler.clone(),
                    }))
                }
                None => {
                    err(
                        Field::Fund,
                        format!("划转要写明从哪个账户到哪个账户,如「农商行基本户→现金」,这里写的是「{fund_text}」"),
                        None,
                    );
                    None
                }
            },
            Some(w) => {
                bad_fund(&fund_text, &mut err);
                let (list, other) = if w == Way::In {
                    (INCOME_ACCOUNTS, "收入")
                } else {
                    (EXPENSE_ACCOUNTS, "支出")
                };
                if !list.contains(&account.as_str()) {
                    let hint = match home_of(&account) {
                        Some(home) => format!("「{account}」是明细,科目写 {home},明细写 {account}"),
                        None => format!("{other}科目只能写: {}", list.join("、")),
                    };
                    err(
                        Field::Account,
                        format!("「{account}」不是{other}科目"),
                        Some(&hint),
                    );
                }
                let entry = Entry {
                    date: date.unwrap_or_default(),
                    voucher: voucher.clone(),
                    account,
                    item,
                    summary,
                    amount: amount.unwrap_or_default().abs(),
                    via: fund_text,
                    source: text(row, Field::Source),
                    handler,
                    approvers,
                    reverses: None,
                    lines: Vec::new(),
                    part: None,
                };
                Some(if w == Way::In {
                    Posting::Income(entry)
                } else {
                    Posting::Expense(entry)
                })
            }
            None => None,
        };
        if problems.len() > before {
            continue;
        }
        if let Some(posting) = posting {
            out.push(Item {
                posting,
                reversal,
                at: At {
                    table: table.name.clone(),
                    row,
                    col: amount_col,
                },
            });
        }
    }
    out
}
