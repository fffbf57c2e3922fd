//! The report of one period of one village: everything its web page, its paper notice and the
//! town print show, computed once. Split by disclosure: [`accounts`] (晒账单), [`performance`]
//! (晒业绩), [`conduct`] (晒作风); this file holds what the period as a whole shows (its dates,
//! neighbours, summary, fingerprint, the balance history its chart draws).
//!
//! Money stays integer 分 (outputs format it); dates and rates are already the Chinese text
//! that is printed, so no output formats a figure differently from another.

pub mod accounts;
pub mod conduct;
pub mod performance;
pub mod visits;

pub use accounts::*;
pub use conduct::*;
pub use performance::*;
pub use visits::*;

use crate::derive;
use crate::model::*;
use crate::money::Money;
use serde::Serialize;

pub use crate::model::cn_date;

/// `7月3日`: a date inside the period, whose year the page already says.
pub fn short_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}月{}日", d.month(), d.day())
}

/// A link to a period: its folder name and its label.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodRef {
    pub slug: String,
    pub label: String,
}

impl PeriodRef {
    pub fn of(id: PeriodId) -> PeriodRef {
        PeriodRef {
            slug: id.slug(),
            label: id.label(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodInfo {
    pub id: PeriodId,
    pub slug: String,
    pub label: String,
    pub start: String,
    pub end: String,
    pub half_label: String,
    pub is_half_year_end: bool,
}

/// Closing balance of each fund over the last (up to) four periods, for the balance chart.
#[derive(Debug, Clone, Serialize)]
pub struct BalanceHistory {
    pub periods: Vec<PeriodId>,
    /// Per fund: its name and its closing balance at the end of each period (`None` where
    /// that period published no accounts).
    pub funds: Vec<(String, Vec<Option<Money>>)>,
}

/// Everything about one period of one village.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodReport {
    pub village_slug: String,
    pub village_name: String,
    pub period: PeriodInfo,
    pub prev: Option<PeriodRef>,
    pub next: Option<PeriodRef>,
    pub summary: Option<derive::AccountsSummary>,
    pub accounts: Option<AccountsView>,
    pub performance: Option<PerformanceView>,
    pub conduct: Option<ConductView>,
    /// The visit log and the coverage of the 联户 promise (`None` without a visit log).
    pub visits: Option<VisitsReport>,
    /// The village's schedules with their next date, printed on the newest period's notice
    /// (empty on older periods: their dates would be of a later quarter).
    pub reception: Vec<String>,
    /// `notes.md` as written (Markdown; outputs sanitise it).
    pub notes: Option<String>,
    /// SHA-256 over the period's source files (hex).
    pub fingerprint: String,
    /// Its first 16 hex digits, as printed on paper.
    pub fingerprint_short: String,
    /// The day the notice went up (see [`derive::publications::published_on`]).
    pub published_on: chrono::NaiveDate,
    pub balance_history: Option<BalanceHistory>,
    /// Its version in the register of publications and its 更正记录.
    pub record: derive::corrections::PeriodRecord,
    /// 名词解释: the words of the page and the accounts the period used, in plain words.
    pub glossary: Vec<derive::glossary::Term>,
    /// One line for search engines and link previews (`<meta name="description">`).
    pub description: String,
}

/// The page's one-line description: what it is and the quarter's three headline figures.
fn description(village: &str, label: &str, summary: Option<&derive::AccountsSummary>) -> String {
    match summary {
        Some(s) => format!(
            "{village}{label}三晒公开：收入 {}，支出 {}，期末结余 {}；每一笔收支、三资、群众诉求和干部测评。",
            s.income.yuan(),
            s.expense.yuan(),
            s.closing.yuan()
        ),
        None => format!("{village}{label}三晒公开：业绩、群众诉求和干部测评。"),
    }
}

/// SHA-256 over every source file a period's notice prints from: the period folder's files,
/// the village's `village.yaml` (names, accounts), `site.yaml` (监督电话, 异议办法) and
/// `earlier`, the files of earlier periods it prints from (the `performance.yaml` of a
/// quarter whose requests carry into this one). Each file contributes its relative path, a
/// zero byte and its own SHA-256, in path order (each file once), so anyone can recompute it
/// from the content folder.
pub fn fingerprint(town: &Town, v: &Village, p: &Period, earlier: &[FileId]) -> String {
    use sha2::{Digest, Sha256};
    let mut files: Vec<&SourceFile> = p
        .files
        .iter()
        .chain([&v.file, &town.site_file])
        .chain(earlier)
        .map(|&f| &town.sources.files[f])
        .collect();
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files.dedup_by(|a, b| a.rel == b.rel);
    let mut h = Sha256::new();
    for f in files {
        h.update(f.rel.as_bytes());
        h.update([0]);
        h.update(f.sha256);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The closing balances of the village's funds over the periods up to `index` (at most four).
fn balance_history(v: &Village, index: usize) -> Option<BalanceHistory> {
    let from = index.saturating_sub(3);
    let periods: Vec<(PeriodId, Option<&AccountsFile>)> = v.periods[from..=index]
        .iter()
        .map(|p| (p.id, p.accounts.as_ref()))
        .collect();
    if periods.iter().all(|(_, a)| a.is_none()) || v.info.funds.is_empty() {
        return None;
    }
    Some(BalanceHistory {
        funds: derive::fund_history(&v.info.funds, &periods),
        periods: periods.iter().map(|(p, _)| *p).collect(),
    })
}

/// The report of period `index` of `v`; `ledger` is its request ledger (see `calc::ledger`).
pub fn period_report(
    town: &Town,
    v: &Village,
    index: usize,
    ledger: &crate::calc::ledger::QuarterLedger,
) -> PeriodReport {
    let p = &v.periods[index];
    let accounts = p.accounts.as_ref().map(|a| accounts_view(v, p, a));
    // The notice prints carried requests from the files that received and updated them.
    let earlier: Vec<FileId> = match &p.performance {
        Some(_) => ledger
            .carried
            .iter()
            .flat_map(|t| t.files.iter().copied())
            .collect(),
        None => Vec::new(),
    };
    let fingerprint = fingerprint(town, v, p, &earlier);
    // The fund flows were derived once, for the accounts view.
    let summary = p
        .accounts
        .as_ref()
        .zip(accounts.as_ref())
        .map(|(a, av)| derive::summary(&av.funds, a));
    PeriodReport {
        village_slug: v.slug.clone(),
        village_name: v.info.name.clone(),
        period: PeriodInfo {
            id: p.id,
            slug: p.id.slug(),
            label: p.id.label(),
            start: cn_date(p.id.start()),
            end: cn_date(p.id.end()),
            half_label: p.id.half_label(),
            is_half_year_end: p.id.is_half_year_end(),
        },
        prev: index.checked_sub(1).map(|i| PeriodRef::of(v.periods[i].id)),
        next: v.periods.get(index + 1).map(|q| PeriodRef::of(q.id)),
        description: description(&v.info.name, &p.id.label(), summary.as_ref()),
        summary,
        glossary: derive::glossary::period_glossary(accounts.iter().flat_map(|a| {
            a.income_totals
                .iter()
                .chain(&a.expense_totals)
                .map(|t| t.account.as_str())
        })),
        accounts,
        performance: p
            .performance
            .as_ref()
            .map(|perf| performance_view(perf, ledger)),
        conduct: p.conduct.as_ref().map(|c| conduct_view(v, p, c)),
        visits: visits_report(v, p),
        reception: Vec::new(),
        notes: p.notes.clone(),
        record: derive::corrections::period_record(town, v, p, &fingerprint),
        fingerprint_short: fingerprint.chars().take(16).collect(),
        fingerprint,
        published_on: derive::publications::published_on(p),
        balance_history: balance_history(v, index),
    }
}
