//! The 走访 part of a period report: the visit log as published (a household shown only as
//! its 村民小组, never its 户号), visits per member, the every-two-weeks coverage of each
//! grid (see `calc::visits`), the 三必访 events and whether they were answered, and the
//! totals the town sums ("走访群众 N 户次, 收集意见建议 M 个").

use crate::calc::visits::{self, WINDOW_DAYS};
use crate::derive::percent_label;
use crate::model::*;
use serde::Serialize;

/// One visit as published.
#[derive(Debug, Clone, Serialize)]
pub struct VisitRow {
    pub date: String,
    /// `2025-10-08`, for the data files.
    pub iso_date: String,
    pub by: String,
    pub group: String,
    /// Households visited (a count only).
    pub households: usize,
    pub kind: &'static str,
    /// For 三必访: 生活困难 / 家庭意外 / 邻里矛盾.
    pub case: &'static str,
    pub raised: String,
    /// The request id it produced ("" when none).
    pub request: String,
}

/// Visits of one member (or 网格长, 包户干部) in the period.
#[derive(Debug, Clone, Serialize)]
pub struct MemberVisits {
    pub name: String,
    pub grid: String,
    /// Visit entries.
    pub visits: usize,
    /// Households visited, counted per visit (户次).
    pub household_visits: usize,
    /// Households linked to this member (0 when not a linked member).
    pub linked: usize,
}

/// The coverage of one grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridCoverageView {
    pub name: String,
    pub linked: usize,
    pub windows: usize,
    pub covered: usize,
    pub due: usize,
    pub permille: u32,
    /// `83.3%`, or "—" when no household is linked.
    pub rate: String,
    /// Each window: `10月1日—10月14日:5/6`.
    pub window_labels: Vec<String>,
}

/// A 三必访 event and its answer.
#[derive(Debug, Clone, Serialize)]
pub struct MustVisitRow {
    pub date: String,
    pub group: String,
    pub case: &'static str,
    /// `10月9日走访` or 未走访.
    pub answer: String,
    pub answered: bool,
}

/// Everything the period page shows about visits.
#[derive(Debug, Clone, Serialize)]
pub struct VisitsReport {
    pub log: Vec<VisitRow>,
    pub members: Vec<MemberVisits>,
    pub grids: Vec<GridCoverageView>,
    pub must_visit: Vec<MustVisitRow>,
    pub must_visit_count: usize,
    pub must_visit_answered: usize,
    /// Visit entries.
    pub visits: usize,
    /// Households visited, counted per visit (户次).
    pub household_visits: usize,
    /// Visits where something was raised (意见建议).
    pub raised: usize,
    /// Visits that produced or followed a request of the 民情台账.
    pub requests: usize,
    /// By kind: (label, visits).
    pub by_kind: Vec<(&'static str, usize)>,
    pub window_days: i64,
}

fn short_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}月{}日", d.month(), d.day())
}

/// The report of the visits of `p`, `None` when the quarter has no visit log.
pub fn visits_report(v: &Village, p: &Period) -> Option<VisitsReport> {
    let perf = p.performance.as_ref()?;
    if perf.visits.is_empty() && perf.must_visit.is_empty() {
        return None;
    }
    let mut sorted: Vec<&Visit> = perf.visits.iter().map(|l| &l.value).collect();
    sorted.sort_by_key(|x| x.date);
    let log = sorted
        .iter()
        .map(|x| VisitRow {
            date: cn_date(x.date),
            iso_date: x.date.to_string(),
            by: x.by.trim().to_string(),
            group: x.group.trim().to_string(),
            households: x.households.len(),
            kind: x.kind.label(),
            case: x.case.map_or("", MustVisitCase::label),
            raised: x.raised.trim().to_string(),
            request: x.request.trim().to_string(),
        })
        .collect();
    let mut members: Vec<MemberVisits> = Vec::new();
    for g in &v.info.grid {
        for m in &g.members {
            members.push(MemberVisits {
                name: m.name().trim().to_string(),
                grid: g.name.clone(),
                visits: 0,
                household_visits: 0,
                linked: m.links().map_or(0, |l| l.households.len()),
            });
        }
    }
    for x in &sorted {
        let by = x.by.trim();
        let row = match members.iter_mut().find(|m| m.name == by) {
            Some(r) => r,
            None => {
                let grid = v
                    .info
                    .grid
                    .iter()
                    .find(|g| g.groups.iter().any(|n| n.trim() == x.group.trim()))
                    .map(|g| g.name.clone())
                    .unwrap_or_default();
                members.push(MemberVisits {
                    name: by.to_string(),
                    grid,
                    visits: 0,
                    household_visits: 0,
                    linked: 0,
                });
                members.last_mut().expect("just pushed")
            }
        };
        row.visits = row.visits.saturating_add(1);
        row.household_visits = row.household_visits.saturating_add(x.households.len());
    }
    let grids = v
        .info
        .grid
        .iter()
        .filter(|g| g.members.iter().any(|m| m.links().is_some()))
        .map(|g| {
            let c = visits::coverage(g, p.id, sorted.iter().copied());
            let permille = c.permille();
            GridCoverageView {
                name: g.name.clone(),
                linked: c.linked,
                windows: c.windows.len(),
                covered: c.covered,
                due: c.due,
                permille: permille.unwrap_or(0),
                rate: permille.map_or_else(|| "—".to_string(), percent_label),
                window_labels: c
                    .windows
                    .iter()
                    .map(|(a, b, n)| {
                        format!("{}—{}：{n}/{}", short_date(*a), short_date(*b), c.linked)
                    })
                    .collect(),
            }
        })
        .collect();
    let must_visit: Vec<MustVisitRow> = perf
        .must_visit
        .iter()
        .map(|e| {
            let answer = visits::answered(e, &sorted);
            MustVisitRow {
                date: cn_date(e.date),
                group: e.group.trim().to_string(),
                case: e.case.label(),
                answer: answer.map_or_else(
                    || "未走访".to_string(),
                    |d| format!("{}走访", short_date(d)),
                ),
                answered: answer.is_some(),
            }
        })
        .collect();
    Some(VisitsReport {
        must_visit_count: must_visit.len(),
        must_visit_answered: must_visit.iter().filter(|m| m.answered).count(),
        visits: sorted.len(),
        household_visits: sorted.iter().map(|x| x.households.len()).sum(),
        raised: sorted
            .iter()
            .filter(|x| !x.raised.trim().is_empty())
            .count(),
        requests: sorted
            .iter()
            .filter(|x| !x.request.trim().is_empty())
            .count(),
        by_kind: VisitKind::ALL
            .iter()
            .map(|k| (k.label(), sorted.iter().filter(|x| x.kind == *k).count()))
            .collect(),
        log,
        members,
        grids,
        must_visit,
        window_days: WINDOW_DAYS,
    })
}
