//! Page models: what each template receives, built from the loaded town and derived figures.
//!
//! Every figure here comes from `derive`; templates only lay these values out. Money stays
//! integer 分 (templates format it with the `yuan` and `capital` filters); dates and rates are
//! already turned into the Chinese text that is printed. The web page and the printed notice of
//! a period are rendered from the same [`PeriodPage`], so paper and web always agree.

use crate::derive::{
    self, percent_label, AccountTotal, FundFlow, LedgerCounts, MonthTotal, SurveyRates,
};
use crate::model::*;
use crate::model::{Period, Town, Village};
use crate::money::Money;
use serde::Serialize;

/// Site-wide values, set once as tera's global context.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub town: &'a str,
    pub county: &'a str,
    pub publisher: &'a str,
    pub sample: bool,
    pub base_url: &'a str,
    pub supervision_phones: &'a [Phone],
    pub service_phones: &'a [Phone],
    pub objection: &'a str,
    pub paper: Paper,
}

/// The link to a period of a village and its headline figures.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodBrief {
    pub village_slug: String,
    pub village_name: String,
    pub slug: String,
    pub label: String,
    pub income: Money,
    pub expense: Money,
    pub closing: Money,
    pub has_accounts: bool,
    pub requests_received: usize,
    pub requests_resolved: usize,
    pub resolution_permille: u32,
    pub resolution_rate: String,
    pub score: Option<String>,
    pub score_tenths: Option<u32>,
    pub rating: Option<&'static str>,
    pub has_conduct: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodRef {
    pub slug: String,
    pub label: String,
}

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

