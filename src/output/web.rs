//! The web site: the town page, one page per village, one page per period, the 404 page and
//! the theme's static files. Each page model is a report plus the charts drawn for it.

use super::charts::{PeriodCharts, TownCharts, VillageCharts};
use super::{per_village, render_page, render_value, OutFile, Output, Site};
use crate::derive::period::PeriodReport;
use crate::derive::town::TownReport;
use crate::derive::village::VillageReport;
use serde::Serialize;

/// A period page: the period's report, its charts and its notes as HTML. The notice lays out
/// the very same model (made into a template value once: [`super::PeriodArt::page`]).
#[derive(Serialize)]
pub struct PeriodPage<'a> {
    #[serde(flatten)]
    pub report: &'a PeriodReport,
    pub charts: &'a PeriodCharts,
    /// Sanitised HTML from `notes.md`.
    pub notes_html: Option<&'a str>,
    /// The period's downloadable data files (下载本期数据).
    pub data_files: Vec<super::data::DataFile>,
}

impl<'a> PeriodPage<'a> {
    pub fn new(
        report: &'a PeriodReport,
        charts: &'a PeriodCharts,
        notes_html: Option<&'a str>,
    ) -> PeriodPage<'a> {
        PeriodPage {
            report,
            charts,
            notes_html,
            data_files: super::data::period_files(report),
        }
    }
}

#[derive(Serialize)]
struct VillagePage<'a> {
    #[serde(flatten)]
    report: &'a VillageReport,
    charts: &'a VillageCharts,
}

#[derive(Serialize)]
struct TownPage<'a> {
    #[serde(flatten)]
    report: &'a TownReport,
    charts: &'a TownCharts,
}

/// `index.html`, `404.html`, `<村>/index.html` and `<村>/<期>/index.html`.
pub struct WebPages;

impl Output for WebPages {
    fn name(&self) -> &'static str {
        "网页"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        let r = site.report;
        let base = &r.site.base_url;
        let mut files = vec![
            render_page(
                site.tera,
                "index.html".into(),
                "town.html",
                &TownPage {
                    report: r,
                    charts: &site.art.town,
                },
                None,
            )?,
            render_page(
                site.tera,
                "404.html".into(),
                "404.html",
                &(),
                Some(base.clone()).filter(|u| !u.is_empty()),
            )?,
        ];
        files.extend(per_village(&r.village_reports, |i, v| {
            let mut out = Vec::with_capacity(1 + v.period_reports.len());
            out.push(render_page(
                site.tera,
                format!("{}/index.html", v.slug),
                "village.html",
                &VillagePage {
                    report: v,
                    charts: &site.art.villages[i],
                },
                None,
            )?);
            for (p, art) in v.period_reports.iter().zip(&site.art.periods[i]) {
                let path = format!("{}/{}/index.html", v.slug, p.period.slug);
                out.push(render_value(
                    site.tera,
                    &path,
                    "period.html",
                    art.page.clone(),
                    None,
                )?);
            }
            Ok(out)
        })?);
        Ok(files)
    }
}

/// The theme's `static/` files, copied as they are.
pub struct StaticFiles;

impl Output for StaticFiles {
    fn name(&self) -> &'static str {
        "静态文件"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        Ok(site
            .theme
            .statics
            .iter()
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect())
    }
}
