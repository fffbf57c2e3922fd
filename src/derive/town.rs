//! The report of the whole town: its villages' reports, the ranking for the period every
//! village has published, each village's latest period and the periods it is behind on, and
//! which villages each town print (全镇打印版) holds.

use super::period::PeriodRef;
use super::publications::{feed_url, publications, Publication};
use super::village::{village_report, PeriodBrief, VillageReport};
use crate::derive;
use crate::model::*;
use crate::money::Money;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeSet;

/// Site-wide values every page shows.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub town: String,
    pub county: String,
    pub publisher: String,
    pub sample: bool,
    pub base_url: String,
    pub supervision_phones: Vec<Phone>,
    pub service_phones: Vec<Phone>,
    pub objection: String,
    pub paper: Paper,
    /// `portrait` or `landscape` (CSS `@page size`).
    pub orientation: &'static str,
    /// One line saying what the site is (`<meta name="description">` of pages without their
    /// own).
    pub description: String,
    /// The Atom feed's address, linked from every page's head ("" when no feed is made:
    /// see [`derive::publications::feed_url`]).
    pub feed_url: String,
    /// The head of the register of publications, printed in every footer and notice.
    pub register: derive::corrections::RegisterHead,
    /// For a town of a county: the way up to the county's home page (`None` for a town on
    /// its own).
    pub county_link: Option<CountyLink>,
}

