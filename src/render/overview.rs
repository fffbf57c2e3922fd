//! Page models for the town home page and the village pages.

use super::view::{period_brief, PeriodBrief, PeriodRef};
use crate::derive::{self, percent_label};
use crate::model::*;
use crate::model::{Town, Village};
use crate::money::Money;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    pub rank: Option<usize>,
    pub slug: String,
    pub name: String,
    pub score: Option<String>,
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

#[derive(Debug, Clone, Serialize)]
pub struct TownPage {
    pub villages: Vec<VillageCard>,
    /// The newest period any village has, and the town ranking for it.
    pub latest: Option<PeriodRef>,
    pub ranking: Vec<RankRow>,
    /// Every period of the town, newest first.
    pub periods: Vec<PeriodRef>,
    pub charts: super::charts::TownCharts,
}

#[derive(Debug, Clone, Serialize)]
pub struct FundView {
    pub name: String,
    pub kind: &'static str,
    pub bank: String,
    pub number: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VillagePage {
    pub slug: String,
    pub name: String,
    pub intro: String,
    pub cadres: Vec<Cadre>,
    pub supervisors: Vec<Supervisor>,
    pub funds: Vec<FundView>,
    pub grid: Vec<GridView>,
    pub grid_households: u32,
    pub reception_day: String,
    pub reception_place: String,
    pub leaders: Vec<LeaderView>,
    /// Newest first.
    pub periods: Vec<PeriodBrief>,
    pub charts: super::charts::VillageCharts,
}

#[derive(Debug, Clone, Serialize)]
pub struct GridView {
    pub name: String,
    pub leader: String,
    pub households: u32,
    pub members: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeaderView {
    pub name: String,
    pub role: String,
    pub phone: String,
}

/// Ranking of the villages that have the given period.
pub fn ranking(town: &Town, period: PeriodId) -> Vec<RankRow> {
    let briefs: Vec<PeriodBrief> = town
        .villages
        .iter()
        .filter_map(|v| {
            v.periods
                .iter()
                .find(|p| p.id == period)
                .map(|p| period_brief(v, p))
        })
        .collect();
    let inputs = town
        .villages
        .iter()
        .map(|v| {
            let p = v.periods.iter().find(|p| p.id == period);
            let e = p
                .and_then(|p| p.performance.as_ref())
                .and_then(|x| x.evaluation.as_ref());
            derive::RankInput {
                slug: v.slug.clone(),
                name: v.info.name.clone(),
                score: e.map(|e| e.score),
                rating: e.map(|e| e.result),
                published: p.is_some(),
            }
        })
        .collect();
    derive::rank(inputs)
        .into_iter()
        .map(|r| {
            let b = briefs.iter().find(|b| b.village_slug == r.slug);
            RankRow {
                rank: r.rank,
                score: r.score.map(|s| s.label()),
                rating: r.rating.map(|x| x.label()),
                flagged: r.flagged,
                flag_reason: r.flag_reason,
                published: r.published,
                income: b.map_or(Money::ZERO, |b| b.income),
                expense: b.map_or(Money::ZERO, |b| b.expense),
                resolution_rate: b.map_or_else(|| percent_label(0), |b| b.resolution_rate.clone()),
                resolution_permille: b.map_or(0, |b| b.resolution_permille),
                slug: r.slug,
                name: r.name,
            }
        })
        .collect()
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

pub fn town_page(town: &Town) -> Result<TownPage, String> {
    let periods = town_periods(town);
    let latest = ranking_period(town);
    let ranking = latest.map(|p| ranking(town, p)).unwrap_or_default();
    let period_label = latest.map(|p| p.label()).unwrap_or_default();
    let charts = super::charts::town_charts(&ranking, &period_label)?;
    Ok(TownPage {
        villages: town
            .villages
            .iter()
            .map(|v| VillageCard {
                slug: v.slug.clone(),
                name: v.info.name.clone(),
                intro: v.info.intro.clone(),
                period_count: v.periods.len(),
                latest: v.periods.last().map(|p| period_brief(v, p)),
                missing: periods
                    .iter()
                    .filter(|p| !v.periods.iter().any(|q| q.id == **p))
                    .map(|p| p.label())
                    .collect(),
            })
            .collect(),
        latest: latest.map(|p| PeriodRef {
            slug: p.slug(),
            label: p.label(),
        }),
        ranking,
        periods: periods
            .iter()
            .map(|p| PeriodRef {
                slug: p.slug(),
                label: p.label(),
            })
            .collect(),
        charts,
    })
}

pub fn village_page(v: &Village) -> Result<VillagePage, String> {
    let i = &v.info;
    let periods: Vec<PeriodBrief> = v.periods.iter().rev().map(|p| period_brief(v, p)).collect();
    let charts = super::charts::village_charts(&periods)?;
    Ok(VillagePage {
        slug: v.slug.clone(),
        name: i.name.clone(),
        intro: i.intro.clone(),
        cadres: i.cadres.clone(),
        supervisors: i.supervisors.clone(),
        funds: i
            .funds
            .iter()
            .map(|f| FundView {
                name: f.name.clone(),
                kind: match f.kind {
                    FundKind::Cash => "现金",
                    FundKind::Bank => "银行",
                },
                bank: f.bank.clone(),
                number: f.number.clone(),
            })
            .collect(),
        grid: i
            .grid
            .iter()
            .map(|g| GridView {
                name: g.name.clone(),
                leader: g.leader.clone(),
                households: g.households,
                members: g.members.join("、"),
            })
            .collect(),
        grid_households: i.grid.iter().map(|g| g.households).sum(),
        reception_day: i.reception_day.clone(),
        reception_place: i.reception_place.clone(),
        leaders: i
            .leaders
            .iter()
            .map(|l| LeaderView {
                name: l.name.clone(),
                role: l.role.clone(),
                phone: l.phone.clone(),
            })
            .collect(),
        periods,
        charts,
    })
}
