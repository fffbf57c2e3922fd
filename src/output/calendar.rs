//! `<村>/reception.ics`: each village's reception days, 联系日 and duty rota for the current
//! and next quarter as an iCalendar file (RFC 5545) that a phone's calendar imports, linked
//! from the village page.
//!
//! Every event has a UID made of the village, the schedule's place in the list and the date,
//! and DTSTAMP is the window's first day (see `calc::schedule`), never the build's clock, so
//! the same content gives the same file and a re-import updates events instead of doubling
//! them. Times are floating local times: the events happen at the written hour wherever the
//! phone is set, which in a village is China time anyway.

use super::{OutFile, Output, Site};
use crate::derive::contact::{ContactReport, ICS_FILE};
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

pub struct Calendars;

impl Output for Calendars {
    fn name(&self) -> &'static str {
        "接待日日历"
    }
    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        let mut out = Vec::new();
        for v in &site.report.village_reports {
            if v.contact.ics.is_empty() {
                continue;
            }
            let text = calendar(&v.name, &v.contact)?;
            out.push((format!("{}/{ICS_FILE}", v.slug), text.into_bytes()));
        }
        Ok(out)
    }
}

fn at(d: NaiveDate, minutes: u32) -> Result<chrono::NaiveDateTime, String> {
    NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
        .map(|t| d.and_time(t))
        .ok_or_else(|| format!("时间 {minutes} 分钟不对"))
}

/// The calendar of one village.
pub fn calendar(village: &str, c: &ContactReport) -> Result<String, String> {
    let stamp = c
        .stamp
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Utc.from_utc_datetime(&t))
        .ok_or("日历没有起始日期")?;
    let mut cal = Calendar::empty();
    cal.append_property(icalendar::Property::new("VERSION", "2.0"));
    cal.append_property(icalendar::Property::new(
        "PRODID",
        "-//sanshai//三晒公开//ZH",
    ));
    cal.append_property(icalendar::Property::new("CALSCALE", "GREGORIAN"));
    cal.name(&format!("{village}接待日和值班"));
    for e in &c.events {
        let mut ev = Event::new();
        ev.uid(&format!("{}@sanshai", e.uid))
            .timestamp(stamp)
            .summary(&e.summary)
            .location(&e.place);
        if !e.description.is_empty() {
            ev.description(&e.description);
        }
        match e.hours {
            Some((a, b)) => {
                ev.starts(at(e.date, a)?).ends(at(e.date, b)?);
            }
            None => {
                let next = e.date.succ_opt().ok_or("日期超出范围")?;
                ev.starts(e.date).ends(next);
            }
        }
        cal.push(ev.done());
    }
    Ok(cal.done().to_string())
}
