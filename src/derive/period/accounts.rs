//! The accounts part of a period report (晒账单): per-fund flows, totals per chart account with
//! year-to-date, months, every entry, transfers, 三资 with their totals, special disclosures,
//! the review window, and the dated list of entries of both kinds that the paper notice prints
//! with the people who sign it.

use super::{cn_date, short_date};
use crate::derive::{self, AccountTotal, FundFlow, MonthTotal};
use crate::model::*;
use crate::money::Money;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    /// 序号, from 1.
    pub no: usize,
    pub date: String,
    /// `2025-07-03`, for ordering.
    pub iso_date: String,
    pub voucher: String,
    pub account: String,
    pub item: String,
    pub summary: String,
    pub amount: Money,
    pub via: String,
    pub source: String,
    pub handler: String,
    pub approvers: Vec<String>,
    /// 冲销 and the voucher (with its quarter when earlier) this entry reverses; "" otherwise.
    pub reversal_note: String,
    /// `第 1 行,共 2 行` for a line of a voucher with several lines; "" otherwise.
    pub part_note: String,
}

/// A move between the village's own funds (提现, 存现).
#[derive(Debug, Clone, Serialize)]
pub struct TransferView {
    pub date: String,
    /// `2025-07-03`, for data files.
    pub iso_date: String,
    pub voucher: String,
    pub from: String,
    pub to: String,
    pub amount: Money,
    pub summary: String,
    pub handler: String,
}

/// Totals of the 三资 lists.
#[derive(Debug, Clone, Serialize)]
pub struct AssetsSummary {
    pub fixed_cost: Money,
    pub fixed_depreciation: Money,
    pub fixed_net: Money,
    pub receivables: Money,
    pub payables: Money,
    pub contracts_annual: Money,
    pub contracts_received: Money,
    pub contract_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContractView {
    pub subject: String,
    pub counterparty: String,
    pub start: String,
    pub end: String,
    pub annual: Money,
    pub received: Money,
}

/// The review block and the days the notice stays on the board.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ReviewView {
    pub reviewed_by: Vec<String>,
    pub reviewed_on: String,
    pub posted_on: String,
    /// Last day on the board: posted on + days − 1.
    pub until: String,
    pub days: u32,
    pub opinion: String,
}

/// One line of money passed through for others (代收代付).
#[derive(Debug, Clone, Serialize)]
pub struct PassLineView {
    pub date: String,
    pub iso_date: String,
    pub voucher: String,
    /// 代收 or 代付.
    pub kind: &'static str,
    pub party: String,
    pub summary: String,
    pub amount: Money,
    pub via: String,
    pub handler: String,
    pub approvers: Vec<String>,
}

