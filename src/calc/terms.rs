//! Cadres' terms of office (任期) over time: the day the site's contact details are true on,
//! and the half year a conduct survey covers. Both the checks (who had to be surveyed, who
//! fits on the contact card) and the reports (who the village page and the card show) need
//! these, so they live here rather than in either stage.

use crate::model::{Cadre, PeriodId, Town};
use chrono::NaiveDate;

/// The day the village pages and contact cards describe: the end of the newest quarter any
/// village of the town has published. A cadre is shown as in office when in office on that
/// day. `None` when no village has a period yet.
///
/// The town's newest quarter, not the village's own, because `village.yaml` is kept current:
/// a village that has not yet published its last quarter still has today's cadres.
pub fn reference_date(town: &Town) -> Option<NaiveDate> {
    town.villages
        .iter()
        .flat_map(|v| v.periods.iter().map(|p| p.id))
        .max()
        .map(PeriodId::end)
}

/// Whether `c` is shown as in office on `reference` (with no reference date, every cadre
/// without a written `until` is).
pub fn current(c: &Cadre, reference: Option<NaiveDate>) -> bool {
    match reference {
        Some(d) => c.serves_on(d),
        None => c.until.is_none(),
    }
}

/// The first and last day of the half year that a conduct file of quarter `p` covers: January
/// to June for Q2, July to December for Q4 (for a quarter that holds no conduct file, the
/// half year it falls in).
pub fn half_year(p: PeriodId) -> (NaiveDate, NaiveDate) {
    let first = PeriodId {
        year: p.year,
        quarter: if p.quarter <= 2 { 1 } else { 3 },
    };
    let last = PeriodId {
        year: p.year,
        quarter: first.quarter + 1,
    };
    (first.start(), last.end())
}

/// The term as printed: `2023年1月1日至2025年11月14日`, `2025年11月17日起`, `至2025年11月14日`,
/// or "" when neither end is written.
pub fn term_label(c: &Cadre) -> String {
    use crate::model::cn_date;
    match (c.from, c.until) {
        (Some(f), Some(u)) => format!("{}至{}", cn_date(f), cn_date(u)),
        (Some(f), None) => format!("{}起", cn_date(f)),
        (None, Some(u)) => format!("至{}", cn_date(u)),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cadre(from: Option<NaiveDate>, until: Option<NaiveDate>) -> Cadre {
        Cadre {
            name: "甲".into(),
            role: "委员".into(),
            duties: String::new(),
            phone: String::new(),
            card_duty: String::new(),
            from,
            until,
            successor: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn both_ends_of_a_term_are_days_in_office() {
        let c = cadre(Some(d(2025, 8, 1)), Some(d(2025, 11, 14)));
        assert!(!c.serves_on(d(2025, 7, 31)));
        assert!(c.serves_on(d(2025, 8, 1)));
        assert!(c.serves_on(d(2025, 11, 14)));
        assert!(!c.serves_on(d(2025, 11, 15)));
        assert!(c.serves_during(d(2025, 1, 1), d(2025, 8, 1)));
        assert!(!c.serves_during(d(2025, 11, 15), d(2025, 12, 31)));
        assert!(cadre(None, None).serves_on(d(1990, 1, 1)));
    }

    #[test]
    fn without_a_reference_date_only_a_written_until_makes_a_former_cadre() {
        assert!(current(&cadre(None, None), None));
        assert!(current(&cadre(Some(d(2030, 1, 1)), None), None));
        assert!(!current(&cadre(None, Some(d(2020, 1, 1))), None));
        assert!(!current(
            &cadre(Some(d(2030, 1, 1)), None),
            Some(d(2025, 12, 31))
        ));
    }

    #[test]
    fn half_years_and_labels() {
        let q = |year, quarter| PeriodId { year, quarter };
        assert_eq!(half_year(q(2025, 2)), (d(2025, 1, 1), d(2025, 6, 30)));
        assert_eq!(half_year(q(2025, 4)), (d(2025, 7, 1), d(2025, 12, 31)));
        assert_eq!(half_year(q(2025, 3)), (d(2025, 7, 1), d(2025, 12, 31)));
        assert_eq!(
            term_label(&cadre(Some(d(2025, 11, 17)), None)),
            "2025年11月17日起"
        );
        assert_eq!(
            term_label(&cadre(Some(d(2023, 1, 1)), Some(d(2025, 11, 14)))),
            "2023年1月1日至2025年11月14日"
        );
        assert_eq!(term_label(&cadre(None, None)), "");
    }
}
