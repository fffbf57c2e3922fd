//! `feed.xml`: an Atom feed (RFC 4287) of the published notices, newest first, so that
//! villagers' relatives far away and journalists learn when a new notice is out without
//! visiting the site. Every page links it from its head.
//!
//! A feed needs absolute links, so it is made only when the site has a base URL (and
//! something is published): [`crate::derive::publications::feed_url`] decides, and the pages
//! link it only then. Ids are the period pages' addresses, stable from build to build; dates
//! are the days the notices were posted (the review's `posted_on`, at 00:00 China time), never
//! the build's clock, so the same content gives the same feed. Text from the YAML is escaped
//! by the XML writer, and characters XML cannot hold at all are dropped first ([`xml_text`]).

use super::{OutFile, Output, Site};
use crate::derive::publications::Publication;
use atom_syndication::{Category, FixedDateTime, Generator, Link, Person, Text, WriteConfig};
use chrono::{FixedOffset, NaiveDate};

/// China Standard Time, UTC+8: the time zone of the posting dates.
const CHINA: i32 = 8 * 3600;

/// `text` without the characters XML 1.0 forbids (controls other than tab and line breaks,
/// U+FFFE, U+FFFF); everything else is escaped when written.
pub fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || (c >= ' '
                    && !('\u{7f}'..='\u{9f}').contains(&c)
                    && c != '\u{fffe}'
                    && c != '\u{ffff}')
        })
        .collect()
}

/// Midnight of `day`, China time.
pub fn china_midnight(day: NaiveDate) -> FixedDateTime {
    let tz = FixedOffset::east_opt(CHINA).expect("a valid offset");
    day.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_local_timezone(tz)
        .single()
        .expect("a fixed offset has one local time")
}

fn link(href: String, rel: &str, mime: &str, title: Option<&str>) -> Link {
    Link {
        href: xml_text(&href),
        rel: rel.to_string(),
        mime_type: Some(mime.to_string()),
        title: title.map(str::to_string),
        ..Link::default()
    }
}

fn entry(base: &str, p: &Publication) -> atom_syndication::Entry {
    let page = format!("{base}{}/{}/", p.village_slug, p.period_slug);
    let on = china_midnight(p.published_on);
    atom_syndication::Entry {
        title: Text::plain(xml_text(&format!(
            "{} {}「三晒」公开",
            p.village_name, p.period_label
        ))),
        id: xml_text(&page),
        updated: on,
        published: Some(on),
        summary: Some(Text::plain(xml_text(&p.headline))),
        categories: vec![Category {
            term: p.village_slug.clone(),
            label: Some(xml_text(&p.village_name)),
            ..Category::default()
        }],
        links: vec![
            link(page.clone(), "alternate", "text/html", None),
            link(
                format!("{page}print.html"),
                "related",
                "text/html",
                Some("公开栏打印版"),
            ),
            link(
                format!("{page}data/datapackage.json"),
                "related",
                "application/json",
                Some("本期数据 (datapackage.json)"),
            ),
        ],
        ..atom_syndication::Entry::default()
    }
}

/// The feed's bytes, or `None` when the site makes no feed.
pub fn feed_xml(site: &Site) -> Result<Option<Vec<u8>>, String> {
    let r = site.report;
    let (Some(newest), false) = (r.publications.first(), r.site.feed_url.is_empty()) else {
        return Ok(None);
    };
    let base = format!("{}/", r.site.base_url.trim_end_matches('/'));
    let feed = atom_syndication::Feed {
        title: Text::plain(xml_text(&r.site.title)),
        subtitle: Some(Text::plain(xml_text(&format!(
            "{}{}各村晒业绩、晒账单、晒作风的每一期公开",
            r.site.county, r.site.town
        )))),
        id: xml_text(&base),
        updated: china_midnight(newest.published_on),
        authors: vec![Person {
            name: xml_text(&r.site.publisher),
            uri: Some(xml_text(&base)),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "sanshai".into(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        links: vec![
            link(
                r.site.feed_url.clone(),
                "self",
                "application/atom+xml",
                None,
            ),
            link(base.clone(), "alternate", "text/html", None),
        ],
        lang: Some("zh-CN".into()),
        entries: r.publications.iter().map(|p| entry(&base, p)).collect(),
        ..atom_syndication::Feed::default()
    };
    let config = WriteConfig {
        write_document_declaration: true,
        indent_size: Some(1),
    };
    let mut bytes = feed
        .write_with_config(Vec::new(), config)
        .map_err(|e| format!("feed.xml: {e}"))?;
    bytes.push(b'\n');
    Ok(Some(bytes))
}

/// `feed.xml`.
pub struct Feed;

impl Output for Feed {
    fn name(&self) -> &'static str {
        "feed.xml"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        Ok(feed_xml(site)?
            .map(|b| ("feed.xml".to_string(), b))
            .into_iter()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_cannot_hold_are_dropped() {
        assert_eq!(xml_text("a\u{0}b\u{1b}c\u{fffe}"), "abc");
        assert_eq!(xml_text("甲 <村> & \"乙\"\n\t"), "甲 <村> & \"乙\"\n\t");
    }

    #[test]
    fn posting_days_are_midnight_china_time() {
        let d = NaiveDate::from_ymd_opt(2025, 10, 8).unwrap();
        assert_eq!(china_midnight(d).to_rfc3339(), "2025-10-08T00:00:00+08:00");
    }
}
