//! The performance part of a period report (晒业绩): work grouped by area, problems solved,
//! goals, every request of the request ledger (民情台账) with its counts, and the evaluation.

use super::{cn_date, short_date};
use crate::derive::{self, percent_label, RequestCounts};
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
    pub requests: Vec<RequestView>,
    pub open_requests: Vec<RequestView>,
    pub counts: RequestCounts,
    pub resolution_rate: String,
    pub evaluation: Option<EvaluationView>,
}

fn requests(list: &[Located<Request>]) -> Vec<RequestView> {
    let mut reqs: Vec<&Located<Request>> = list.iter().collect();
    reqs.sort_by_key(|r| r.date);
    reqs.into_iter()
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
        .collect()
}

pub fn performance_view(perf: &PerformanceFile) -> PerformanceView {
    let counts = derive::request_counts(&perf.requests);
    let requests = requests(&perf.requests);
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
        open_requests: requests.iter().filter(|r| !r.resolved).cloned().collect(),
        requests,
        resolution_rate: percent_label(counts.resolution_permille),
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
