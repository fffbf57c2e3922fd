//! The performance part of a period report (晒业绩): work grouped by area, problems solved,
//! goals, every request of the request ledger (民情台账) — received this quarter, and carried
//! in from earlier ones — with its counts, and the evaluation.

use super::{cn_date, short_date};
use crate::calc::ledger::{QuarterLedger, Tracked};
use crate::derive::{self, RequestCounts};
use crate::model::*;
use serde::Serialize;

/// Who evaluates when `evaluation.by` is left empty (the body the rules name).
pub const DEFAULT_EVALUATOR: &str = "党员大会和村民代表会议";

#[derive(Debug, Clone, Serialize)]
pub struct WorkView {
    pub area: &'static str,
    pub title: String,
    pub detail: String,
    pub status: &'static str,
    pub done: bool,
    pub owner: String,
}

/// The work of one area (党务, 村务 or 财务); every area is listed, empty or not.
#[derive(Debug, Clone, Serialize)]
pub struct WorkArea {
    pub area: &'static str,
    pub items: Vec<WorkView>,
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
    /// Place in its table: among the quarter's new requests by date, or among the carried.
    pub no: usize,
    /// 编号: written, or derived (`2025-q1-8`, see `calc::ledger`).
    pub id: String,
    /// Received in an earlier quarter and still open when this one began.
    pub carried: bool,
    /// The quarter it was received in (`2025年第一季度`), "" for a new request.
    pub received_in: String,
    /// Carried, and this quarter's file wrote an update of it.
    pub updated_here: bool,
    /// `7月3日` (within the quarter's year).
    pub date: String,
    /// `2025年7月3日`, for carried requests, whose year may differ.
    pub date_full: String,
    /// `2025-07-03`, for data files.
    pub iso_date: String,
    pub source: &'static str,
    pub from: String,
    pub summary: String,
    pub status: &'static str,
    pub resolved: bool,
    pub handler: String,
    pub action: String,
    pub resolved_on: String,
    /// `2025-07-03`, or "" when not resolved yet.
    pub iso_resolved_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluationView {
    pub score: String,
    /// The score in tenths of a point (`92.5` is 925), for ordering and charts.
    pub score_tenths: u32,
    pub result: &'static str,
    #[serde(skip)]
    pub rating: Rating,
    pub qualified: bool,
    /// Who evaluated ([`DEFAULT_EVALUATOR`] when not written).
    pub by: String,
    pub date: String,
    /// How many attended; 0 when not written.
    pub attendees: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PerformanceView {
    pub work: Vec<WorkView>,
    /// The same work, grouped by area in the order 党务, 村务, 财务.
    pub work_by_area: Vec<WorkArea>,
    pub problems: Vec<Problem>,
    pub goals: Vec<GoalView>,
    /// The requests received this quarter, by date.
    pub requests: Vec<RequestView>,
    /// The requests carried in from earlier quarters, as they stand at this quarter's end.
    pub carried_requests: Vec<RequestView>,
    /// Every request on the ledger not resolved at the quarter's end (new first, then carried).
    pub open_requests: Vec<RequestView>,
    /// The new requests not resolved at the quarter's end.
    pub open_new_requests: Vec<RequestView>,
    pub counts: RequestCounts,
    pub resolution_rate: String,
    /// The ledger in one paragraph (`derive::ledger_sentence`).
    pub ledger_sentence: String,
    /// The request tables are long enough to be shown folded (one tap to open).
    pub fold_requests: bool,
    pub evaluation: Option<EvaluationView>,
}

/// One request of the quarter's ledger as its tables show it.
fn request_view(no: usize, t: &Tracked, period: PeriodId) -> RequestView {
    let carried = t.received_in != period;
    // A date of another quarter carries its year.
    let day = |d: chrono::NaiveDate| {
        if period.contains(d) {
            short_date(d)
        } else {
            cn_date(d)
        }
    };
    RequestView {
        no,
        id: t.id.clone(),
        carried,
        received_in: if carried {
            t.received_in.label()
        } else {
            String::new()
        },
        updated_here: carried && t.written_here.is_some(),
        date: short_date(t.date),
        date_full: cn_date(t.date),
        iso_date: t.date.to_string(),
        source: t.origin.source.map_or("", RequestSource::label),
        from: t.origin.from.clone(),
        summary: t.origin.summary.clone(),
        status: t.status.label(),
        resolved: t.resolved(),
        handler: t.handler.to_string(),
        action: t.action.to_string(),
        resolved_on: t.resolved_on.map(day).unwrap_or_default(),
        iso_resolved_on: t.resolved_on.map(|d| d.to_string()).unwrap_or_default(),
    }
}

/// The performance part of a period report; `ledger` is the period's request ledger (see
/// `calc::ledger`), which holds the requests carried in from earlier quarters.
pub fn performance_view(perf: &PerformanceFile, ledger: &QuarterLedger) -> PerformanceView {
    let counts = derive::request_counts(ledger);
    let requests: Vec<RequestView> = ledger
        .new
        .iter()
        .map(|t| request_view(t.no, t, ledger.period))
        .collect();
    let carried_requests: Vec<RequestView> = ledger
        .carried
        .iter()
        .enumerate()
        .map(|(i, t)| request_view(i + 1, t, ledger.period))
        .collect();
    let work: Vec<WorkView> = perf
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
        .collect();
    PerformanceView {
        work_by_area: Area::ALL
            .iter()
            .map(|a| WorkArea {
                area: a.label(),
                items: work
                    .iter()
                    .filter(|w| w.area == a.label())
                    .cloned()
                    .collect(),
            })
            .collect(),
        work,
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
        open_requests: requests
            .iter()
            .chain(&carried_requests)
            .filter(|r| !r.resolved)
            .cloned()
            .collect(),
        open_new_requests: requests.iter().filter(|r| !r.resolved).cloned().collect(),
        fold_requests: requests.len() + carried_requests.len() > super::accounts::FOLD_MONTHS_ABOVE,
        requests,
        carried_requests,
        resolution_rate: derive::resolution_label(&counts),
        ledger_sentence: derive::ledger_sentence(&counts),
        counts,
        evaluation: perf.evaluation.as_ref().map(|e| EvaluationView {
            score: e.score.label(),
            score_tenths: e.score.0,
            result: e.result.label(),
            rating: e.result,
            qualified: !matches!(e.result, Rating::Unqualified),
            by: if e.by.trim().is_empty() {
                DEFAULT_EVALUATOR.to_string()
            } else {
                e.by.clone()
            },
            date: cn_date(e.date),
            attendees: e.attendees,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::ledger::ledgers;
    use chrono::NaiveDate;

    fn d(m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2025, m, day)
    }

    fn request(id: &str, date: Option<NaiveDate>, status: RequestStatus) -> Request {
        Request {
            id: id.into(),
            date,
            source: date.map(|_| RequestSource::Phone),
            from: String::new(),
            summary: if date.is_some() {
                "路灯不亮".into()
            } else {
                String::new()
            },
            status,
            handler: if date.is_some() {
                "甲".into()
            } else {
                String::new()
            },
            action: String::new(),
            resolved_on: None,
        }
    }

    fn period(quarter: u32, requests: Vec<Request>) -> Period {
        Period {
            id: PeriodId {
                year: 2025,
                quarter,
            },
            accounts: None,
            performance: Some(PerformanceFile {
                requests: requests
                    .into_iter()
                    .enumerate()
                    .map(|(k, value)| Located {
                        file: quarter as usize,
                        path: format!("requests[{k}]"),
                        value,
                    })
                    .collect(),
                file: quarter as usize,
                ..Default::default()
            }),
            conduct: None,
            notes: None,
            files: Vec::new(),
            present: Vec::new(),
        }
    }

    #[test]
    fn a_quarter_lists_new_and_carried_requests_apart() {
        use RequestStatus::*;
        let mut resolved = request("MQ-1", None, Resolved);
        resolved.resolved_on = d(7, 20);
        resolved.handler = "乙".into();
        let v = Village {
            slug: "demo".into(),
            file: 0,
            info: VillageFile::default(),
            periods: vec![
                period(
                    2,
                    vec![
                        request("MQ-1", d(6, 18), Received),
                        request("", d(5, 2), Handled),
                    ],
                ),
                period(3, vec![resolved, request("", d(7, 3), Received)]),
            ],
        };
        let l = ledgers(&v);
        let q3 = &v.periods[1];
        let view = performance_view(q3.performance.as_ref().unwrap(), &l[1]);
        // The new request of the quarter.
        assert_eq!(view.requests.len(), 1);
        assert_eq!(view.requests[0].id, "2025-q3-1");
        assert_eq!(view.requests[0].date, "7月3日");
        assert!(!view.requests[0].carried);
        // The carried ones, in the order received, with their year and quarter.
        let ids: Vec<&str> = view
            .carried_requests
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(ids, ["2025-q2-1", "MQ-1"]);
        let mq = &view.carried_requests[1];
        assert!(mq.carried && mq.updated_here && mq.resolved);
        assert_eq!(mq.date_full, "2025年6月18日");
        assert_eq!(mq.received_in, "2025年第二季度");
        assert_eq!(mq.resolved_on, "7月20日");
        assert_eq!(mq.handler, "乙");
        assert!(!view.carried_requests[0].updated_here);
        // Open: the new one and one carried.
        assert_eq!(view.open_requests.len(), 2);
        assert_eq!(view.open_new_requests.len(), 1);
        assert_eq!((view.counts.on_ledger, view.counts.resolved), (3, 1));
        assert_eq!(view.resolution_rate, "33.3%");
    }
}
