//! The request ledger (民情台账) across quarters: which entry of a quarter's `requests` list is a
//! new request and which updates one received earlier, the id of each request, and what each
//! quarter's ledger holds — the requests received in it and those carried in, still open, from
//! earlier quarters — as they stand at the quarter's end.
//!
//! A request that is not 已落实 at the end of a quarter carries into the next one by itself,
//! with its original date, until a quarter's entry with its id says 已落实. An entry whose `id`
//! is the id of a request received in an earlier quarter is an update: it writes only what
//! changed (status, action, resolved_on, a new handler). Every other entry is a new request;
//! when it has no written id, its id is the quarter's folder name and its place among the
//! quarter's new requests by date (`2025-q1-8`), the same number the quarter's ledger prints.
//!
//! The checks (which report what is wrong with an entry) and the reports (which lay the
//! ledger out) both need this, so it is computed here, once, the same way for both.

use crate::model::{FileId, Located, PeriodId, Request, RequestStatus, Village};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One request as it stands at the end of a quarter.
#[derive(Debug, Clone)]
pub struct Tracked<'a> {
    /// Written in the entry that received it, or derived (see [`derived_id`]).
    pub id: String,
    pub id_written: bool,
    /// The entry that received it.
    pub origin: &'a Located<Request>,
    /// The quarter it was received in.
    pub received_in: PeriodId,
    /// Its place among the new requests of that quarter, from 1, by date.
    pub no: usize,
    /// 登记日期 (the quarter's first day when none is written: already reported).
    pub date: NaiveDate,
    pub status: RequestStatus,
    pub handler: &'a str,
    pub action: &'a str,
    pub resolved_on: Option<NaiveDate>,
    /// The entry of the quarter at hand that says where it stands: the origin for a request
    /// received in the quarter, the update for a carried one (`None` when nothing was written
    /// about it this quarter).
    pub written_here: Option<&'a Located<Request>>,
    /// The files its state comes from (the origin's and every update's), oldest first.
    pub files: Vec<FileId>,
}

impl Tracked<'_> {
    pub fn resolved(&self) -> bool {
        self.status == RequestStatus::Resolved
    }
}

/// What one entry of a quarter's `requests` list is.
#[derive(Debug, Clone)]
pub enum Role<'a> {
    /// A request received in this quarter, with its id.
    New { id: String },
    /// An update of a request received in an earlier quarter and still open.
    Update {
        id: String,
        origin: &'a Located<Request>,
        received_in: PeriodId,
        /// Where it stood before this update.
        before: RequestStatus,
    },
    /// Not taken into the ledger; the reason is in [`QuarterLedger::problems`].
    Rejected,
}

/// Something about the ids of a quarter's entries that the ledger cannot make sense of.
#[derive(Debug, Clone)]
pub enum Problem<'a> {
    /// A new request with the id of another request (`first`, received in `first_in`).
    DuplicateId {
        entry: &'a Located<Request>,
        id: String,
        first: &'a Located<Request>,
        first_in: PeriodId,
    },
    /// An update of a request that was 已落实 in an earlier quarter (and so no longer carried).
    UpdateOfResolved {
        entry: &'a Located<Request>,
        origin: &'a Located<Request>,
        received_in: PeriodId,
        resolved_in: PeriodId,
        resolved_on: Option<NaiveDate>,
    },
    /// A second update of the same request in one quarter.
    UpdatedTwice {
        entry: &'a Located<Request>,
        first: &'a Located<Request>,
    },
    /// An entry with only an id (no date, source or summary) that no earlier request has:
    /// neither an update nor a new request. `open` lists the ids carried into the quarter.
    UnknownId {
        entry: &'a Located<Request>,
        open: Vec<String>,
    },
}

/// One quarter's ledger, at the quarter's end.
#[derive(Debug, Clone)]
pub struct QuarterLedger<'a> {
    pub period: PeriodId,
    /// The requests received in this quarter, by date (then as written): `no` is the place.
    pub new: Vec<Tracked<'a>>,
    /// The requests received in earlier quarters and still open when this one began, in the
    /// order they were received.
    pub carried: Vec<Tracked<'a>>,
    /// What each entry of this quarter's `requests` list is, in the order written.
    pub roles: Vec<Role<'a>>,
    pub problems: Vec<Problem<'a>>,
}

/// The id of a request that has none written: `2025-q1-8` for the 8th new request (by date)
/// of 2025 Q1.
pub fn derived_id(period: PeriodId, no: usize) -> String {
    format!("{}-{no}", period.slug())
}

/// A request in the book: its state now, and the quarter it was resolved in.
struct State<'a> {
    now: Tracked<'a>,
    resolved_in: Option<PeriodId>,
}

