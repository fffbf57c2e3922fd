//! The county home page (`index.html` of a county's site): one row per town comparing the
//! towns on the period each ranks, with links to each town's own site (`<镇>/`), its
//! print-everything pages and its open data. It lays out [`CountyReport`] and computes
//! nothing; the towns' own pages are made by the town outputs, one town at a time.

use super::{render_page, OutFile, Theme};
use crate::derive::county::CountyReport;
use serde::Serialize;

/// The global `site` value of the county page.
#[derive(Serialize)]
struct CountySite<'a> {
    title: &'a str,
    county: &'a str,
    publisher: &'a str,
}

/// `index.html` and the theme's static files at the top of a county's site.
pub fn county_files(report: &CountyReport, theme: &Theme) -> Result<Vec<OutFile>, String> {
    let site = CountySite {
        title: &report.title,
        county: &report.name,
        publisher: &report.publisher,
    };
    let tera = super::theme::engine(theme, &site)?;
    let mut files = vec![render_page(
        &tera,
        "index.html".into(),
        "county.html",
        report,
        None,
    )?];
    files.extend(theme.statics.iter().map(|(p, b)| (p.clone(), b.clone())));
    Ok(files)
}
