//! The request ledger (民情台账) in numbers: how many requests were received, handled, followed up (回访) and
//! resolved (落实), the resolution rate, and where the requests came from.

use super::permille;
use crate::model::{Located, Request, RequestSource, RequestStatus};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct RequestCounts {
    /// Every request written down.
    pub received: usize,
    /// Status 已办理 or further.
    pub handled: usize,
    /// Status 已回访 or further.
    pub followed_up: usize,
    /// Status 已落实.
    pub resolved: usize,
    /// resolved / received, per mille.
    pub resolution_permille: u32,
    /// Requests not yet resolved.
    pub open: usize,
    /// Count per source, in the fixed order 接待日, 意见箱, 电话, 走访.
    pub by_source: Vec<SourceCount>,
    /// The sources that brought at least one request, in the same order.
    pub sources_used: Vec<SourceCount>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceCount {
    pub source: &'static str,
    pub count: usize,
}

pub fn request_counts(requests: &[Located<Request>]) -> RequestCounts {
    let at_least = |s: RequestStatus| requests.iter().filter(|r| r.status >= s).count();
    let received = requests.len();
    let resolved = at_least(RequestStatus::Resolved);
    let by_source: Vec<SourceCount> = RequestSource::ALL
        .iter()
        .map(|s| SourceCount {
            source: s.label(),
            count: requests.iter().filter(|r| r.source == *s).count(),
        })
        .collect();
    RequestCounts {
        received,
        handled: at_least(RequestStatus::Handled),
        followed_up: at_least(RequestStatus::FollowedUp),
        resolved,
        resolution_permille: permille(resolved as u64, received as u64),
        open: received - resolved,
        sources_used: by_source.iter().filter(|s| s.count > 0).cloned().collect(),
        by_source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn req(status: RequestStatus, source: RequestSource) -> Located<Request> {
        Located {
            file: 0,
            path: String::new(),
            value: Request {
                date: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
                source,
                from: String::new(),
                summary: "s".into(),
                status,
                handler: "h".into(),
                action: String::new(),
                resolved_on: None,
            },
        }
    }

    #[test]
    fn funnel_counts_include_later_steps() {
        use RequestSource::*;
        use RequestStatus::*;
        let rs = vec![
            req(Received, Phone),
            req(Handled, Phone),
            req(FollowedUp, HomeVisit),
            req(Resolved, ReceptionDay),
            req(Resolved, ReceptionDay),
            req(Resolved, SuggestionBox),
        ];
        let c = request_counts(&rs);
        assert_eq!(
            (c.received, c.handled, c.followed_up, c.resolved),
            (6, 5, 4, 3)
        );
        assert_eq!(c.resolution_permille, 500);
        assert_eq!(c.open, 3);
        let counts: Vec<usize> = c.by_source.iter().map(|s| s.count).collect();
        assert_eq!(counts, vec![2, 1, 2, 1]);
        assert_eq!(request_counts(&[]).resolution_permille, 0);
    }
}