/// The ledger of every period of `v`, in the order of `v.periods`.
pub fn ledgers(v: &Village) -> Vec<QuarterLedger<'_>> {
    let mut book: Vec<State> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(v.periods.len());
    for p in &v.periods {
        let start = p.id.start();
        let entries: &[Located<Request>] = p
            .performance
            .as_ref()
            .map_or(&[], |f| f.requests.as_slice());
        let open_at_start: Vec<usize> = (0..book.len())
            .filter(|&b| book[b].resolved_in.is_none())
            .collect();
        for &b in &open_at_start {
            book[b].now.written_here = None;
        }
        let mut roles: Vec<Role> = vec![Role::Rejected; entries.len()];
        let mut problems = Vec::new();
        let mut updates: Vec<(usize, &Located<Request>)> = Vec::new();
        let mut fresh: Vec<usize> = Vec::new();
        for (k, e) in entries.iter().enumerate() {
            let wid = e.id.trim();
            if let Some(&b) = by_id.get(wid).filter(|_| !wid.is_empty()) {
                let st = &book[b];
                if let Some(resolved_in) = st.resolved_in {
                    problems.push(Problem::UpdateOfResolved {
                        entry: e,
                        origin: st.now.origin,
                        received_in: st.now.received_in,
                        resolved_in,
                        resolved_on: st.now.resolved_on,
                    });
                } else if let Some((_, first)) = updates.iter().find(|(x, _)| *x == b) {
                    problems.push(Problem::UpdatedTwice { entry: e, first });
                } else {
                    roles[k] = Role::Update {
                        id: wid.to_string(),
                        origin: st.now.origin,
                        received_in: st.now.received_in,
                        before: st.now.status,
                    };
                    updates.push((b, e));
                }
                continue;
            }
            let only_an_id = e.date.is_none() && e.source.is_none() && e.summary.trim().is_empty();
            if !wid.is_empty() && only_an_id {
                problems.push(Problem::UnknownId {
                    entry: e,
                    open: open_at_start
                        .iter()
                        .map(|&b| book[b].now.id.clone())
                        .collect(),
                });
                continue;
            }
            fresh.push(k);
        }

        // New requests: numbered by date, then as written.
        fresh.sort_by_key(|&k| (entries[k].date.unwrap_or(start), k));
        // (entry, book index) of each new request.
        let mut new_books: Vec<(usize, usize)> = Vec::with_capacity(fresh.len());
        for (n, &k) in fresh.iter().enumerate() {
            let e = &entries[k];
            let wid = e.id.trim();
            let id = if wid.is_empty() {
                derived_id(p.id, n + 1)
            } else {
                wid.to_string()
            };
            roles[k] = Role::New { id: id.clone() };
            book.push(State {
                now: Tracked {
                    id,
                    id_written: !wid.is_empty(),
                    origin: e,
                    received_in: p.id,
                    no: n + 1,
                    date: e.date.unwrap_or(start),
                    status: e.status,
                    handler: e.handler.as_str(),
                    action: e.action.as_str(),
                    resolved_on: e.resolved_on,
                    written_here: Some(e),
                    files: vec![e.file],
                },
                resolved_in: None,
            });
            new_books.push((k, book.len() - 1));
        }
        // Ids are taken in file order, so that of two entries with one id the first written
        // keeps it and the second is reported.
        let mut in_file_order = new_books.clone();
        in_file_order.sort_unstable();
        for (_, b) in in_file_order {
            let id = book[b].now.id.clone();
            match by_id.get(&id) {
                Some(&first) => problems.push(Problem::DuplicateId {
                    entry: book[b].now.origin,
                    id,
                    first: book[first].now.origin,
                    first_in: book[first].now.received_in,
                }),
                None => {
                    by_id.insert(id, b);
                }
            }
        }

        for (b, e) in updates {
            let now = &mut book[b].now;
            now.status = e.status;
            if !e.handler.trim().is_empty() {
                now.handler = e.handler.as_str();
            }
            if !e.action.trim().is_empty() {
                now.action = e.action.as_str();
            }
            now.resolved_on = e.resolved_on;
            now.written_here = Some(e);
            now.files.push(e.file);
        }
        let new_books: Vec<usize> = new_books.into_iter().map(|(_, b)| b).collect();
        for &b in open_at_start.iter().chain(&new_books) {
            if book[b].now.resolved() {
                book[b].resolved_in = Some(p.id);
            }
        }
        out.push(QuarterLedger {
            period: p.id,
            new: new_books.iter().map(|&b| book[b].now.clone()).collect(),
            carried: open_at_start.iter().map(|&b| book[b].now.clone()).collect(),
            roles,
            problems,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PerformanceFile, Period, RequestSource, VillageFile};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    /// A new request (no id written unless `id` is not empty).
    fn new(id: &str, date: NaiveDate, status: RequestStatus) -> Request {
        Request {
            id: id.into(),
            date: Some(date),
            source: Some(RequestSource::Phone),
            from: String::new(),
            summary: format!("{date} 的事"),
            status,
            handler: "甲".into(),
            action: String::new(),
            resolved_on: (status == RequestStatus::Resolved).then_some(date),
        }
    }

    /// An update of request `id`.
    fn update(id: &str, status: RequestStatus, resolved_on: Option<NaiveDate>) -> Request {
        Request {
            id: id.into(),
            date: None,
            source: None,
            from: String::new(),
            summary: String::new(),
            status,
            handler: String::new(),
            action: "办了".into(),
            resolved_on,
        }
    }

    /// A village with one period per list of entries, from 2025 Q1 on.
    fn village(quarters: Vec<Vec<Request>>) -> Village {
        let periods = quarters
            .into_iter()
            .enumerate()
            .map(|(i, reqs)| Period {
                id: PeriodId {
                    year: 2025,
                    quarter: i as u32 + 1,
                },
                accounts: None,
                performance: Some(PerformanceFile {
                    requests: reqs
                        .into_iter()
                        .enumerate()
                        .map(|(k, value)| Located {
                            file: i,
                            path: format!("requests[{k}]"),
                            value,
                        })
                        .collect(),
                    file: i,
                    ..Default::default()
                }),
                conduct: None,
                notes: None,
                files: vec![i],
                present: Vec::new(),
            })
            .collect();
        Village {
            slug: "demo".into(),
            file: 99,
            info: VillageFile::default(),
            periods,
        }
    }

    fn ids(list: &[Tracked]) -> Vec<String> {
        list.iter().map(|t| t.id.clone()).collect()
    }

    #[test]
    fn an_open_request_carries_until_an_update_resolves_it() {
        use RequestStatus::*;
        let v = village(vec![
            vec![
                new("", d(3, 11), Received),
                new("MQ-1", d(2, 1), Handled),
                new("", d(1, 5), Resolved),
            ],
            vec![update("MQ-1", FollowedUp, None)],
            vec![],
            vec![update("2025-q1-3", Resolved, Some(d(10, 30)))],
        ]);
        let l = ledgers(&v);
        // Q1: numbered by date; a written id is kept.
        assert_eq!(ids(&l[0].new), ["2025-q1-1", "MQ-1", "2025-q1-3"]);
        assert_eq!(l[0].new[2].date, d(3, 11));
        assert!(l[0].carried.is_empty());
        // Q2: both open ones carried, one updated.
        assert_eq!(ids(&l[1].carried), ["MQ-1", "2025-q1-3"]);
        assert_eq!(l[1].carried[0].status, FollowedUp);
        assert_eq!(l[1].carried[0].action, "办了");
        assert!(l[1].carried[0].written_here.is_some());
        assert!(l[1].carried[1].written_here.is_none());
        assert_eq!(l[1].carried[1].date, d(3, 11), "keeps its original date");
        assert!(matches!(
            l[1].roles[0],
            Role::Update {
                before: Handled,
                ..
            }
        ));
        // Q3: a quarter with nothing written carries both on.
        assert_eq!(ids(&l[2].carried), ["MQ-1", "2025-q1-3"]);
        // Q4: one resolved, the other still open at the end.
        assert_eq!(l[3].carried.len(), 2);
        assert!(l[3].carried[1].resolved());
        assert_eq!(l[3].carried[1].resolved_on, Some(d(10, 30)));
        assert_eq!(l[3].carried[1].handler, "甲", "an update keeps the handler");
        assert_eq!(l[3].carried[1].files, [0, 3]);
        assert!(!l[3].carried[0].resolved());
        assert!(l.iter().all(|q| q.problems.is_empty()));
    }

    #[test]
    fn ids_are_unique_and_updates_only_reach_open_requests() {
        use RequestStatus::*;
        let v = village(vec![
            vec![
                new("A", d(1, 2), Resolved),
                new("A", d(1, 3), Received),
                new("2025-q1-3", d(1, 1), Received),
            ],
            vec![
                update("A", Received, None),
                update("2025-q1-3", Handled, None),
                update("2025-q1-3", FollowedUp, None),
                update("Z", Handled, None),
                new("B", d(4, 2), Received),
            ],
        ]);
        let l = ledgers(&v);
        // Numbered by date; the second `A` is reported.
        let dup: Vec<&str> = l[0]
            .problems
            .iter()
            .filter_map(|p| match p {
                Problem::DuplicateId { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(dup, ["A"]);
        assert_eq!(ids(&l[0].new), ["2025-q1-3", "A", "A"]);
        assert!(matches!(
            l[1].problems[0],
            Problem::UpdateOfResolved { resolved_in, .. } if resolved_in.quarter == 1
        ));
        assert!(matches!(l[1].problems[1], Problem::UpdatedTwice { .. }));
        assert!(matches!(&l[1].problems[2], Problem::UnknownId { open, .. } if open.len() == 2));
        assert!(matches!(l[1].roles[4], Role::New { .. }));
        assert_eq!(ids(&l[1].new), ["B"]);
    }

    #[test]
    fn a_derived_id_that_an_earlier_request_wrote_is_a_duplicate() {
        use RequestStatus::*;
        let v = village(vec![
            vec![new("2025-q2-1", d(1, 2), Received)],
            vec![new("", d(4, 2), Received)],
        ]);
        let l = ledgers(&v);
        assert!(matches!(
            &l[1].problems[0],
            Problem::DuplicateId { id, first_in, .. } if id == "2025-q2-1" && first_in.quarter == 1
        ));
    }
}
