//! The request ledger (民情台账) of a quarter in numbers: how many requests were received and
//! carried in, how many of those on the ledger were handled, followed up (回访) and resolved
//! (落实) by the quarter's end, the resolution rate, and where the new requests came from.
//!
//! Each request is counted once in each figure: `received` counts it in the quarter it came
//! in, `resolved` in the quarter it was resolved in; a carried request is on the ledger (and
//! in the rate's denominator) of every quarter it is open at the start of, and counts as
//! resolved only in the quarter that resolves it.

use super::permille;
use crate::calc::ledger::QuarterLedger;
use crate::model::{RequestSource, RequestStatus};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct RequestCounts {
    /// Requests received this quarter (受理).
    pub received: usize,
    /// Requests received in earlier quarters and still open when this one began (转入).
    pub carried: usize,
    /// On this quarter's ledger: received + carried.
    pub on_ledger: usize,
    /// What the first step of the ledger's funnel counts: 受理, or 受理和转入 when requests
    /// were carried in.
    pub ledger_label: &'static str,
    /// On the ledger with status 已办理 or further at the quarter's end.
    pub handled: usize,
    /// On the ledger with status 已回访 or further.
    pub followed_up: usize,
    /// On the ledger with status 已落实 (resolved this quarter).
    pub resolved: usize,
    /// Of them, carried requests.
    pub carried_resolved: usize,
    /// resolved / on_ledger, per mille.
    pub resolution_permille: u32,
    /// On the ledger and not resolved at the quarter's end (they carry into the next).
    pub open: usize,
    /// Of them, carried requests.
    pub open_carried: usize,
    /// Of them, new requests.
    pub open_new: usize,
    /// New requests per source, in the fixed order 接待日, 意见箱, 电话, 走访.
    pub by_source: Vec<SourceCount>,
    /// The sources that brought at least one new request, in the same order.
    pub sources_used: Vec<SourceCount>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceCount {
    pub source: &'static str,
    pub count: usize,
}

/// What a reader sees for the rate: `66.7%`, or `无诉求` for a quarter with nothing on the
/// ledger (a rate of nothing is not 0%).
pub fn resolution_label(c: &RequestCounts) -> String {
    if c.on_ledger == 0 {
        "无诉求".to_string()
    } else {
        super::percent_label(c.resolution_permille)
    }
}

/// The ledger in one plain paragraph, as the period page and the notice print it.
pub fn ledger_sentence(c: &RequestCounts) -> String {
    if c.on_ledger == 0 {
        return "本季度没有登记群众反映的事。".to_string();
    }
    let mut s = if c.carried > 0 {
        format!(
            "本季度受理群众诉求 {} 件，以前季度转入、还没落实的 {} 件，共 {} 件：",
            c.received, c.carried, c.on_ledger
        )
    } else {
        format!("本季度受理群众诉求 {} 件，", c.received)
    };
    s.push_str(&format!(
        "已办理 {} 件，回访 {} 件，落实 {} 件，落实率 {}。",
        c.handled,
        c.followed_up,
        c.resolved,
        resolution_label(c)
    ));
    if c.open > 0 {
        s.push_str(&format!("还有 {} 件没有落实，转入下一季度接着办。", c.open));
    }
    if !c.sources_used.is_empty() {
        let parts: Vec<String> = c
            .sources_used
            .iter()
            .map(|x| format!("{} {} 件", x.source, x.count))
            .collect();
        s.push_str(&format!("新受理的来自{}。", parts.join("、")));
    }
    s
}

/// The counts of a quarter's ledger.
pub fn request_counts(ledger: &QuarterLedger) -> RequestCounts {
    let new: Vec<(RequestStatus, Option<RequestSource>)> = ledger
        .new
        .iter()
        .map(|t| (t.status, t.origin.source))
        .collect();
    let carried: Vec<RequestStatus> = ledger.carried.iter().map(|t| t.status).collect();
    counts(&new, &carried)
}

/// The counts of new requests (status and source at the quarter's end) and carried ones.
pub fn counts(
    new: &[(RequestStatus, Option<RequestSource>)],
    carried: &[RequestStatus],
) -> RequestCounts {
    let all: Vec<RequestStatus> = new
        .iter()
        .map(|(s, _)| *s)
        .chain(carried.iter().copied())
        .collect();
    let at_least = |s: RequestStatus| all.iter().filter(|x| **x >= s).count();
    let resolved = at_least(RequestStatus::Resolved);
    let carried_resolved = carried
        .iter()
        .filter(|s| **s == RequestStatus::Resolved)
        .count();
    let by_source: Vec<SourceCount> = RequestSource::ALL
        .iter()
        .map(|s| SourceCount {
            source: s.label(),
            count: new.iter().filter(|(_, x)| *x == Some(*s)).count(),
        })
        .collect();
    RequestCounts {
        received: new.len(),
        carried: carried.len(),
        on_ledger: all.len(),
        ledger_label: if carried.is_empty() {
            "受理"
        } else {
            "受理和转入"
        },
        handled: at_least(RequestStatus::Handled),
        followed_up: at_least(RequestStatus::FollowedUp),
        resolved,
        carried_resolved,
        resolution_permille: permille(resolved as u64, all.len() as u64),
        open: all.len() - resolved,
        open_carried: carried.len() - carried_resolved,
        open_new: all.len() - resolved - (carried.len() - carried_resolved),
        sources_used: by_source.iter().filter(|s| s.count > 0).cloned().collect(),
        by_source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestSource::*;
    use RequestStatus::*;

    #[test]
    fn the_ledger_sentence_reads_cleanly() {
        let none = counts(&[], &[]);
        assert_eq!(resolution_label(&none), "无诉求");
        assert_eq!(ledger_sentence(&none), "本季度没有登记群众反映的事。");
        let c = counts(
            &[(Resolved, Some(Phone)), (Handled, Some(HomeVisit))],
            &[Received],
        );
        let s = ledger_sentence(&c);
        assert_eq!(
            s,
            "本季度受理群众诉求 2 件，以前季度转入、还没落实的 1 件，共 3 件：\
             已办理 2 件，回访 1 件，落实 1 件，落实率 33.3%。\
             还有 2 件没有落实，转入下一季度接着办。新受理的来自电话 1 件、走访 1 件。"
        );
        for bad in ["。。", "、。", "，。", ",", ":"] {
            assert!(!s.contains(bad), "{bad} in {s}");
        }
    }

    #[test]
    fn funnel_counts_include_later_steps() {
        let new = [
            (Received, Some(Phone)),
            (Handled, Some(Phone)),
            (FollowedUp, Some(HomeVisit)),
            (Resolved, Some(ReceptionDay)),
            (Resolved, Some(ReceptionDay)),
            (Resolved, Some(SuggestionBox)),
        ];
        let c = counts(&new, &[]);
        assert_eq!(
            (c.received, c.handled, c.followed_up, c.resolved),
            (6, 5, 4, 3)
        );
        assert_eq!((c.carried, c.on_ledger, c.ledger_label), (0, 6, "受理"));
        assert_eq!(c.resolution_permille, 500);
        assert_eq!(c.open, 3);
        let counts_by: Vec<usize> = c.by_source.iter().map(|s| s.count).collect();
        assert_eq!(counts_by, vec![2, 1, 2, 1]);
        assert_eq!(super::counts(&[], &[]).resolution_permille, 0);
    }

    #[test]
    fn carried_requests_are_on_the_ledger_but_not_received_again() {
        let new = [(Resolved, Some(Phone)), (Received, Some(Phone))];
        let carried = [Resolved, FollowedUp, Handled];
        let c = counts(&new, &carried);
        assert_eq!((c.received, c.carried, c.on_ledger), (2, 3, 5));
        assert_eq!(c.ledger_label, "受理和转入");
        // Resolved: one new, one carried; the rate is over the whole ledger.
        assert_eq!((c.resolved, c.carried_resolved), (2, 1));
        assert_eq!(c.resolution_permille, 400);
        assert_eq!((c.handled, c.followed_up), (4, 3));
        assert_eq!((c.open, c.open_carried, c.open_new), (3, 2, 1));
        // Sources are those of the new requests only.
        assert_eq!(c.sources_used.len(), 1);
        assert_eq!(c.sources_used[0].count, 2);
    }

    #[test]
    fn counted_from_a_ledger_across_quarters() {
        use crate::calc::ledger::ledgers;
        use crate::model::*;
        use chrono::NaiveDate;
        let req = |id: &str, date: Option<NaiveDate>, status, resolved_on| Request {
            id: id.into(),
            date,
            source: date.map(|_| Phone),
            from: String::new(),
            summary: if date.is_some() {
                "事".into()
            } else {
                String::new()
            },
            status,
            handler: "甲".into(),
            action: String::new(),
            resolved_on,
        };
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day);
        let period = |quarter: u32, reqs: Vec<Request>| Period {
            id: PeriodId {
                year: 2025,
                quarter,
            },
            accounts: None,
            performance: Some(PerformanceFile {
                requests: reqs
                    .into_iter()
                    .enumerate()
                    .map(|(k, value)| Located {
                        file: quarter as usize,
                        path: format!("requests[{k}]"),
                        value,
                    })
                    .collect(),
                ..Default::default()
            }),
            conduct: None,
            notes: None,
            files: Vec::new(),
            present: Vec::new(),
        };
        let v = Village {
            slug: "demo".into(),
            file: 0,
            info: VillageFile::default(),
            periods: vec![
                period(
                    1,
                    vec![
                        req("A", d(1, 5), Received, None),
                        req("", d(2, 5), Resolved, d(2, 6)),
                    ],
                ),
                period(2, vec![req("", d(4, 1), Handled, None)]),
                period(3, vec![req("A", None, Resolved, d(8, 1))]),
            ],
        };
        let l = ledgers(&v);
        let c: Vec<RequestCounts> = l.iter().map(request_counts).collect();
        // Q1: two received, one resolved.
        assert_eq!((c[0].on_ledger, c[0].resolved, c[0].open), (2, 1, 1));
        // Q2: A carried; one new; nothing resolved.
        assert_eq!((c[1].received, c[1].carried, c[1].resolved), (1, 1, 0));
        // Q3: both carried; A resolved: received 0, resolved 1 of 2.
        assert_eq!((c[2].received, c[2].carried), (0, 2));
        assert_eq!((c[2].resolved, c[2].carried_resolved), (1, 1));
        assert_eq!(c[2].resolution_permille, 500);
        // Each request is received once and resolved once over the year.
        assert_eq!(c.iter().map(|x| x.received).sum::<usize>(), 3);
        assert_eq!(c.iter().map(|x| x.resolved).sum::<usize>(), 2);
    }
}
