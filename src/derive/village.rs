//! The report of one village: who to contact (cadres, supervisors, grid, leaders), its funds,
//! the headline figures of each of its periods, the full report of each period, and what its
//! contact card (连心卡) prints.

use super::period::{period_report, PeriodReport};
use crate::calc::card_fit::card_duty;
use crate::derive::percent_label;
use crate::model::*;
use crate::money::Money;
use serde::Serialize;

/// The link to a period of a village and its headline figures.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodBrief {
    pub id: PeriodId,
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

impl PeriodBrief {
    pub fn of(r: &PeriodReport) -> PeriodBrief {
        let counts = r.performance.as_ref().map(|x| x.counts.clone());
        let counts = counts.unwrap_or_default();
        let eval = r.performance.as_ref().and_then(|x| x.evaluation.as_ref());
        let s = r.summary.as_ref();
        PeriodBrief {
            id: r.period.id,
            village_slug: r.village_slug.clone(),
            village_name: r.village_name.clone(),
            slug: r.period.slug.clone(),
            label: r.period.label.clone(),
            income: s.map_or(Money::ZERO, |s| s.income),
            expense: s.map_or(Money::ZERO, |s| s.expense),
            closing: s.map_or(Money::ZERO, |s| s.closing),
            has_accounts: s.is_some(),
            requests_received: counts.received,
            requests_resolved: counts.resolved,
            resolution_permille: counts.resolution_permille,
            resolution_rate: percent_label(counts.resolution_permille),
            score: eval.map(|e| e.score.clone()),
            score_tenths: eval.map(|e| e.score_tenths),
            rating: eval.map(|e| e.result),
            has_conduct: r.conduct.is_some(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FundView {
    pub name: String,
    pub kind: &'static str,
    pub bank: String,
    pub number: String,
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

/// One cadre as the contact card prints them.
#[derive(Debug, Clone, Serialize)]
pub struct CardCadre {
    pub name: String,
    /// The one-line 分工 printed on the card (see `calc::card_fit::card_duty`).
    pub duty_short: String,
    pub phone: String,
}

/// What the village's contact card (连心卡) prints.
#[derive(Debug, Clone, Serialize)]
pub struct CardsReport {
    pub slug: String,
    pub village_name: String,
    pub cadres: Vec<CardCadre>,
    pub reception_day: String,
    pub reception_place: String,
    /// Address of the village page ("" without a base URL), printed on the back.
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VillageReport {
    pub slug: String,
    pub name: String,
    pub intro: String,
    pub cadres: Vec<Cadre>,
    pub supervisors: Vec<Supervisor>,
    pub funds: Vec<FundView>,
    pub grid: Vec<GridView>,
    pub grid_count: usize,
    pub grid_households: u32,
    pub reception_day: String,
    pub reception_place: String,
    pub leaders: Vec<LeaderView>,
    /// Headline figures of every period, newest first.
    pub periods: Vec<PeriodBrief>,
    /// The full report of every period, oldest first (as the folders sort).
    #[serde(skip)]
    pub period_reports: Vec<PeriodReport>,
    #[serde(skip)]
    pub cards: CardsReport,
}

/// The address of a village page (`…/dongshan/`), or "" without a base URL.
pub fn village_url(base_url: &str, slug: &str) -> String {
    if base_url.is_empty() {
        return String::new();
    }
    format!("{}/{slug}/", base_url.trim_end_matches('/'))
}

fn cards(base_url: &str, v: &Village) -> CardsReport {
    CardsReport {
        slug: v.slug.clone(),
        village_name: v.info.name.clone(),
        cadres: v
            .info
            .cadres
            .iter()
            .map(|c| CardCadre {
                name: c.name.clone(),
                duty_short: card_duty(c).0,
                phone: c.phone.clone(),
            })
            .collect(),
        reception_day: v.info.reception_day.clone(),
        reception_place: v.info.reception_place.clone(),
        url: village_url(base_url, &v.slug),
    }
}

pub fn village_report(town: &Town, v: &Village) -> VillageReport {
    let i = &v.info;
    let period_reports: Vec<PeriodReport> = (0..v.periods.len())
        .map(|index| period_report(town, v, index))
        .collect();
    VillageReport {
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
        grid_count: i.grid.len(),
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
        periods: period_reports.iter().rev().map(PeriodBrief::of).collect(),
        cards: cards(&town.site.base_url, v),
        period_reports,
    }
}
