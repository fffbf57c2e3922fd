//! The report of one village: who to contact (cadres in office on the reference date, with
//! former and incoming cadres apart; supervisors, grid, leaders), its funds, the headline
//! figures of each of its periods, the full report of each period, and what its contact card
//! (连心卡) prints.

use super::period::{period_report, PeriodReport};
use crate::calc::card_fit::card_duty;
use crate::calc::ledger;
use crate::calc::terms::{self, term_label};
use crate::model::*;
use crate::money::Money;
use chrono::NaiveDate;
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
    /// Requests received in the period (each request is received in one period only).
    pub requests_received: usize,
    /// Requests carried in from earlier periods, still open.
    pub requests_carried: usize,
    /// On the period's ledger: received + carried (the resolution rate's denominator).
    pub requests_on_ledger: usize,
    /// Requests resolved in the period (new or carried).
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
            requests_carried: counts.carried,
            requests_on_ledger: counts.on_ledger,
            requests_resolved: counts.resolved,
            resolution_permille: counts.resolution_permille,
            resolution_rate: crate::derive::resolution_label(&counts),
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
    /// `2025年4月10日开户`, `2025年12月31日销户`, both, or "".
    pub status: String,
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

/// A cadre in office (or about to be) as the village page lists them.
#[derive(Debug, Clone, Serialize)]
pub struct CadreView {
    pub name: String,
    pub role: String,
    pub duties: String,
    pub phone: String,
    /// The term as written: `2025年11月17日起`, or "" when no dates are written.
    pub term: String,
}

