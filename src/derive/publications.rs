//! What the town has published: one [`Publication`] per village period, with the date its
//! notice went up and a one-line headline of its figures, newest first.
//!
//! The Atom feed lists them in this order; the sitemap and `data.json` give each period the
//! same date ([`PeriodReport::published_on`]). Dates come from the data (the review's
//! `posted_on`), never from the clock, so the same content always gives the same files.

use super::period::PeriodReport;
use super::village::VillageReport;
use crate::model::Period;
use chrono::NaiveDate;
use serde::Serialize;

/// The day a period's notice was published: the review's `posted_on` (张贴日期), or the last
/// day of the period when it published no accounts (and so has no review).
pub fn published_on(p: &Period) -> NaiveDate {
    p.accounts
        .as_ref()
        .and_then(|a| a.review.as_ref())
        .map_or_else(|| p.id.end(), |r| r.posted_on)
}

/// One published notice.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Publication {
    pub village_slug: String,
    pub village_name: String,
    pub period_slug: String,
    pub period_label: String,
    pub published_on: NaiveDate,
    /// The period's figures in one line (see [`headline`]).
    pub headline: String,
}

/// Every period of every village, newest first (then by village and period folder name, so
/// that notices posted on the same day always come in the same order).
pub fn publications(villages: &[VillageReport]) -> Vec<Publication> {
    let mut list: Vec<Publication> = villages
        .iter()
        .flat_map(|v| v.period_reports.iter())
        .map(|r| Publication {
            village_slug: r.village_slug.clone(),
            village_name: r.village_name.clone(),
            period_slug: r.period.slug.clone(),
            period_label: r.period.label.clone(),
            published_on: r.published_on,
            headline: headline(r),
        })
        .collect();
    newest_first(&mut list);
    list
}

/// Newest first; on the same day by village, then the later period first.
fn newest_first(list: &mut [Publication]) {
    list.sort_by(|a, b| {
        b.published_on
            .cmp(&a.published_on)
            .then_with(|| a.village_slug.cmp(&b.village_slug))
            .then_with(|| b.period_slug.cmp(&a.period_slug))
    });
}

/// The headline figures of a period in one sentence, as a feed reader shows it:
/// `收入 ¥1.00，支出 ¥2.00，期末结余 ¥3.00；受理群众诉求 4 件，落实 3 件；评议 92.5 分(优秀)；干部满意率 95.0%。`
pub fn headline(r: &PeriodReport) -> String {
    let mut parts = Vec::new();
    match &r.summary {
        Some(s) => parts.push(format!(
            "收入 {}，支出 {}，期末结余 {}",
            s.income.yuan(),
            s.expense.yuan(),
            s.closing.yuan()
        )),
        None => parts.push("本期未公开账单".to_string()),
    }
    if let Some(p) = &r.performance {
        parts.push(format!(
            "受理群众诉求 {} 件，落实 {} 件",
            p.counts.received, p.counts.resolved
        ));
        if let Some(e) = &p.evaluation {
            parts.push(format!("评议 {} 分({})", e.score, e.result));
        }
    }
    if let Some(c) = &r.conduct {
        parts.push(format!("干部满意率 {}", c.overall_rate));
    }
    format!("{}。", parts.join("；"))
}

/// The address of the Atom feed, or "" when there is nothing to announce or no base URL to
/// announce it from (a feed needs absolute links).
pub fn feed_url(base_url: &str, publications: &[Publication]) -> String {
    if base_url.is_empty() || publications.is_empty() {
        return String::new();
    }
    format!("{}/feed.xml", base_url.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccountsFile, PeriodId, Review};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn period(review: Option<NaiveDate>, with_accounts: bool) -> Period {
        Period {
            id: PeriodId {
                year: 2025,
                quarter: 3,
            },
            accounts: with_accounts.then(|| AccountsFile {
                review: review.map(|posted_on| Review {
                    reviewed_by: vec![],
                    reviewed_on: posted_on,
                    posted_on,
                    days: 10,
                    opinion: String::new(),
                }),
                ..AccountsFile::default()
            }),
            performance: None,
            conduct: None,
            notes: None,
            files: vec![],
            present: vec![],
        }
    }

    #[test]
    fn a_notice_is_published_on_its_posting_day_else_at_the_end_of_its_period() {
        let posted = date(2025, 10, 8);
        assert_eq!(published_on(&period(Some(posted), true)), posted);
        assert_eq!(published_on(&period(None, true)), date(2025, 9, 30));
        assert_eq!(published_on(&period(None, false)), date(2025, 9, 30));
    }

    fn publication(village: &str, period: &str, on: NaiveDate) -> Publication {
        Publication {
            village_slug: village.into(),
            village_name: String::new(),
            period_slug: period.into(),
            period_label: String::new(),
            published_on: on,
            headline: String::new(),
        }
    }

    #[test]
    fn newest_first_then_by_village() {
        let mut list = vec![
            publication("b", "2025-q3", date(2025, 10, 8)),
            publication("a", "2025-q2", date(2025, 7, 9)),
            publication("a", "2025-q3", date(2025, 10, 8)),
            publication("a", "2025-q1", date(2025, 10, 8)),
        ];
        newest_first(&mut list);
        let order: Vec<(&str, &str)> = list
            .iter()
            .map(|p| (p.village_slug.as_str(), p.period_slug.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("a", "2025-q3"),
                ("a", "2025-q1"),
                ("b", "2025-q3"),
                ("a", "2025-q2")
            ]
        );
    }

    #[test]
    fn feed_only_with_a_base_url_and_something_published() {
        let p = publication("a", "2025-q3", date(2025, 10, 8));
        assert_eq!(
            feed_url("https://a.cn/x/", std::slice::from_ref(&p)),
            "https://a.cn/x/feed.xml"
        );
        assert_eq!(feed_url("", std::slice::from_ref(&p)), "");
        assert_eq!(feed_url("https://a.cn/", &[]), "");
    }
}
