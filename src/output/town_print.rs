//! The town print (全镇打印版): `print/<期>/index.html`, every village's notice of one period,
//! each starting on a new sheet, and a last sheet naming the villages that have not published.
//! The notices are the same models the villages' own print pages lay out.

use super::notice::NoticeModel;
use super::{render_page, OutFile, Output, Site};
use crate::derive::period::PeriodRef;
use serde::Serialize;

#[derive(Serialize)]
struct TownPrintPage<'a> {
    period: &'a PeriodRef,
    notices: Vec<NoticeModel<'a>>,
    notice_count: usize,
    missing: &'a [String],
}

pub struct TownPrints;

impl Output for TownPrints {
    fn name(&self) -> &'static str {
        "全镇打印版"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        let r = site.report;
        r.prints
            .iter()
            .map(|print| {
                let notices = print
                    .notices
                    .iter()
                    .map(|&(vi, pi)| {
                        NoticeModel::new(
                            &r.village_reports[vi].period_reports[pi],
                            &site.art.periods[vi][pi],
                            r.site.paper,
                        )
                    })
                    .collect();
                render_page(
                    site.tera,
                    format!("print/{}/index.html", print.period.slug),
                    "print_all.html",
                    &TownPrintPage {
                        period: &print.period,
                        notices,
                        notice_count: print.notice_count,
                        missing: &print.missing,
                    },
                    None,
                )
            })
            .collect()
    }
}
