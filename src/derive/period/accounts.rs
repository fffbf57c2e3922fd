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
}

/// A move between the village's own funds (提现, 存现).
#[derive(Debug, Clone, Serialize)]
pub struct TransferView {
    pub date: String,
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

/// One line of the notice's entry list (收入 and 支出 together, by date).
#[derive(Debug, Clone, Serialize)]
pub struct EntryLine {
    pub no: usize,
    pub date: String,
    pub voucher: String,
    /// 科目 and 明细, e.g. 管理费用·办公费.
    pub account: String,
    pub summary: String,
    pub income: Option<Money>,
    pub expense: Option<Money>,
    pub handler: String,
    pub approvers: Vec<String>,
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
    pub transfers: Vec<TransferView>,
    pub assets: Assets,
    pub contracts: Vec<ContractView>,
    pub assets_summary: AssetsSummary,
    pub special: Special,
    pub has_special: bool,
    pub review: ReviewView,
    /// Income and expenses in one dated list, as the notice prints them.
    pub lines: Vec<EntryLine>,
    /// The supervision committee members who reviewed the accounts (`review.reviewed_by`),
    /// with their roles from `village.yaml`: they sign the notice.
    pub signers: Vec<Supervisor>,
}

fn entries(list: &[Located<Entry>]) -> Vec<EntryView> {
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
        })
        .collect()
}

/// Income and expenses in one list by date and voucher (income first on a tie).
fn lines(income: &[EntryView], expenses: &[EntryView]) -> Vec<EntryLine> {
    let mut all: Vec<(&EntryView, bool)> = income
        .iter()
        .map(|e| (e, true))
        .chain(expenses.iter().map(|e| (e, false)))
        .collect();
    all.sort_by(|x, y| {
        (&x.0.iso_date, &x.0.voucher, !x.1).cmp(&(&y.0.iso_date, &y.0.voucher, !y.1))
    });
    all.into_iter()
        .enumerate()
        .map(|(i, (e, is_income))| EntryLine {
            no: i + 1,
            date: e.date.clone(),
            voucher: e.voucher.clone(),
            account: if e.item.is_empty() {
                e.account.clone()
            } else {
                format!("{}·{}", e.account, e.item)
            },
            summary: e.summary.clone(),
            income: is_income.then_some(e.amount),
            expense: (!is_income).then_some(e.amount),
            handler: e.handler.clone(),
            approvers: e.approvers.clone(),
        })
        .collect()
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
    let funds = derive::fund_flows(&v.info.funds, acc);
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
    let income = entries(&acc.income);
    let expenses = entries(&acc.expenses);
    AccountsView {
        funds,
        income_totals,
        expense_totals,
        income_ytd,
        expense_ytd,
        months: derive::monthly(p.id, acc),
        lines: lines(&income, &expenses),
        signers: acc
            .review
            .as_ref()
            .map_or_else(Vec::new, |r| signers(v, &r.reviewed_by)),
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
