//! The town print (全镇打印版): `print/<期>/index.html`, every village's notice of one period,
//! each starting on a new sheet, and a last sheet naming the villages that have not published.
//! The notices are the very HTML the villages' own print pages place (laid out once).

use super::{render_value, to_value, value_of, OutFile, Output, Site};

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
                        let art = &site.art.periods[vi][pi];
                        value_of(vec![
                            ("p", art.page.clone()),
                            ("notice_html", art.notice_html.clone()),
                        ])
                    })
                    .collect::<Vec<_>>();
                let page = value_of(vec![
                    ("period", to_value(&print.period)?),
                    ("notices", tera::Value::from(notices)),
                    ("notice_count", print.notice_count.into()),
                    ("missing", to_value(&print.missing)?),
                ]);
                render_value(
                    site.tera,
                    &format!("print/{}/index.html", print.period.slug),
                    "print_all.html",
                    page,
                    None,
                )
            })
            .collect()
    }
}