/// The link from a town's pages up to its county's home page.
#[derive(Debug, Clone, Serialize)]
pub struct CountyLink {
    /// The county page's title (`county.yaml` `title`).
    pub title: String,
    /// Its address from the town's root folder (`../index.html`).
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    pub rank: Option<usize>,
    pub slug: String,
    pub name: String,
    pub score: Option<String>,
    /// The score in tenths of a point, for charts.
    pub score_tenths: Option<u32>,
    pub rating: Option<&'static str>,
    pub flagged: bool,
    /// 评议不合格 or 排名末位 (the town then calls the village in for a talk).
    pub flag_reason: Option<&'static str>,
    /// False when the village has not published this period (shown as 未公开).
    pub published: bool,
    pub income: Money,
    pub expense: Money,
    pub resolution_rate: String,
    pub resolution_permille: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct VillageCard {
    pub slug: String,
    pub name: String,
    pub intro: String,
    pub period_count: usize,
    /// The newest period of this village.
    pub latest: Option<PeriodBrief>,
    /// Periods other villages published and this one did not, newest first:
    /// a stale board is the villagers' first complaint, so it is said out loud.
    pub missing: Vec<String>,
}

/// One town print: every village's notice of one period, in village order.
#[derive(Debug, Clone, Serialize)]
pub struct TownPrint {
    pub period: PeriodRef,
    /// (village index, period index) of each notice it holds.
    #[serde(skip)]
    pub notices: Vec<(usize, usize)>,
    pub notice_count: usize,
    /// Villages that have not published this period (named on the last sheet).
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TownReport {
    #[serde(skip)]
    pub site: SiteInfo,
    pub villages: Vec<VillageCard>,
    /// The period the town ranks (see [`ranking_period`]).
    pub latest: Option<PeriodRef>,
    pub ranking: Vec<RankRow>,
    /// Every period of the town, newest first.
    pub periods: Vec<PeriodRef>,
    #[serde(skip)]
    pub village_reports: Vec<VillageReport>,
    /// One per period, newest first.
    #[serde(skip)]
    pub prints: Vec<TownPrint>,
    /// Every published notice, newest first (the Atom feed).
    #[serde(skip)]
    pub publications: Vec<Publication>,
    /// The visits of every village in the ranked period, summed (`None` when no village of
    /// the period keeps a visit log).
    pub visits: Option<TownVisits>,
}

/// The town's visits in one period, summed over the villages that keep a visit log, as the
/// articles sum them ("走访接待群众 1047 人次, 收集意见建议 1059 个").
#[derive(Debug, Clone, Default, Serialize)]
pub struct TownVisits {
    pub villages: usize,
    pub visits: usize,
    pub household_visits: usize,
    pub raised: usize,
    pub requests: usize,
    pub must_visit: usize,
    pub must_visit_answered: usize,
}

/// The visits of period `p` summed over the villages.
pub fn town_visits(reports: &[VillageReport], p: PeriodId) -> Option<TownVisits> {
    let mut t = TownVisits::default();
    for x in reports
        .iter()
        .flat_map(|v| v.period_reports.iter().filter(|r| r.period.id == p))
        .filter_map(|r| r.visits.as_ref())
    {
        t.villages = t.villages.saturating_add(1);
        t.visits = t.visits.saturating_add(x.visits);
        t.household_visits = t.household_visits.saturating_add(x.household_visits);
        t.raised = t.raised.saturating_add(x.raised);
        t.requests = t.requests.saturating_add(x.requests);
        t.must_visit = t.must_visit.saturating_add(x.must_visit_count);
        t.must_visit_answered = t.must_visit_answered.saturating_add(x.must_visit_answered);
    }
    (t.villages > 0).then_some(t)
}

/// All periods that any village has, newest first.
pub fn town_periods(town: &Town) -> Vec<PeriodId> {
    let set: BTreeSet<PeriodId> = town
        .villages
        .iter()
        .flat_map(|v| v.periods.iter().map(|p| p.id))
        .collect();
    set.into_iter().rev().collect()
}

/// The period the town ranks: the newest one every village has published, so that one
/// village posting early does not push the others off the ranking; the newest of all when no
/// period is common to every village.
pub fn ranking_period(town: &Town) -> Option<PeriodId> {
    let periods = town_periods(town);
    periods
        .iter()
        .find(|p| {
            town.villages
                .iter()
                .all(|v| v.periods.iter().any(|q| q.id == **p))
        })
        .or(periods.first())
        .copied()
}

/// Ranking of the villages for the given period.
fn ranking(villages: &[VillageReport], period: PeriodId) -> Vec<RankRow> {
    let brief = |v: &VillageReport| v.periods.iter().find(|b| b.id == period).cloned();
    let inputs = villages
        .iter()
        .map(|v| {
            let r = v.period_reports.iter().find(|r| r.period.id == period);
            let e = r
                .and_then(|r| r.performance.as_ref())
                .and_then(|x| x.evaluation.as_ref());
            derive::RankInput {
                slug: v.slug.clone(),
                name: v.name.clone(),
                score: e.map(|e| Score(e.score_tenths)),
                rating: e.map(|e| e.rating),
                published: r.is_some(),
            }
        })
        .collect();
    derive::rank(inputs)
        .into_iter()
        .map(|r| {
            let b = villages.iter().find(|v| v.slug == r.slug).and_then(brief);
            RankRow {
                rank: r.rank,
                score: r.score.map(|s| s.label()),
                score_tenths: r.score.map(|s| s.0),
                rating: r.rating.map(|x| x.label()),
                flagged: r.flagged,
                flag_reason: r.flag_reason,
                published: r.published,
                income: b.as_ref().map_or(Money::ZERO, |b| b.income),
                expense: b.as_ref().map_or(Money::ZERO, |b| b.expense),
                resolution_rate: b
                    .as_ref()
                    .map_or_else(|| "—".to_string(), |b| b.resolution_rate.clone()),
                resolution_permille: b.as_ref().map_or(0, |b| b.resolution_permille),
                slug: r.slug,
                name: r.name,
            }
        })
        .collect()
}

fn prints(town: &Town, periods: &[PeriodId]) -> Vec<TownPrint> {
    periods
        .iter()
        .map(|&period| {
            let mut notices = Vec::new();
            let mut missing = Vec::new();
            for (vi, v) in town.villages.iter().enumerate() {
                match v.periods.iter().position(|p| p.id == period) {
                    Some(pi) => notices.push((vi, pi)),
                    None => missing.push(v.info.name.clone()),
                }
            }
            TownPrint {
                period: PeriodRef::of(period),
                notice_count: notices.len(),
                notices,
                missing,
            }
        })
        .collect()
}

fn site_info(s: &SiteFile) -> SiteInfo {
    SiteInfo {
        title: s.title.clone(),
        town: s.town.clone(),
        county: s.county.clone(),
        publisher: s.publisher.clone(),
        sample: s.sample,
        base_url: s.base_url.clone(),
        supervision_phones: s.supervision_phones.clone(),
        service_phones: s.service_phones.clone(),
        objection: s.objection.clone(),
        paper: s.paper,
        orientation: s.orientation.css(),
        description: format!(
            "{}{}各村「三晒」公开：财务收支逐项逐笔、工作业绩、群众诉求办理和村干部作风测评。",
            s.county, s.town
        ),
        feed_url: String::new(),
        register: derive::corrections::RegisterHead::default(),
        county_link: None,
    }
}

/// Every report of the town, villages in parallel.
pub fn town_report(town: &Town) -> TownReport {
    let village_reports: Vec<VillageReport> = town
        .villages
        .par_iter()
        .map(|v| village_report(town, v))
        .collect();
    town_report_from(town, village_reports)
}

/// The town's report around village reports already derived (one per village of `town`, in
/// order): a live preview that re-derived the one village a save changed rebuilds the town's
/// own parts (cards, ranking, prints) without deriving every village again.
pub fn town_report_from(town: &Town, village_reports: Vec<VillageReport>) -> TownReport {
    let periods = town_periods(town);
    let latest = ranking_period(town);
    let publications = publications(&village_reports);
    TownReport {
        site: SiteInfo {
            feed_url: feed_url(&town.site.base_url, &publications),
            register: derive::corrections::register_head(town),
            ..site_info(&town.site)
        },
        publications,
        villages: town
            .villages
            .iter()
            .zip(&village_reports)
            .map(|(v, r)| VillageCard {
                slug: v.slug.clone(),
                name: v.info.name.clone(),
                intro: v.info.intro.clone(),
                period_count: v.periods.len(),
                latest: r.periods.first().cloned(),
                missing: periods
                    .iter()
                    .filter(|p| !v.periods.iter().any(|q| q.id == **p))
                    .map(|p| p.label())
                    .collect(),
            })
            .collect(),
        latest: latest.map(PeriodRef::of),
        ranking: latest
            .map(|p| ranking(&village_reports, p))
            .unwrap_or_default(),
        periods: periods.iter().map(|&p| PeriodRef::of(p)).collect(),
        visits: latest.and_then(|p| town_visits(&village_reports, p)),
        prints: prints(town, &periods),
        village_reports,
    }
}
