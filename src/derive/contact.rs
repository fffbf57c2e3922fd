//! The contact system of a village as its page, contact card and notice show it: each
//! schedule with its concrete dates in the window of `calc::schedule` (holidays skipped or
//! moved, who is on duty), the "几组的事找谁" directory by 村民小组 (网格, 网格长, 包户干部,
//! contact members, number of households: never a household's name or number), and the
//! members' service promises.

use crate::calc::schedule::{self, Occurrence};
use crate::model::*;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

/// One concrete date of a schedule.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `1月7日 周三`.
    pub date: String,
    /// Who is on duty ("" when the schedule names nobody).
    pub people: String,
    /// `元旦顺延` style note when the date replaces a holiday, else "".
    pub note: String,
}

/// A schedule as the village page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleView {
    pub name: String,
    /// The rule and hours: `每周三 上午 9:00-12:00`.
    pub when: String,
    pub place: String,
    pub people: String,
    pub rota: bool,
    pub note: String,
    /// The next date (`1月7日`), "" when none falls in the window.
    pub next: String,
    pub dates: Vec<DateView>,
    /// `1月1日(元旦)` for each date skipped.
    pub skipped: Vec<String>,
    /// The whole window: `2026年1月1日至2026年6月30日`.
    pub window: String,
}

/// One 村民小组 of the who-to-call directory.
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryRow {
    /// e.g. 三组.
    pub group: String,
    pub grid: String,
    pub leader: String,
    /// The 网格长's phone when they are a cadre with one.
    pub leader_phone: String,
    /// 包户干部 ("" when not written).
    pub cadre: String,
    pub cadre_phone: String,
    /// Contact Party members for the group.
    pub members: String,
    /// `18 户` (households linked in the group) or `全网格 102 户`.
    pub households: String,
}

/// A member's published service promise.
#[derive(Debug, Clone, Serialize)]
pub struct PromiseView {
    pub name: String,
    pub grid: String,
    pub households: usize,
    pub promise: String,
}

/// The contact system of one village.
#[derive(Debug, Clone, Serialize)]
pub struct ContactReport {
    pub schedules: Vec<ScheduleView>,
    pub directory: Vec<DirectoryRow>,
    pub promises: Vec<PromiseView>,
    /// File name of the village's calendar (`reception.ics`), "" when it has no schedule.
    pub ics: String,
    /// Every date of every schedule, for the calendar file.
    #[serde(skip)]
    pub events: Vec<CalendarEvent>,
    /// The first day of the window: the calendar's DTSTAMP, so that it depends on the content
    /// only.
    #[serde(skip)]
    pub stamp: Option<NaiveDate>,
}

/// One date of a schedule as the calendar file holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// `<village>-<schedule no>-<yyyymmdd>`: the same date of the same schedule keeps its id
    /// from build to build.
    pub uid: String,
    pub date: NaiveDate,
    /// Start and end, minutes after midnight (local time); `None` for all day.
    pub hours: Option<(u32, u32)>,
    /// e.g. 青龙村 村干部接待日.
    pub summary: String,
    pub place: String,
    /// Who is on duty and the note.
    pub description: String,
}

/// The village's calendar file, beside its page.
pub const ICS_FILE: &str = "reception.ics";

const WEEK: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// `1月7日`.
pub fn month_day(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

fn week(w: Weekday) -> &'static str {
    WEEK[w.num_days_from_monday() as usize]
}

/// The rule in words: `每周三`, `每月第一个周五`, `逢三、六、九`, `每月1日、15日`.
pub fn rule_label(r: &Rule) -> String {
    r.label()
}

fn when(s: &Schedule) -> String {
    s.when()
}

/// The occurrences of every schedule of `v` in the town's window, in schedule order.
pub fn occurrences(town: &Town, v: &Village) -> Vec<(Vec<Occurrence>, Vec<schedule::Skipped>)> {
    let Some((from, to)) = schedule::window(town) else {
        return v
            .info
            .schedules
            .iter()
            .map(|_| Default::default())
            .collect();
    };
    let holidays = schedule::holidays(&town.site.holidays, &v.info.holidays);
    v.info
        .schedules
        .iter()
        .map(|s| schedule::expand(s, from, to, &holidays))
        .collect()
}

fn schedule_view(
    s: &Schedule,
    (occ, skipped): &(Vec<Occurrence>, Vec<schedule::Skipped>),
    window: &str,
    holidays: &std::collections::BTreeMap<NaiveDate, String>,
) -> ScheduleView {
    ScheduleView {
        name: s.name.trim().to_string(),
        when: when(s),
        place: s.place.trim().to_string(),
        people: s.people.join("、"),
        rota: s.rota,
        note: s.note.trim().to_string(),
        next: occ.first().map(|o| month_day(o.date)).unwrap_or_default(),
        dates: occ
            .iter()
            .map(|o| DateView {
                date: format!("{} {}", month_day(o.date), week(o.date.weekday())),
                people: o.people.join("、"),
                note: o
                    .moved_from
                    .map(|m| {
                        let name = holidays.get(&m).cloned().unwrap_or_default();
                        format!("{}{name}改到这天", month_day(m))
                    })
                    .unwrap_or_default(),
            })
            .collect(),
        skipped: skipped
            .iter()
            .map(|k| format!("{}({})", month_day(k.date), k.holiday))
            .collect(),
        window: window.to_string(),
    }
}

