//! The contact system of the sample town, checked against figures worked out here from the
//! YAML alone: each village's `reception.ics` read back with a real iCalendar parser holds
//! exactly the dates of its rules (holidays skipped or moved), the village page shows the next
//! dates, the who-to-call directory and the promises, the period page shows each grid's
//! two-weekly visit coverage, and no household is identified anywhere in the output.

mod support;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde_norway::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use support::*;

fn date(v: &Value) -> NaiveDate {
    let s = v
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| format!("{v:?}"));
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").unwrap_or_else(|_| panic!("date {s}"))
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// The first day after the newest quarter of the content, and the end of the next quarter.
fn window(content: &Path) -> (NaiveDate, NaiveDate) {
    let newest = period_folders(content)
        .into_iter()
        .map(|(_, p)| p)
        .max()
        .unwrap();
    let (y, q) = newest.split_once("-q").unwrap();
    let (y, q): (i32, u32) = (y.parse().unwrap(), q.parse().unwrap());
    let (y1, q1) = if q == 4 { (y + 1, 1) } else { (y, q + 1) };
    let from = NaiveDate::from_ymd_opt(y1, (q1 - 1) * 3 + 1, 1).unwrap();
    let (y2, q2) = if q1 == 4 { (y1 + 1, 1) } else { (y1, q1 + 1) };
    let after = if q2 == 4 {
        NaiveDate::from_ymd_opt(y2 + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y2, q2 * 3 + 1, 1)
    };
    (from, after.unwrap().pred_opt().unwrap())
}

const WEEK: [(&str, Weekday); 7] = [
    ("一", Weekday::Mon),
    ("二", Weekday::Tue),
    ("三", Weekday::Wed),
    ("四", Weekday::Thu),
    ("五", Weekday::Fri),
    ("六", Weekday::Sat),
    ("日", Weekday::Sun),
];
const DIGITS: &str = "十一二三四五六七八九";

/// Whether `d` is a date of the sample's rules (the forms the sample uses).
fn on_rule(rule: &str, d: NaiveDate) -> bool {
    let weekday = |s: &str| WEEK.iter().find(|(c, _)| s.ends_with(c)).unwrap().1;
    if let Some(rest) = rule.strip_prefix("每周") {
        return rest.split('、').any(|p| weekday(p) == d.weekday());
    }
    if let Some(rest) = rule.strip_prefix("每月第") {
        let (n, day) = rest.split_once("个").unwrap();
        let n = DIGITS.chars().position(|c| n.starts_with(c)).unwrap() as u32;
        return d.weekday() == weekday(day) && (d.day() - 1) / 7 + 1 == n;
    }
    if let Some(rest) = rule.strip_prefix("逢") {
        return rest
            .chars()
            .filter_map(|c| DIGITS.chars().position(|x| x == c))
            .any(|x| d.day() % 10 == x as u32);
    }
    panic!("rule form not in the sample: {rule}");
}

/// The dates of each schedule of a village, as the rules, holidays and replacements say.
fn expected_dates(content: &Path, village: &Value) -> Vec<Vec<NaiveDate>> {
    let site = yaml(&content.join("site.yaml"));
    let holidays: BTreeSet<NaiveDate> = site["holidays"]
        .as_sequence()
        .into_iter()
        .flatten()
        .chain(village["holidays"].as_sequence().into_iter().flatten())
        .map(|h| date(&h["date"]))
        .collect();
    let (from, to) = window(content);
    let mut out = Vec::new();
    for s in village["schedules"].as_sequence().unwrap() {
        let moved: BTreeMap<NaiveDate, NaiveDate> = s["replacements"]
            .as_sequence()
            .into_iter()
            .flatten()
            .map(|r| (date(&r["date"]), date(&r["to"])))
            .collect();
        let mut dates = BTreeSet::new();
        let mut d = from;
        while d <= to {
            if on_rule(&text(&s["rule"]), d) {
                if !holidays.contains(&d) {
                    dates.insert(d);
                } else if let Some(to) = moved.get(&d) {
                    dates.insert(*to);
                }
            }
            d += Duration::days(1);
        }
        out.push(dates.into_iter().collect());
    }
    out
}