/// One matter of 代收代付 in a period: what was held for others at the start, received,
/// paid on, and still held at the end, with its lines.
#[derive(Debug, Clone, Serialize)]
pub struct PassMatterView {
    pub matter: String,
    pub held_before: Money,
    pub received: Money,
    pub paid_on: Money,
    pub held_after: Money,
    pub lines: Vec<PassLineView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountsView {
    pub funds: Vec<FundFlow>,
    pub income_totals: Vec<AccountTotal>,
    pub expense_totals: Vec<AccountTotal>,
    /// 本年累计 of all income and of all expense.
    pub income_ytd: Money,
    pub expense_ytd: Money,
    pub months: Vec<MonthTotal>,
    pub income: Vec<EntryView>,
    pub expenses: Vec<EntryView>,
    /// `income` by month, with monthly subtotals (the web page's sections).
    pub income_months: Vec<EntryMonth>,
    /// `expenses` by month, with monthly subtotals.
    pub expense_months: Vec<EntryMonth>,
    pub transfers: Vec<TransferView>,
    pub assets: Assets,
    pub contracts: Vec<ContractView>,
    pub assets_summary: AssetsSummary,
    pub special: Special,
    pub has_special: bool,
    pub review: ReviewView,
    /// The supervision committee members who reviewed the accounts (`review.reviewed_by`),
    /// with their roles from `village.yaml`: they sign the notice.
    pub signers: Vec<Supervisor>,
    /// 代收代付, by matter: outside income and expense, inside the fund balances.
    pub pass_through: Vec<PassMatterView>,
    /// Whether any fund passed money through this period (the balance table then shows
    /// 代收 and 代付 columns).
    pub has_pass_through: bool,
}

/// `冲销 记-012` (same quarter) or `冲销 2025年第二季度 记-012`; "" for an ordinary entry.
fn reversal_note(v: &Village, p: &Period, e: &Entry, income: bool) -> String {
    let Some((quarter, target)) = e.reversal_target() else {
        return String::new();
    };
    fn side(a: &AccountsFile, income: bool) -> &[Located<Entry>] {
        if income {
            &a.income
        } else {
            &a.expenses
        }
    }
    let home = v
        .periods
        .iter()
        .filter(|q| q.id <= p.id && quarter.is_none_or(|w| w == q.id))
        .rev()
        .find(|q| {
            q.accounts.as_ref().is_some_and(|a| {
                side(a, income)
                    .iter()
                    .any(|o| o.reverses.is_none() && o.voucher.trim() == target)
            })
        });
    match home {
        Some(q) if q.id != p.id => format!("冲销 {} {target}", q.id.label()),
        _ => format!("冲销 {target}"),
    }
}

fn entries(v: &Village, p: &Period, list: &[Located<Entry>], income: bool) -> Vec<EntryView> {
    let mut sorted: Vec<&Located<Entry>> = list.iter().collect();
    sorted.sort_by(|a, b| (a.date, &a.voucher).cmp(&(b.date, &b.voucher)));
    sorted
        .into_iter()
        .enumerate()
        .map(|(i, e)| EntryView {
            no: i + 1,
            date: short_date(e.date),
            iso_date: e.date.to_string(),
            voucher: e.voucher.clone(),
            account: e.account.clone(),
            item: e.item.clone(),
            summary: e.summary.clone(),
            amount: e.amount,
            via: e.via.clone(),
            source: e.source.clone(),
            handler: e.handler.clone(),
            approvers: e.approvers.clone(),
            reversal_note: reversal_note(v, p, e, income),
            part_note: e
                .part
                .map(|(i, n)| format!("第 {i} 行,共 {n} 行"))
                .unwrap_or_default(),
        })
        .collect()
}

/// A list of entries longer than this shows its months folded (`<details>`), each one tap
/// away: a phone reader scrolls past a month's subtotal line, not past every entry.
pub const FOLD_MONTHS_ABOVE: usize = 10;

/// One month of a dated entry list: which entries (`start..end` of the list, sorted by date)
/// and their subtotal.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EntryMonth {
    /// The anchor of the month on the page, e.g. `expense-2025-10`.
    pub id: String,
    /// `10月`.
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub count: usize,
    pub total: Money,
    /// Shown unfolded: the whole list is short.
    pub open: bool,
}

/// The months of a date-sorted entry list, in order.
fn months(list: &[EntryView], side: &str) -> Vec<EntryMonth> {
    let open = list.len() <= FOLD_MONTHS_ABOVE;
    let mut out: Vec<EntryMonth> = Vec::new();
    for (i, e) in list.iter().enumerate() {
        // `iso_date` is `YYYY-MM-DD`.
        let ym = e.iso_date.get(..7).unwrap_or_default();
        match out.last_mut() {
            Some(m) if m.id.ends_with(ym) => {
                m.end = i + 1;
                m.count += 1;
                m.total += e.amount;
            }
            _ => out.push(EntryMonth {
                id: format!("{side}-{ym}"),
                label: format!(
                    "{}月",
                    ym.get(5..).unwrap_or_default().trim_start_matches('0')
                ),
                start: i,
                end: i + 1,
                count: 1,
                total: e.amount,
                open,
            }),
        }
    }
    out
}