#[derive(Debug, Clone, Serialize)]
pub struct AssetsSummary {
    pub fixed_cost: Money,
    pub fixed_depreciation: Money,
    pub fixed_net: Money,
    pub receivables: Money,
    pub payables: Money,
    pub contracts_annual: Money,
    pub contracts_received: Money,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkView {
    pub area: &'static str,
    pub title: String,
    pub detail: String,
    pub status: &'static str,
    pub done: bool,
    pub owner: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    pub goal: String,
    pub measure: String,
    pub owner: String,
    pub deadline: String,
    pub status: &'static str,
    pub done: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    pub no: usize,
    pub date: String,
    pub source: &'static str,
    pub from: String,
    pub summary: String,
    pub status: &'static str,
    pub resolved: bool,
    pub handler: String,
    pub action: String,
    pub resolved_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluationView {
    pub score: String,
    pub result: &'static str,
    pub qualified: bool,
    pub by: String,
    pub date: String,
    pub attendees: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PerformanceView {
    pub work: Vec<WorkView>,
    pub problems: Vec<Problem>,
    pub goals: Vec<GoalView>,
    pub requests: Vec<RequestView>,
    pub open_requests: Vec<RequestView>,
    pub ledger: LedgerCounts,
    pub resolution_rate: String,
    pub evaluation: Option<EvaluationView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TalkView {
    pub date: String,
    pub by: String,
    pub reason: String,
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CadreConductView {
    pub name: String,
    pub role: String,
    pub duty_report: String,
    pub integrity: String,
    pub survey: SurveyRates,
    pub satisfaction_rate: String,
    pub unsatisfied_rate: String,
    pub result: &'static str,
    pub flagged: bool,
    pub talk: Option<TalkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConductView {
    pub half_label: String,
    pub survey_date: String,
    pub surveyed: String,
    pub cadres: Vec<CadreConductView>,
    pub overall: SurveyRates,
    pub overall_rate: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodInfo {
    pub slug: String,
    pub label: String,
    pub start: String,
    pub end: String,
    pub half_label: String,
    pub is_half_year_end: bool,
}

/// Everything about one period of one village: the web page and the printed notice.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodPage {
    pub village_slug: String,
    pub village_name: String,
    pub period: PeriodInfo,
    pub prev: Option<PeriodRef>,
    pub next: Option<PeriodRef>,
    pub summary: Option<derive::AccountsSummary>,
    pub accounts: Option<AccountsView>,
    pub performance: Option<PerformanceView>,
    pub conduct: Option<ConductView>,
    /// Sanitised HTML from `notes.md`.
    pub notes_html: Option<String>,
    /// SHA-256 over the period's source files (hex).
    pub fingerprint: String,
    pub charts: super::charts::PeriodCharts,
}

fn short_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}月{}日", d.month(), d.day())
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

fn accounts_view(v: &Village, p: &Period, acc: &AccountsFile) -> AccountsView {
    let funds = derive::fund_flows(&v.info.funds, acc);
    let earlier: Vec<&Period> = v
        .periods
        .iter()
        .filter(|q| q.id.year == p.id.year && q.id.quarter < p.id.quarter)
        .collect();
    let earlier_income: Vec<&[Located<Entry>]> = earlier
        .iter()
        .filter_map(|q| q.accounts.as_ref())
        .map(|a| a.income.as_slice())
        .collect();
    let earlier_expenses: Vec<&[Located<Entry>]> = earlier
        .iter()
        .filter_map(|q| q.accounts.as_ref())
        .map(|a| a.expenses.as_slice())
        .collect();
    let mut income_totals = derive::account_totals(&acc.income);
    let income_ytd = derive::add_year_to_date(&mut income_totals, &earlier_income);
    let mut expense_totals = derive::account_totals(&acc.expenses);
    let expense_ytd = derive::add_year_to_date(&mut expense_totals, &earlier_expenses);
    let a = &acc.assets;
    let fixed_cost: Money = a.fixed.iter().map(|x| x.cost).sum();
    let fixed_depreciation: Money = a.fixed.iter().map(|x| x.depreciation).sum();
    // A missing review block stops the build, so the empty default is never published.
    let review = acc.review.as_ref().map(|r| ReviewView {
        reviewed_by: r.reviewed_by.clone(),
        reviewed_on: cn_date(r.reviewed_on),
        posted_on: cn_date(r.posted_on),
        until: cn_date(r.posted_on + chrono::Days::new(u64::from(r.days.max(1) - 1))),
        days: r.days,
        opinion: r.opinion.clone(),
    });
    AccountsView {
        funds,
        income_totals,
        expense_totals,
        income_ytd,
        expense_ytd,
        months: derive::monthly(p.id, acc),
        income: entries(&acc.income),
        expenses: entries(&acc.expenses),
        transfers: {
            let mut t: Vec<&Located<Transfer>> = acc.transfers.iter().collect();
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
        },
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
        assets_summary: AssetsSummary {
            fixed_cost,
            fixed_depreciation,
            fixed_net: fixed_cost - fixed_depreciation,
            receivables: a.receivables.iter().map(|x| x.amount).sum(),
            payables: a.payables.iter().map(|x| x.amount).sum(),
            contracts_annual: a.contracts.iter().map(|x| x.annual).sum(),
            contracts_received: a.contracts.iter().map(|x| x.received).sum(),
        },
        assets: a.clone(),
        has_special: !acc.special.yishiyiyi.is_empty() || !acc.special.land_compensation.is_empty(),
        special: acc.special.clone(),
        review: review.unwrap_or_default(),
    }
}

fn performance_view(perf: &PerformanceFile) -> PerformanceView {
    let ledger = derive::ledger_counts(&perf.requests);
    let mut reqs: Vec<&Located<Request>> = perf.requests.iter().collect();
    reqs.sort_by_key(|r| r.date);
    let requests: Vec<RequestView> = reqs
        .into_iter()
        .enumerate()
        .map(|(i, r)| RequestView {
            no: i + 1,
            date: short_date(r.date),
            source: r.source.label(),
            from: r.from.clone(),
            summary: r.summary.clone(),
            status: r.status.label(),
            resolved: r.status == RequestStatus::Resolved,
            handler: r.handler.clone(),
            action: r.action.clone(),
            resolved_on: r.resolved_on.map(short_date).unwrap_or_default(),
        })
        .collect();
    PerformanceView {
        work: perf
            .work
            .iter()
            .map(|w| WorkView {
                area: w.area.label(),
                title: w.title.clone(),
                detail: w.detail.clone(),
                status: w.status.label(),
                done: w.status == WorkStatus::Done,
                owner: w.owner.clone(),
            })
            .collect(),
        problems: perf.problems.clone(),
        goals: perf
            .goals
            .iter()
            .map(|g| GoalView {
                goal: g.goal.clone(),
                measure: g.measure.clone(),
                owner: g.owner.clone(),
                deadline: cn_date(g.deadline),
                status: g.status.label(),
                done: g.status == WorkStatus::Done,
            })
            .collect(),
        open_requests: requests.iter().filter(|r| !r.resolved).cloned().collect(),
        requests,
        resolution_rate: percent_label(ledger.resolution_permille),
        ledger,
        evaluation: perf.evaluation.as_ref().map(|e| EvaluationView {
            score: e.score.label(),
            result: e.result.label(),
            qualified: !matches!(e.result, Rating::Unqualified),
            by: e.by.clone(),
            date: cn_date(e.date),
            attendees: e.attendees,
        }),
    }
}

fn conduct_view(v: &Village, p: &Period, c: &ConductFile) -> ConductView {
    let overall = derive::combined(c.cadres.iter().map(|x| &x.survey));
    ConductView {
        half_label: p.id.half_label(),
        survey_date: c.survey_date.map(cn_date).unwrap_or_default(),
        surveyed: c.surveyed.clone(),
        cadres: c
            .cadres
            .iter()
            .map(|x| {
                let rates = derive::survey_rates(&x.survey);
                CadreConductView {
                    name: x.name.clone(),
                    role: v
                        .info
                        .cadres
                        .iter()
                        .find(|k| k.name == x.name)
                        .map(|k| k.role.clone())
                        .unwrap_or_default(),
                    duty_report: x.duty_report.clone(),
                    integrity: x.integrity.clone(),
                    satisfaction_rate: percent_label(rates.satisfaction_permille),
                    unsatisfied_rate: percent_label(rates.unsatisfied_permille),
                    survey: rates,
                    result: x.result.label(),
                    flagged: matches!(x.result, ConductResult::Incompetent | ConductResult::Basic),
                    talk: x.talk.as_ref().map(|t| TalkView {
                        date: cn_date(t.date),
                        by: t.by.clone(),
                        reason: t.reason.clone(),
                        outcome: t.outcome.clone(),
                    }),
                }
            })
            .collect(),
        overall_rate: percent_label(overall.satisfaction_permille),
        overall,
    }
}

/// SHA-256 over every source file a period's notice prints from: the period folder's files,
/// the village's `village.yaml` (names, accounts) and `site.yaml` (监督电话, 异议办法). Each
/// file contributes its relative path, a zero byte and its own SHA-256, in path order, so
/// anyone can recompute it from the content folder.
pub fn fingerprint(town: &Town, v: &Village, p: &Period) -> String {
    use sha2::{Digest, Sha256};
    let mut files: Vec<&crate::model::SourceFile> = p
        .files
        .iter()
        .chain([&v.file, &town.site_file])
        .map(|&f| &town.sources.files[f])
        .collect();
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut h = Sha256::new();
    for f in files {
        h.update(f.rel.as_bytes());
        h.update([0]);
        h.update(f.sha256);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub fn period_brief(v: &Village, p: &Period) -> PeriodBrief {
    let summary = p
        .accounts
        .as_ref()
        .map(|a| derive::summary(&derive::fund_flows(&v.info.funds, a), a));
    let ledger = p
        .performance
        .as_ref()
        .map(|x| derive::ledger_counts(&x.requests))
        .unwrap_or_default();
    let eval = p.performance.as_ref().and_then(|x| x.evaluation.as_ref());
    PeriodBrief {
        village_slug: v.slug.clone(),
        village_name: v.info.name.clone(),
        slug: p.id.slug(),
        label: p.id.label(),
        income: summary.as_ref().map_or(Money::ZERO, |s| s.income),
        expense: summary.as_ref().map_or(Money::ZERO, |s| s.expense),
        closing: summary.as_ref().map_or(Money::ZERO, |s| s.closing),
        has_accounts: summary.is_some(),
        requests_received: ledger.received,
        requests_resolved: ledger.resolved,
        resolution_permille: ledger.resolution_permille,
        resolution_rate: percent_label(ledger.resolution_permille),
        score: eval.map(|e| e.score.label()),
        score_tenths: eval.map(|e| e.score.0),
        rating: eval.map(|e| e.result.label()),
        has_conduct: p.conduct.is_some(),
    }
}

pub fn period_page(town: &Town, v: &Village, index: usize) -> Result<PeriodPage, String> {
    let p = &v.periods[index];
    let link = |q: &Period| PeriodRef {
        slug: q.id.slug(),
        label: q.id.label(),
    };
    let accounts = p.accounts.as_ref().map(|a| accounts_view(v, p, a));
    let performance = p.performance.as_ref().map(performance_view);
    let conduct = p.conduct.as_ref().map(|c| conduct_view(v, p, c));
    let charts = super::charts::period_charts(
        v,
        index,
        accounts.as_ref(),
        performance.as_ref(),
        conduct.as_ref(),
    )?;
    Ok(PeriodPage {
        village_slug: v.slug.clone(),
        village_name: v.info.name.clone(),
        period: PeriodInfo {
            slug: p.id.slug(),
            label: p.id.label(),
            start: cn_date(p.id.start()),
            end: cn_date(p.id.end()),
            half_label: p.id.half_label(),
            is_half_year_end: p.id.is_half_year_end(),
        },
        prev: index.checked_sub(1).map(|i| link(&v.periods[i])),
        next: v.periods.get(index + 1).map(link),
        // The fund flows were derived once, for the accounts view.
        summary: p
            .accounts
            .as_ref()
            .zip(accounts.as_ref())
            .map(|(a, av)| derive::summary(&av.funds, a)),
        accounts,
        performance,
        conduct,
        notes_html: p.notes.as_deref().map(super::markdown::to_safe_html),
        fingerprint: fingerprint(town, v, p),
        charts,
    })
}