fn villages(content: &Path) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = fs::read_dir(content.join("villages"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| {
            let slug = e.file_name().to_string_lossy().to_string();
            let v = yaml(&e.path().join("village.yaml"));
            (slug, v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn each_calendar_parses_and_holds_the_dates_of_its_rules() {
    let content = root().join("content");
    let (_tmp, out) = build_into(&content);
    let mut checked = 0;
    for (slug, v) in villages(&content) {
        let expected = expected_dates(&content, &v);
        let path = out.join(&slug).join("reception.ics");
        let file = fs::File::open(&path).unwrap_or_else(|_| panic!("{slug}: no reception.ics"));
        let mut calendars = ical::IcalParser::new(std::io::BufReader::new(file));
        let cal = calendars.next().expect("one calendar").expect("parses");
        assert!(calendars.next().is_none());
        let mut found: Vec<Vec<NaiveDate>> = vec![Vec::new(); expected.len()];
        let mut uids = BTreeSet::new();
        for e in &cal.events {
            let prop = |name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_else(|| panic!("{slug}: event without {name}"))
            };
            let uid = prop("UID");
            assert!(uids.insert(uid.clone()), "{slug}: UID {uid} twice");
            // <village>-<schedule no>-<yyyymmdd>@sanshai
            let mut parts = uid.trim_end_matches("@sanshai").rsplitn(3, '-');
            let day = parts.next().unwrap();
            let no: usize = parts.next().unwrap().parse().unwrap();
            let start = prop("DTSTART");
            assert!(start.starts_with(day), "{slug}: {uid} starts {start}");
            assert_eq!(prop("DTSTAMP"), "20260101T000000Z");
            assert!(!prop("LOCATION").is_empty());
            found[no - 1].push(NaiveDate::parse_from_str(&start[..8], "%Y%m%d").unwrap());
        }
        for f in &mut found {
            f.sort();
        }
        assert_eq!(found, expected, "{slug}");
        checked += expected.iter().map(Vec::len).sum::<usize>();
        // The village page links the calendar and shows each schedule's next date.
        let page = fs::read_to_string(out.join(&slug).join("index.html")).unwrap();
        assert!(page.contains("href=\"reception.ics\""), "{slug}");
        for dates in &expected {
            let next = dates[0];
            let shown = format!("下次：<strong>{}月{}日</strong>", next.month(), next.day());
            assert!(page.contains(&shown), "{slug}: {shown}");
        }
        // The contact card prints the first schedule's next date.
        let cards = fs::read_to_string(out.join(&slug).join("cards.html")).unwrap();
        let next = expected[0][0];
        assert!(
            cards.contains(&format!("下次 {}月{}日", next.month(), next.day())),
            "{slug}: card"
        );
    }
    assert!(checked > 100, "only {checked} dates");
    // The sample skips holidays: the Wednesday of the Spring Festival moves to 2月24日.
    let (_, ql) = villages(&content)
        .into_iter()
        .find(|(s, _)| s == "qinglong")
        .unwrap();
    let weekly = &expected_dates(&content, &ql)[0];
    assert!(weekly.contains(&NaiveDate::from_ymd_opt(2026, 2, 24).unwrap()));
    assert!(!weekly.contains(&NaiveDate::from_ymd_opt(2026, 2, 18).unwrap()));
}

#[test]
fn the_village_page_has_the_directory_by_group_and_the_promises() {
    let content = root().join("content");
    let (_tmp, out) = build_into(&content);
    for (slug, v) in villages(&content) {
        let page = fs::read_to_string(out.join(&slug).join("index.html")).unwrap();
        assert!(page.contains("id=\"zhaoshui\""), "{slug}");
        for g in v["grid"].as_sequence().unwrap() {
            for group in g["groups"].as_sequence().unwrap() {
                let group = text(group);
                // Households linked in the group, summed from the members' lists.
                let n: usize = g["members"]
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .filter(|m| text(&m["group"]) == group)
                    .map(|m| m["households"].as_sequence().unwrap().len())
                    .sum();
                let row = format!("{group}的事</th>");
                let at = page.find(&row).unwrap_or_else(|| panic!("{slug}: {row}"));
                let rest = &page[at..];
                let end = rest.find("</tr>").unwrap();
                assert!(rest[..end].contains(&format!("{n} 户")), "{slug} {group}");
            }
            for m in g["members"].as_sequence().unwrap() {
                let promise = text(&m["promise"]);
                if !promise.is_empty() {
                    assert!(page.contains(&promise), "{slug}: promise");
                }
            }
        }
    }
}

/// Coverage of each grid in one quarter: (grid name, covered pairs, due pairs).
fn coverage(
    village: &Value,
    perf: &Value,
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<(String, usize, usize)> {
    let mut windows = Vec::new();
    let mut a = start;
    while a + Duration::days(13) <= end {
        windows.push((a, a + Duration::days(13)));
        a += Duration::days(14);
    }
    let visits: Vec<(NaiveDate, String, Vec<u64>)> = perf["visits"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|x| {
            let hh = x["households"].as_sequence().unwrap();
            (
                date(&x["date"]),
                text(&x["group"]),
                hh.iter().map(|n| n.as_u64().unwrap()).collect(),
            )
        })
        .collect();
    let mut out = Vec::new();
    for g in village["grid"].as_sequence().unwrap() {
        let linked: BTreeSet<(String, u64)> = g["members"]
            .as_sequence()
            .unwrap()
            .iter()
            .flat_map(|m| {
                let group = text(&m["group"]);
                m["households"]
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .map(move |n| (group.clone(), n.as_u64().unwrap()))
            })
            .collect();
        let mut covered = 0;
        for (a, b) in &windows {
            let seen: BTreeSet<(String, u64)> = visits
                .iter()
                .filter(|(d, ..)| d >= a && d <= b)
                .flat_map(|(_, g, hh)| hh.iter().map(move |n| (g.clone(), *n)))
                .filter(|h| linked.contains(h))
                .collect();
            covered += seen.len();
        }
        out.push((text(&g["name"]), covered, linked.len() * windows.len()));
    }
    out
}

#[test]
fn the_period_page_shows_the_coverage_worked_out_from_the_visit_log() {
    let content = root().join("content");
    let (_tmp, out) = build_into(&content);
    let mut town_household_visits = 0;
    let mut grids = 0;
    for (slug, v) in villages(&content) {
        let perf = yaml(
            &content
                .join("villages")
                .join(&slug)
                .join("2025-q4/performance.yaml"),
        );
        let start = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        let page = fs::read_to_string(out.join(&slug).join("2025-q4/index.html")).unwrap();
        let section = &page[page.find("id=\"zoufang\"").expect("visits section")..];
        for (name, covered, due) in coverage(&v, &perf, start, end) {
            assert!(due > 0);
            let permille = covered * 1000 / due;
            let rate = format!("{}.{}%", permille / 10, permille % 10);
            let at = section
                .find(&format!("data-label=\"网格\">{name}</th>"))
                .unwrap_or_else(|| panic!("{slug}: {name}"));
            let row = &section[at..at + section[at..].find("</tr>").unwrap()];
            assert!(
                row.contains(&format!("{covered}/{due}")),
                "{slug} {name}: {covered}/{due}"
            );
            assert!(row.contains(&rate), "{slug} {name}: {rate}");
            grids += 1;
        }
        assert!(section.contains("chart-coverage"), "{slug}: chart");
        // 三必访 events answered: a 三必访 visit to the same household on or after the day.
        let visits = perf["visits"].as_sequence().unwrap();
        let events = perf["must_visit"].as_sequence().unwrap();
        let answered = events
            .iter()
            .filter(|e| {
                visits.iter().any(|x| {
                    text(&x["kind"]) == "三必访"
                        && text(&x["group"]) == text(&e["group"])
                        && date(&x["date"]) >= date(&e["date"])
                        && x["households"]
                            .as_sequence()
                            .unwrap()
                            .iter()
                            .any(|n| n.as_u64() == e["household"].as_u64())
                })
            })
            .count();
        let said = format!("三必访事件 {} 起，已走访 {answered} 起", events.len());
        assert!(section.contains(&said), "{slug}: {said}");
        town_household_visits += perf["visits"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|x| x["households"].as_sequence().unwrap().len())
            .sum::<usize>();
    }
    assert_eq!(grids, 12);
    // The town page sums the villages' household visits of the ranked quarter.
    let town = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        town.contains(&format!("<strong>{town_household_visits}</strong> 户次")),
        "town total {town_household_visits}"
    );
}

/// Every (group, household number) written in the sample's grid and visit log.
fn households(content: &Path) -> BTreeSet<(String, u64)> {
    let mut out = BTreeSet::new();
    for (slug, v) in villages(content) {
        for g in v["grid"].as_sequence().unwrap() {
            for m in g["members"].as_sequence().unwrap() {
                for n in m["households"].as_sequence().into_iter().flatten() {
                    out.insert((text(&m["group"]), n.as_u64().unwrap()));
                }
            }
        }
        let perf = yaml(
            &content
                .join("villages")
                .join(&slug)
                .join("2025-q4/performance.yaml"),
        );
        for x in perf["visits"].as_sequence().unwrap() {
            for n in x["households"].as_sequence().unwrap() {
                out.insert((text(&x["group"]), n.as_u64().unwrap()));
            }
        }
    }
    out
}

#[test]
fn no_household_is_identified_in_the_output() {
    let content = root().join("content");
    let (_tmp, out) = build_into(&content);
    let written = households(&content);
    assert!(written.len() > 50);
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(body) = fs::read_to_string(entry.path()) else {
            continue;
        };
        for (group, n) in &written {
            for form in [
                format!("{group}{n}号"),
                format!("{group} {n}号"),
                format!("{group}第{n}户"),
                format!("{group}{n}户"),
            ] {
                assert!(!body.contains(&form), "{}: {form}", entry.path().display());
            }
        }
        assert!(!body.contains("户号"), "{}", entry.path().display());
    }
}

#[test]
fn a_visit_or_a_linked_household_cannot_carry_a_name_or_an_address() {
    let (_tmp, copy) = sample_unpublished();
    let perf = copy.join("villages/qinglong/2025-q4/performance.yaml");
    let text = fs::read_to_string(&perf).unwrap();
    let text = text.replacen(
        "kind: 回访,",
        "kind: 回访, name: 林某某, address: 青龙村一组8号,",
        1,
    );
    fs::write(&perf, text).unwrap();
    let village = copy.join("villages/qinglong/village.yaml");
    let text = fs::read_to_string(&village).unwrap();
    let text = text.replacen(
        "        group: 一组\n",
        "        group: 一组\n        household_names: [林某某]\n",
        1,
    );
    fs::write(&village, text).unwrap();
    let report = check_report(&copy);
    assert!(report.contains("performance.yaml:"), "{report}");
    assert!(report.contains("`name`"), "{report}");
    assert!(report.contains("`household_names`"), "{report}");
    assert!(report.contains("检查未通过"), "{report}");
}

/// What `sanshai check` prints for `content`.
fn check_report(content: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sanshai"))
        .arg("check")
        .arg("--content")
        .arg(content)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn the_schedule_window_follows_site_yaml_when_it_names_a_day() {
    let (_tmp, copy) = sample_unpublished();
    let site = copy.join("site.yaml");
    let text = fs::read_to_string(&site).unwrap() + "\nschedule_from: 2026-04-01\n";
    fs::write(&site, text).unwrap();
    let (_out_tmp, out) = build_into(&copy);
    let file = fs::File::open(out.join("qinglong/reception.ics")).unwrap();
    let cal = ical::IcalParser::new(std::io::BufReader::new(file))
        .next()
        .unwrap()
        .unwrap();
    let starts: Vec<String> = cal
        .events
        .iter()
        .flat_map(|e| e.properties.iter().filter(|p| p.name == "DTSTART"))
        .filter_map(|p| p.value.clone())
        .collect();
    assert!(!starts.is_empty());
    assert!(starts
        .iter()
        .all(|d| d.as_str() >= "20260401" && d.as_str() < "20261001"));
    assert!(starts.iter().any(|d| d.starts_with("202609")));
}
