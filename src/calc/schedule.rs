//! Schedule rules expanded into concrete dates: the reception days, 联系日 and duty rotas of
//! a village between two days, holidays skipped (or moved to the replacement day the
//! schedule names), and who is on duty each time.
//!
//! The window never depends on the clock: it starts on `site.yaml`'s `schedule_from` or on
//! the day after the newest quarter in the content, and covers that quarter and the next, so
//! the same content always gives the same pages, cards and calendar files.

use crate::model::{Holiday, PeriodId, Rule, Schedule, Town};
use chrono::{Datelike, Days, NaiveDate};
use std::collections::BTreeMap;

/// One concrete date of a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub date: NaiveDate,
    /// The rule's own date when this one replaces a holiday.
    pub moved_from: Option<NaiveDate>,
    /// Who is on duty (all `people`, or the one whose turn it is).
    pub people: Vec<String>,
}

/// A date of the rule that falls on a holiday and is not held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub date: NaiveDate,
    pub holiday: String,
}

/// The first and last day shown: the quarter starting at the anchor and the next one.
pub fn window(town: &Town) -> Option<(NaiveDate, NaiveDate)> {
    let from = town
        .site
        .schedule_from
        .or_else(|| crate::calc::terms::reference_date(town).and_then(|d| d.succ_opt()))?;
    Some((from, window_end(from)?))
}

/// The last day of the quarter after the one containing `from`.
pub fn window_end(from: NaiveDate) -> Option<NaiveDate> {
    let q = PeriodId {
        year: from.year(),
        quarter: from.month0() / 3 + 1,
    };
    let next = if q.quarter == 4 {
        PeriodId {
            year: q.year.checked_add(1)?,
            quarter: 1,
        }
    } else {
        PeriodId {
            year: q.year,
            quarter: q.quarter + 1,
        }
    };
    (1900..=2200).contains(&next.year).then(|| next.end())
}

/// Whether `d` is a date of `rule`.
pub fn matches(rule: &Rule, d: NaiveDate) -> bool {
    match rule {
        Rule::Weekly(days) => days.contains(&d.weekday()),
        Rule::Monthly { nth, weekday } => {
            if d.weekday() != *weekday {
                return false;
            }
            let index = (d.day() - 1) / 7 + 1;
            if *nth == 5 {
                // The last one: a week later is in the next month.
                d.checked_add_days(Days::new(7))
                    .is_none_or(|n| n.month() != d.month())
            } else {
                index == u32::from(*nth)
            }
        }
        Rule::Market(digits) => digits.iter().any(|&x| d.day() % 10 == u32::from(x)),
        Rule::MonthDays(days) => days.contains(&d.day()),
    }
}

/// The dates of `s` from `from` to `to` (inclusive), with holidays (`holidays`: the town's
/// and the village's) skipped or replaced, and the skipped ones apart.
pub fn expand(
    s: &Schedule,
    from: NaiveDate,
    to: NaiveDate,
    holidays: &BTreeMap<NaiveDate, String>,
) -> (Vec<Occurrence>, Vec<Skipped>) {
    let mut dates: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    let mut skipped = Vec::new();
    let mut d = from;
    while d <= to {
        if matches(&s.rule, d) {
            match holidays.get(&d) {
                None => dates.push((d, None)),
                Some(name) => match s.replacements.iter().find(|r| r.date == d) {
                    Some(r) => dates.push((r.to, Some(d))),
                    None => skipped.push(Skipped {
                        date: d,
                        holiday: name.clone(),
                    }),
                },
            }
        }
        let Some(next) = d.succ_opt() else { break };
        d = next;
    }
    dates.sort();
    dates.dedup_by_key(|x| x.0);
    let occurrences = dates
        .into_iter()
        .enumerate()
        .map(|(i, (date, moved_from))| Occurrence {
            date,
            moved_from,
            people: if s.rota && !s.people.is_empty() {
                vec![s.people[i % s.people.len()].clone()]
            } else {
                s.people.clone()
            },
        })
        .collect();
    (occurrences, skipped)
}

/// The holidays of the town and of one village, by date (the village's name wins).
pub fn holidays(site: &[Holiday], village: &[Holiday]) -> BTreeMap<NaiveDate, String> {
    site.iter()
        .chain(village)
        .map(|h| {
            let name = if h.name.trim().is_empty() {
                "节假日".to_string()
            } else {
                h.name.trim().to_string()
            };
            (h.date, name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hours, Replacement};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn schedule(rule: &str, people: &[&str], rota: bool) -> Schedule {
        Schedule {
            name: "接待日".into(),
            rule: Rule::parse(rule).unwrap(),
            hours: Hours(None),
            place: "村部".into(),
            people: people.iter().map(|p| p.to_string()).collect(),
            rota,
            replacements: Vec::new(),
            note: String::new(),
        }
    }

    fn dates(o: &[Occurrence]) -> Vec<NaiveDate> {
        o.iter().map(|o| o.date).collect()
    }

    #[test]
    fn weekly_monthly_and_market_days() {
        let none = BTreeMap::new();
        let (o, _) = expand(
            &schedule("每周三", &[], false),
            d(2026, 1, 1),
            d(2026, 1, 31),
            &none,
        );
        assert_eq!(
            dates(&o),
            [
                d(2026, 1, 7),
                d(2026, 1, 14),
                d(2026, 1, 21),
                d(2026, 1, 28)
            ]
        );
        let (o, _) = expand(
            &schedule("每月第一个周五", &[], false),
            d(2026, 1, 1),
            d(2026, 3, 31),
            &none,
        );
        assert_eq!(dates(&o), [d(2026, 1, 2), d(2026, 2, 6), d(2026, 3, 6)]);
        let (o, _) = expand(
            &schedule("每月最后一个周一", &[], false),
            d(2026, 3, 1),
            d(2026, 3, 31),
            &none,
        );
        assert_eq!(dates(&o), [d(2026, 3, 30)]);
        let (o, _) = expand(
            &schedule("逢三、六、九", &[], false),
            d(2026, 1, 1),
            d(2026, 1, 31),
            &none,
        );
        let days: Vec<u32> = o.iter().map(|o| o.date.day()).collect();
        assert_eq!(days, [3, 6, 9, 13, 16, 19, 23, 26, 29]);
    }

    #[test]
    fn holidays_are_skipped_or_moved_and_the_rota_turns() {
        let mut s = schedule("每周三", &["甲", "乙"], true);
        let mut hol = BTreeMap::new();
        hol.insert(d(2026, 1, 14), "休息日".to_string());
        hol.insert(d(2026, 1, 21), "另一个".to_string());
        s.replacements.push(Replacement {
            date: d(2026, 1, 21),
            to: d(2026, 1, 22),
        });
        let (o, skipped) = expand(&s, d(2026, 1, 1), d(2026, 1, 31), &hol);
        assert_eq!(dates(&o), [d(2026, 1, 7), d(2026, 1, 22), d(2026, 1, 28)]);
        assert_eq!(o[1].moved_from, Some(d(2026, 1, 21)));
        assert_eq!(skipped[0].date, d(2026, 1, 14));
        let who: Vec<&str> = o.iter().map(|o| o.people[0].as_str()).collect();
        assert_eq!(who, ["甲", "乙", "甲"]);
    }

    #[test]
    fn the_window_is_this_quarter_and_the_next() {
        assert_eq!(window_end(d(2026, 1, 1)), Some(d(2026, 6, 30)));
        assert_eq!(window_end(d(2025, 11, 20)), Some(d(2026, 3, 31)));
    }
}