/// A cadre no longer in office on the reference date, as the village page lists them (never
/// on the contact card).
#[derive(Debug, Clone, Serialize)]
pub struct FormerCadreView {
    pub name: String,
    pub role: String,
    /// `2023年1月1日至2025年11月14日` or `至2025年11月14日`.
    pub term: String,
    /// Who took over ("" when not written).
    pub successor: String,
    /// e.g. 调任镇综治中心.
    pub note: String,
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
    /// The day the cadre lists are true on (`2025年12月31日`, see
    /// `calc::terms::reference_date`), "" when no period is published yet.
    pub reference_date: String,
    /// The cadres in office on the reference date: those the contact card prints.
    pub cadres: Vec<CadreView>,
    /// Cadres who left before the reference date, latest leaving first.
    pub former_cadres: Vec<FormerCadreView>,
    /// Cadres whose term begins after the reference date.
    pub incoming_cadres: Vec<CadreView>,
    pub supervisors: Vec<Supervisor>,
    pub funds: Vec<FundView>,
    pub grid: Vec<GridView>,
    pub grid_count: usize,
    pub grid_households: u32,
    pub reception_day: String,
    pub reception_place: String,
    pub leaders: Vec<LeaderView>,
    /// Schedules with their dates, the who-to-call directory and the service promises.
    pub contact: super::contact::ContactReport,
    /// Headline figures of every period, newest first.
    pub periods: Vec<PeriodBrief>,
    /// The full report of every period, oldest first (as the folders sort).
    #[serde(skip)]
    pub period_reports: Vec<PeriodReport>,
    /// The earlier versions of corrected periods (更正前的版本), each at its own address.
    #[serde(skip)]
    pub old_versions: Vec<super::corrections::OldVersionReport>,
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

fn cadre_view(c: &Cadre) -> CadreView {
    CadreView {
        name: c.name.clone(),
        role: c.role.clone(),
        duties: c.duties.clone(),
        phone: c.phone.clone(),
        term: term_label(c),
    }
}

/// The cadres in office on `reference`, those who left before it (latest first) and those
/// who start after it.
fn cadres_on(
    v: &Village,
    reference: Option<NaiveDate>,
) -> (Vec<CadreView>, Vec<FormerCadreView>, Vec<CadreView>) {
    let all = &v.info.cadres;
    let current = all
        .iter()
        .filter(|c| terms::current(c, reference))
        .map(cadre_view)
        .collect();
    let mut former: Vec<&Cadre> = all
        .iter()
        .filter(|c| !terms::current(c, reference))
        .filter(|c| c.until.is_some_and(|u| reference.is_none_or(|r| u < r)))
        .collect();
    former.sort_by_key(|c| std::cmp::Reverse(c.until));
    let former = former
        .into_iter()
        .map(|c| FormerCadreView {
            name: c.name.clone(),
            role: c.role.clone(),
            term: term_label(c),
            successor: c.successor.trim().to_string(),
            note: c.note.trim().to_string(),
        })
        .collect();
    let incoming = all
        .iter()
        .filter(|c| !terms::current(c, reference))
        .filter(|c| c.from.zip(reference).is_some_and(|(f, r)| f > r))
        .map(cadre_view)
        .collect();
    (current, former, incoming)
}

fn cards(
    base_url: &str,
    v: &Village,
    reference: Option<NaiveDate>,
    contact: &super::contact::ContactReport,
) -> CardsReport {
    let (reception_day, reception_place) = super::contact::card_line(contact)
        .unwrap_or_else(|| (v.info.reception_day.clone(), v.info.reception_place.clone()));
    CardsReport {
        slug: v.slug.clone(),
        village_name: v.info.name.clone(),
        cadres: v
            .info
            .cadres
            .iter()
            .filter(|c| terms::current(c, reference))
            .map(|c| CardCadre {
                name: c.name.clone(),
                duty_short: card_duty(c).0,
                phone: c.phone.clone(),
            })
            .collect(),
        reception_day,
        reception_place,
        url: village_url(base_url, &v.slug),
    }
}

pub fn village_report(town: &Town, v: &Village) -> VillageReport {
    let i = &v.info;
    let ledgers = ledger::ledgers(v);
    let mut period_reports: Vec<PeriodReport> = ledgers
        .iter()
        .enumerate()
        .map(|(index, l)| period_report(town, v, index, l))
        .collect();
    let reference = terms::reference_date(town);
    let (cadres, former_cadres, incoming_cadres) = cadres_on(v, reference);
    let contact = super::contact::contact_report(town, v, reference);
    if let Some(newest) = period_reports.last_mut() {
        newest.reception = super::contact::notice_lines(&contact);
    }
    VillageReport {
        slug: v.slug.clone(),
        name: i.name.clone(),
        intro: i.intro.clone(),
        reference_date: reference.map(cn_date).unwrap_or_default(),
        cadres,
        former_cadres,
        incoming_cadres,
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
                status: [
                    f.opened.map(|d| format!("{}开户", cn_date(d))),
                    f.closed.map(|d| format!("{}销户", cn_date(d))),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(","),
            })
            .collect(),
        grid: i
            .grid
            .iter()
            .map(|g| GridView {
                name: g.name.clone(),
                leader: g.leader.clone(),
                households: g.households,
                members: g
                    .members
                    .iter()
                    .map(Member::name)
                    .collect::<Vec<_>>()
                    .join("、"),
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
        cards: cards(&town.site.base_url, v, reference, &contact),
        contact,
        old_versions: super::corrections::old_versions(town, v),
        period_reports,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cadre(name: &str, from: Option<NaiveDate>, until: Option<NaiveDate>) -> Cadre {
        Cadre {
            name: name.into(),
            role: "委员".into(),
            duties: "治保调解".into(),
            phone: "0000-1".into(),
            card_duty: String::new(),
            from,
            until,
            successor: String::new(),
            note: String::new(),
        }
    }

    fn village(cadres: Vec<Cadre>) -> Village {
        Village {
            slug: "demo".into(),
            file: 0,
            info: VillageFile {
                cadres,
                ..Default::default()
            },
            periods: Vec::new(),
        }
    }

    #[test]
    fn the_page_and_card_show_the_cadres_in_office_on_the_reference_date() {
        let mut left = cadre("孙", None, Some(d(2025, 11, 14)));
        left.successor = "周".into();
        left.note = "调任镇综治中心".into();
        let v = village(vec![
            cadre("王", None, None),
            left,
            cadre("周", Some(d(2025, 11, 17)), None),
            cadre("新", Some(d(2026, 1, 5)), None),
            cadre("早", None, Some(d(2025, 3, 31))),
        ]);
        let reference = Some(d(2025, 12, 31));
        let (current, former, incoming) = cadres_on(&v, reference);
        let names = |l: &[CadreView]| l.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&current), ["王", "周"]);
        assert_eq!(current[1].term, "2025年11月17日起");
        assert_eq!(names(&incoming), ["新"]);
        // Former cadres: latest leaving first, with successor and note.
        let former_names: Vec<&str> = former.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(former_names, ["孙", "早"]);
        assert_eq!(former[0].term, "至2025年11月14日");
        assert_eq!(former[0].successor, "周");
        assert_eq!(former[0].note, "调任镇综治中心");
        // The card prints the cadres in office only.
        let contact = super::super::contact::ContactReport {
            schedules: Vec::new(),
            directory: Vec::new(),
            promises: Vec::new(),
            ics: String::new(),
            events: Vec::new(),
            stamp: None,
        };
        let card = cards("", &v, reference, &contact);
        let on_card: Vec<&str> = card.cadres.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(on_card, ["王", "周"]);
    }

    #[test]
    fn before_any_period_only_a_written_until_makes_a_former_cadre() {
        let v = village(vec![
            cadre("王", None, None),
            cadre("孙", None, Some(d(2025, 11, 14))),
        ]);
        let (current, former, incoming) = cadres_on(&v, None);
        assert_eq!(current.len(), 1);
        assert_eq!(former.len(), 1);
        assert!(incoming.is_empty());
    }
}