/// 代收代付 by matter, in the order first written, with what each held before this period.
fn pass_through(v: &Village, p: &Period, acc: &AccountsFile) -> Vec<PassMatterView> {
    let before = crate::calc::flows::held_before(v, p.id);
    let mut lines: Vec<&Located<PassThrough>> = acc.pass_through.iter().collect();
    lines.sort_by(|a, b| (a.date, &a.voucher).cmp(&(b.date, &b.voucher)));
    let mut out: Vec<PassMatterView> = Vec::new();
    for x in lines {
        let i = match out.iter().position(|m| m.matter == x.matter) {
            Some(i) => i,
            None => {
                let held = before.get(x.matter.as_str()).copied().unwrap_or_default();
                out.push(PassMatterView {
                    matter: x.matter.clone(),
                    held_before: held,
                    received: Money::ZERO,
                    paid_on: Money::ZERO,
                    held_after: held,
                    lines: Vec::new(),
                });
                out.len() - 1
            }
        };
        let m = &mut out[i];
        match x.kind {
            PassDirection::Received => m.received += x.amount,
            PassDirection::PaidOn => m.paid_on += x.amount,
        }
        m.held_after = m.held_before + m.received - m.paid_on;
        m.lines.push(PassLineView {
            date: short_date(x.date),
            iso_date: x.date.to_string(),
            voucher: x.voucher.clone(),
            kind: x.kind.label(),
            party: x.party.clone(),
            summary: x.summary.clone(),
            amount: x.amount,
            via: x.via.clone(),
            handler: x.handler.clone(),
            approvers: x.approvers.clone(),
        });
    }
    out
}

/// The reviewers who sign the notice, with their roles from `village.yaml`.
fn signers(v: &Village, names: &[String]) -> Vec<Supervisor> {
    names
        .iter()
        .map(|name| Supervisor {
            name: name.clone(),
            role: v
                .info
                .supervisors
                .iter()
                .find(|s| &s.name == name)
                .map(|s| s.role.clone())
                .unwrap_or_default(),
        })
        .collect()
}

fn transfers(list: &[Located<Transfer>]) -> Vec<TransferView> {
    let mut t: Vec<&Located<Transfer>> = list.iter().collect();
    t.sort_by(|a, b| (a.date, &a.voucher).cmp(&(b.date, &b.voucher)));
    t.into_iter()
        .map(|t| TransferView {
            date: short_date(t.date),
            iso_date: t.date.to_string(),
            voucher: t.voucher.clone(),
            from: t.from.clone(),
            to: t.to.clone(),
            amount: t.amount,
            summary: t.summary.clone(),
            handler: t.handler.clone(),
        })
        .collect()
}

fn assets_summary(a: &Assets) -> AssetsSummary {
    let fixed_cost: Money = a.fixed.iter().map(|x| x.cost).sum();
    let fixed_depreciation: Money = a.fixed.iter().map(|x| x.depreciation).sum();
    AssetsSummary {
        fixed_cost,
        fixed_depreciation,
        fixed_net: fixed_cost - fixed_depreciation,
        receivables: a.receivables.iter().map(|x| x.amount).sum(),
        payables: a.payables.iter().map(|x| x.amount).sum(),
        contracts_annual: a.contracts.iter().map(|x| x.annual).sum(),
        contracts_received: a.contracts.iter().map(|x| x.received).sum(),
        contract_count: a.contracts.len(),
    }
}