/// The card's line for the first schedule, with its place (so the place comes before the next
/// date): `每周三 上午 9:00-12:00,村部;下次 1月7日`, and no separate place.
pub fn card_line(c: &ContactReport) -> Option<(String, String)> {
    let s = c.schedules.first()?;
    let line = if s.next.is_empty() {
        format!("{},{}", s.when, s.place)
    } else {
        format!("{},{}；下次 {}", s.when, s.place, s.next)
    };
    Some((line, String::new()))
}

/// One line per schedule for the notice: `村干部接待日:每周三 上午 9:00-12:00,在村部;下次 1月7日`.
pub fn notice_lines(c: &ContactReport) -> Vec<String> {
    c.schedules
        .iter()
        .map(|s| {
            let next = if s.next.is_empty() {
                String::new()
            } else {
                format!("；下次 {}", s.next)
            };
            format!("{}：{}，在{}{next}", s.name, s.when, s.place)
        })
        .collect()
}

fn phone_of(v: &Village, name: &str, reference: Option<NaiveDate>) -> String {
    v.info
        .cadres
        .iter()
        .filter(|c| crate::calc::terms::current(c, reference))
        .find(|c| c.name.trim() == name.trim())
        .map(|c| c.phone.clone())
        .unwrap_or_default()
}

fn directory(v: &Village, reference: Option<NaiveDate>) -> Vec<DirectoryRow> {
    let mut rows = Vec::new();
    for g in &v.info.grid {
        let groups: Vec<String> = if g.groups.is_empty() {
            vec![String::new()]
        } else {
            g.groups.iter().map(|x| x.trim().to_string()).collect()
        };
        for group in groups {
            let links: Vec<&MemberLinks> = g
                .members
                .iter()
                .filter_map(Member::links)
                .filter(|l| l.group.trim() == group)
                .collect();
            let (members, households) = if links.is_empty() {
                let names: Vec<&str> = g.members.iter().map(Member::name).collect();
                (names.join("、"), format!("全网格 {} 户", g.households))
            } else {
                let names: Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
                let n: usize = links.iter().map(|l| l.households.len()).sum();
                (names.join("、"), format!("{n} 户"))
            };
            rows.push(DirectoryRow {
                group: group.clone(),
                grid: g.name.clone(),
                leader: g.leader.clone(),
                leader_phone: phone_of(v, &g.leader, reference),
                cadre: g.cadre.trim().to_string(),
                cadre_phone: phone_of(v, &g.cadre, reference),
                members,
                households,
            });
        }
    }
    rows
}

pub fn contact_report(town: &Town, v: &Village, reference: Option<NaiveDate>) -> ContactReport {
    let window = schedule::window(town)
        .map(|(a, b)| format!("{}至{}", cn_date(a), cn_date(b)))
        .unwrap_or_default();
    let holidays = schedule::holidays(&town.site.holidays, &v.info.holidays);
    let schedules: Vec<ScheduleView> = v
        .info
        .schedules
        .iter()
        .zip(occurrences(town, v))
        .map(|(s, o)| schedule_view(s, &o, &window, &holidays))
        .collect();
    let promises = v
        .info
        .grid
        .iter()
        .flat_map(|g| {
            g.members
                .iter()
                .filter_map(Member::links)
                .map(|l| PromiseView {
                    name: l.name.clone(),
                    grid: g.name.clone(),
                    households: l.households.len(),
                    promise: l.promise.trim().to_string(),
                })
        })
        .filter(|p| !p.promise.is_empty())
        .collect();
    let events = v
        .info
        .schedules
        .iter()
        .zip(occurrences(town, v))
        .enumerate()
        .flat_map(|(i, (s, (occ, _)))| {
            occ.into_iter().map(move |o| CalendarEvent {
                uid: format!("{}-{}-{}", v.slug, i + 1, o.date.format("%Y%m%d")),
                date: o.date,
                hours: s.hours.0,
                summary: format!("{} {}", v.info.name.trim(), s.name.trim()),
                place: s.place.trim().to_string(),
                description: [
                    (!o.people.is_empty()).then(|| format!("值班:{}", o.people.join("、"))),
                    (!s.note.trim().is_empty()).then(|| s.note.trim().to_string()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(";"),
            })
        })
        .collect();
    ContactReport {
        events,
        stamp: schedule::window(town).map(|w| w.0),
        ics: if schedules.is_empty() {
            String::new()
        } else {
            ICS_FILE.to_string()
        },
        schedules,
        directory: directory(v, reference),
        promises,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_labelled_as_said() {
        for text in [
            "每周三",
            "每月第一个周五",
            "逢三、六、九",
            "每月1日、15日",
            "每月最后一个周一",
        ] {
            assert_eq!(rule_label(&Rule::parse(text).unwrap()), text);
        }
        assert_eq!(
            rule_label(&Rule::parse("每月第二个星期五").unwrap()),
            "每月第二个周五"
        );
    }
}
