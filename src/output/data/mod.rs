//! Open data: every period's figures as files anyone can download, open in Excel and check,
//! so the town office can compare villages in a spreadsheet and researchers need not copy
//! numbers out of web pages.
//!
//! - `<村>/<期>/data/`: the period's data package ([`package`]): one CSV file per table
//!   ([`tables`]) and a `datapackage.json` (Frictionless Tabular Data Package) describing them;
//! - `<村>/data.html` and `data.html`: the periods of a village, and of every village, with
//!   links to their packages; `data.json`: the town in one file for tools ([`index`]).
//!
//! The figures are the reports' (already masked for privacy at load), laid out as tables.

pub mod index;
pub mod package;
mod rows;
pub mod tables;

use super::{per_village, OutFile, Output, Site};
use crate::derive::period::PeriodReport;
use serde::Serialize;

/// A downloadable file as pages link to it.
#[derive(Debug, Clone, Serialize)]
pub struct DataFile {
    /// What it holds (收支明细 …).
    pub title: &'static str,
    /// Path from the site root.
    pub href: String,
    /// `CSV` or `JSON`.
    pub format: &'static str,
}

/// The folder of a period's package, from the site root.
pub fn package_dir(village: &str, period: &str) -> String {
    format!("{village}/{period}/data")
}

/// The files of a period's package: its tables, then `datapackage.json`. None for the page
/// of an earlier version of a corrected period: the package holds the current version.
pub fn period_files(r: &PeriodReport) -> Vec<DataFile> {
    if r.record.old_version.is_some() {
        return Vec::new();
    }
    let dir = package_dir(&r.village_slug, &r.period.slug);
    package::tables_of(r)
        .map(|t| DataFile {
            title: t.title,
            href: format!("{dir}/{}", t.file()),
            format: "CSV",
        })
        .chain(std::iter::once(DataFile {
            title: "数据说明",
            href: format!("{dir}/datapackage.json"),
            format: "JSON",
        }))
        .collect()
}

/// `<村>/<期>/data/*.csv` and `datapackage.json` for every period.
pub struct Packages;

impl Output for Packages {
    fn name(&self) -> &'static str {
        "公开数据包"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        let publisher = &site.report.site.publisher;
        per_village(&site.report.village_reports, |i, v| {
            let mut out = Vec::new();
            for (p, art) in v.period_reports.iter().zip(&site.art.periods[i]) {
                let dir = package_dir(&v.slug, &p.period.slug);
                for (name, bytes) in package::package_files(p, publisher, &art.url)? {
                    out.push((format!("{dir}/{name}"), bytes));
                }
            }
            Ok(out)
        })
    }
}