pub fn accounts_view(v: &Village, p: &Period, acc: &AccountsFile) -> AccountsView {
    let funds = derive::fund_flows(&v.info.funds, acc, p.id);
    let earlier: Vec<&AccountsFile> = v
        .periods
        .iter()
        .filter(|q| q.id.year == p.id.year && q.id.quarter < p.id.quarter)
        .filter_map(|q| q.accounts.as_ref())
        .collect();
    let earlier_income: Vec<&[Located<Entry>]> =
        earlier.iter().map(|a| a.income.as_slice()).collect();
    let earlier_expenses: Vec<&[Located<Entry>]> =
        earlier.iter().map(|a| a.expenses.as_slice()).collect();
    let mut income_totals = derive::account_totals(&acc.income);
    let income_ytd = derive::add_year_to_date(&mut income_totals, &earlier_income);
    let mut expense_totals = derive::account_totals(&acc.expenses);
    let expense_ytd = derive::add_year_to_date(&mut expense_totals, &earlier_expenses);
    let a = &acc.assets;
    // A missing review block stops the build, so the empty default is never published.
    let review = acc.review.as_ref().map(|r| ReviewView {
        reviewed_by: r.reviewed_by.clone(),
        reviewed_on: cn_date(r.reviewed_on),
        posted_on: cn_date(r.posted_on),
        // The checks refuse a period of more than ten years, so this date always exists.
        until: r
            .posted_on
            .checked_add_days(chrono::Days::new(u64::from(r.days.max(1) - 1)))
            .map(cn_date)
            .unwrap_or_default(),
        days: r.days,
        opinion: r.opinion.clone(),
    });
    let income = entries(v, p, &acc.income, true);
    let expenses = entries(v, p, &acc.expenses, false);
    AccountsView {
        has_pass_through: funds.iter().any(|f| f.has_pass_through),
        pass_through: pass_through(v, p, acc),
        funds,
        income_totals,
        expense_totals,
        income_ytd,
        expense_ytd,
        months: derive::monthly(p.id, acc),
        signers: acc
            .review
            .as_ref()
            .map_or_else(Vec::new, |r| signers(v, &r.reviewed_by)),
        income_months: months(&income, "income"),
        expense_months: months(&expenses, "expense"),
        income,
        expenses,
        transfers: transfers(&acc.transfers),
        contracts: a
            .contracts
            .iter()
            .map(|c| ContractView {
                subject: c.subject.clone(),
                counterparty: c.counterparty.clone(),
                start: cn_date(c.start),
                end: cn_date(c.end),
                annual: c.annual,
                received: c.received,
            })
            .collect(),
        assets_summary: assets_summary(a),
        assets: a.clone(),
        has_special: !acc.special.one_matter_one_discussion.is_empty()
            || !acc.special.land_compensation.is_empty(),
        special: acc.special.clone(),
        review: review.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(iso: &str, fen: i64) -> EntryView {
        EntryView {
            no: 0,
            date: String::new(),
            iso_date: iso.into(),
            voucher: String::new(),
            account: String::new(),
            item: String::new(),
            summary: String::new(),
            amount: Money::from_fen(fen),
            via: String::new(),
            source: String::new(),
            handler: String::new(),
            approvers: Vec::new(),
            reversal_note: String::new(),
            part_note: String::new(),
        }
    }

    #[test]
    fn months_split_a_sorted_list_with_subtotals() {
        let list = [
            entry("2025-10-02", 100),
            entry("2025-10-30", 250),
            entry("2025-12-01", 7),
        ];
        let m = months(&list, "expense");
        assert_eq!(m.len(), 2);
        assert_eq!(
            (m[0].id.as_str(), m[0].label.as_str()),
            ("expense-2025-10", "10月")
        );
        assert_eq!((m[0].start, m[0].end, m[0].count), (0, 2, 2));
        assert_eq!(m[0].total, Money::from_fen(350));
        assert_eq!((m[1].label.as_str(), m[1].start, m[1].end), ("12月", 2, 3));
        assert!(m.iter().all(|m| m.open));
    }

    #[test]
    fn a_long_list_folds_its_months() {
        let list: Vec<EntryView> = (0..=FOLD_MONTHS_ABOVE)
            .map(|i| entry(&format!("2025-0{}-01", 7 + i % 3), 1))
            .collect();
        let mut sorted = list.clone();
        sorted.sort_by(|a, b| a.iso_date.cmp(&b.iso_date));
        let m = months(&sorted, "income");
        assert_eq!(m.iter().map(|m| m.count).sum::<usize>(), sorted.len());
        assert!(m.iter().all(|m| !m.open));
    }
}
