//! The promise of 党员联户 measured on the visit log: every linked household visited at least
//! once in every two weeks. A quarter is cut into 14-day windows from its first day; the days
//! left over at its end (fewer than 14) form no window, since no promise falls due in them.
//! A grid's coverage is the share of (linked household, window) pairs with a visit, which is
//! also the mean of its windows' shares.

use crate::model::{GridCell, MustVisitEvent, PeriodId, Visit, VisitKind};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Days in one window of the promise.
pub const WINDOW_DAYS: i64 = 14;

/// A household: its 村民小组 and its 户号 inside the group.
pub type Household = (String, u32);

/// The coverage of one grid in one quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCoverage {
    /// Households linked to the grid's members.
    pub linked: usize,
    /// Per window: first day, last day, linked households visited in it.
    pub windows: Vec<(NaiveDate, NaiveDate, usize)>,
    /// Pairs visited, and pairs due (linked × windows).
    pub covered: usize,
    pub due: usize,
}

impl GridCoverage {
    /// Covered ÷ due in thousandths, rounded down; `None` when nothing is due.
    pub fn permille(&self) -> Option<u32> {
        if self.due == 0 {
            return None;
        }
        let p = self.covered.checked_mul(1000)? / self.due;
        u32::try_from(p).ok()
    }
}

/// The households linked to the members of `g`.
pub fn linked(g: &GridCell) -> BTreeSet<Household> {
    g.members
        .iter()
        .filter_map(|m| m.links())
        .flat_map(|l| {
            l.households
                .iter()
                .map(|&n| (l.group.trim().to_string(), n))
        })
        .collect()
}

/// The 14-day windows of quarter `p`.
pub fn windows(p: PeriodId) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = p.start();
    while let Some(end) = start.checked_add_signed(chrono::Duration::days(WINDOW_DAYS - 1)) {
        if end > p.end() {
            break;
        }
        out.push((start, end));
        match end.succ_opt() {
            Some(s) => start = s,
            None => break,
        }
    }
    out
}

/// The coverage of grid `g` in quarter `p` from the visits of the quarter.
pub fn coverage<'a>(
    g: &GridCell,
    p: PeriodId,
    visits: impl Iterator<Item = &'a Visit> + Clone,
) -> GridCoverage {
    let linked = linked(g);
    let mut out = GridCoverage {
        linked: linked.len(),
        windows: Vec::new(),
        covered: 0,
        due: 0,
    };
    for (a, b) in windows(p) {
        let seen: BTreeSet<Household> = visits
            .clone()
            .filter(|v| v.date >= a && v.date <= b)
            .flat_map(|v| {
                v.households
                    .iter()
                    .map(|&n| (v.group.trim().to_string(), n))
            })
            .filter(|h| linked.contains(h))
            .collect();
        out.covered = out.covered.saturating_add(seen.len());
        out.due = out.due.saturating_add(linked.len());
        out.windows.push((a, b, seen.len()));
    }
    out
}

/// Whether a 三必访 visit to the event's household was made on or after its day.
pub fn answered(e: &MustVisitEvent, visits: &[&Visit]) -> Option<NaiveDate> {
    visits
        .iter()
        .filter(|v| v.kind == VisitKind::MustVisit && v.date >= e.date)
        .filter(|v| v.group.trim() == e.group.trim() && v.households.contains(&e.household))
        .map(|v| v.date)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Member, MemberLinks};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn visit(date: NaiveDate, group: &str, households: &[u32]) -> Visit {
        Visit {
            date,
            by: "甲".into(),
            group: group.into(),
            households: households.to_vec(),
            kind: VisitKind::Routine,
            case: None,
            raised: String::new(),
            request: String::new(),
        }
    }

    #[test]
    fn a_quarter_has_six_full_windows_and_coverage_counts_pairs() {
        let q4 = PeriodId {
            year: 2025,
            quarter: 4,
        };
        let w = windows(q4);
        assert_eq!(w.len(), 6);
        assert_eq!(w[0], (d(10, 1), d(10, 14)));
        assert_eq!(w[5].1, d(12, 23));
        let g = GridCell {
            name: "一".into(),
            leader: "甲".into(),
            households: 10,
            groups: vec!["一组".into()],
            cadre: String::new(),
            members: vec![Member::Full(MemberLinks {
                name: "甲".into(),
                group: "一组".into(),
                households: vec![1, 2],
                promise: String::new(),
            })],
        };
        // Window 1: both; window 2: one (twice); household 9 is not linked; the rest none.
        let vs = [
            visit(d(10, 2), "一组", &[1, 2, 9]),
            visit(d(10, 15), "一组", &[1]),
            visit(d(10, 20), "一组", &[1]),
            visit(d(12, 30), "一组", &[1, 2]),
        ];
        let c = coverage(&g, q4, vs.iter());
        assert_eq!(c.linked, 2);
        assert_eq!((c.covered, c.due), (3, 12));
        assert_eq!(c.permille(), Some(250));
    }
}
