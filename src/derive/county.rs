//! The county report: one row per town, made from each town's report, for the county home
//! page that compares the towns.
//!
//! A town's row holds only what the county page shows (its period, how many villages
//! published it, money and requests of that period, villages called in for a talk), so a
//! rebuild that finds a town unchanged takes its row from the last build's record instead of
//! loading the town again. Towns rank different periods when one is behind: each row names
//! its own period, and the county adds up only counts, never money of different quarters.

use super::town::TownReport;
use crate::calc::permille;
use crate::derive::percent_label;
use crate::model::county::CountyFile;
use serde::{Deserialize, Serialize};

/// One town's figures on the county page (kept in the build's record between builds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TownRow {
    /// The town's folder under `towns/`, also its folder in the site.
    pub slug: String,
    /// 镇名 (`site.yaml` `town`).
    pub name: String,
    pub village_count: usize,
    /// The period the town ranks (its newest one every village published), "" when none.
    pub period_slug: String,
    pub period_label: String,
    /// Villages that published that period.
    pub published: usize,
    /// Villages that did not.
    pub missing: usize,
    /// Income and expenses of the villages in that period, in 分.
    pub income: i64,
    pub expense: i64,
    /// Requests on the villages' ledgers in that period, and those resolved.
    pub requests_on_ledger: usize,
    pub requests_resolved: usize,
    pub resolution_rate: String,
    /// Villages rated unqualified or ranked last (called in for a talk).
    pub flagged: usize,
    /// The town's own summary of its books: its register head (first 16 hex digits), "" when
    /// the town keeps no register.
    pub register_head: String,
}

/// The row of town `slug` from its report.
pub fn town_row(slug: &str, r: &TownReport) -> TownRow {
    let period = r.latest.as_ref();
    let briefs = r.village_reports.iter().filter_map(|v| {
        let p = period?;
        v.periods.iter().find(|b| b.slug == p.slug)
    });
    let (mut income, mut expense, mut on_ledger, mut resolved) = (0i64, 0i64, 0usize, 0usize);
    let mut published = 0usize;
    for b in briefs {
        published += 1;
        income = income.saturating_add(b.income.fen());
        expense = expense.saturating_add(b.expense.fen());
        on_ledger = on_ledger.saturating_add(b.requests_on_ledger);
        resolved = resolved.saturating_add(b.requests_resolved);
    }
    let village_count = r.village_reports.len();
    TownRow {
        slug: slug.to_string(),
        name: r.site.town.clone(),
        village_count,
        period_slug: period.map(|p| p.slug.clone()).unwrap_or_default(),
        period_label: period.map(|p| p.label.clone()).unwrap_or_default(),
        published,
        missing: village_count.saturating_sub(published),
        income,
        expense,
        requests_on_ledger: on_ledger,
        requests_resolved: resolved,
        resolution_rate: percent_label(permille(resolved as u64, on_ledger as u64)),
        flagged: r.ranking.iter().filter(|x| x.flagged).count(),
        register_head: r.site.register.head_short.clone(),
    }
}

/// What the county home page shows.
#[derive(Debug, Clone, Serialize)]
pub struct CountyReport {
    pub name: String,
    pub title: String,
    pub publisher: String,
    pub intro: String,
    pub towns: Vec<TownRow>,
    pub town_count: usize,
    pub village_count: usize,
    /// Villages that published their town's period, and those that did not.
    pub published: usize,
    pub missing: usize,
    pub flagged: usize,
    pub requests_on_ledger: usize,
    pub requests_resolved: usize,
    pub resolution_rate: String,
}

/// The county report around its towns' rows (in folder order).
pub fn county_report(file: &CountyFile, towns: Vec<TownRow>) -> CountyReport {
    let sum = |f: fn(&TownRow) -> usize| towns.iter().map(f).fold(0usize, usize::saturating_add);
    let (on_ledger, resolved) = (sum(|t| t.requests_on_ledger), sum(|t| t.requests_resolved));
    CountyReport {
        name: file.name.clone(),
        title: file.title.clone(),
        publisher: file.publisher.clone(),
        intro: file.intro.clone(),
        town_count: towns.len(),
        village_count: sum(|t| t.village_count),
        published: sum(|t| t.published),
        missing: sum(|t| t.missing),
        flagged: sum(|t| t.flagged),
        requests_on_ledger: on_ledger,
        requests_resolved: resolved,
        resolution_rate: percent_label(permille(resolved as u64, on_ledger as u64)),
        towns,
    }
}
