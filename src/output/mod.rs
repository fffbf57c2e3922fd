//! Outputs: each one turns the reports of `derive` into files of the built site.
//!
//! An output is one module implementing [`Output`]; [`OUTPUTS`] lists them all. Adding an
//! output (a data file, a feed) is one new module plus one line in that list: it receives the
//! town's reports, the theme's template engine and the drawings several outputs share, and
//! returns (path, bytes) pairs. Nothing here computes a figure: charts, QR codes and sanitised
//! notes are drawn once per period ([`Artifacts`]) and laid out by the web page, the notice and
//! the town print alike, so paper and web always agree.
//!
//! A town's files are returned together, sorted by path, so the preview server can serve the
//! same files a build writes. That holds one town at a time: a county is built town by town
//! (`crate::county`), each town's files streamed into the staging folder and dropped before
//! the next towns, and the county page ([`county`]) is laid out from one row per town.

pub mod build_info;
pub mod calendar;
pub mod cards;
pub mod charts;
pub mod county;
pub mod data;
pub mod feed;
pub mod markdown;
pub mod notice;
pub mod sitemap;
pub mod theme;
pub mod town_print;
pub mod versions;
pub mod web;

use crate::derive::period::PeriodReport;
use crate::derive::town::TownReport;
use crate::diag::Diagnostics;
use charts::{PeriodCharts, TownCharts, VillageCharts};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};
pub use theme::Theme;

/// A file of the built site: its path relative to the output folder and its bytes.
pub type OutFile = (String, Vec<u8>);

/// What every output reads.
pub struct Site<'a> {
    pub report: &'a TownReport,
    pub tera: &'a Tera,
    pub theme: &'a Theme,
    pub art: &'a Artifacts,
}

/// One kind of output: web pages, notices, contact cards, data files …
pub trait Output: Sync {
    /// What it makes, for messages (e.g. "公开栏打印版").
    fn name(&self) -> &'static str;
    /// Every file it makes.
    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String>;
}

/// Every output of a build. To add one: write its module and add it here.
pub const OUTPUTS: &[&dyn Output] = &[
    &web::WebPages,
    &notice::Notices,
    &town_print::TownPrints,
    &cards::Cards,
    &calendar::Calendars,
    &build_info::BuildInfo,
    &data::Packages,
    &data::index::DataIndex,
    &feed::Feed,
    &sitemap::Sitemap,
    &versions::OldVersions,
    &web::StaticFiles,
];

/// What one period's web page, notice and town print all show, drawn and laid out once.
pub struct PeriodArt {
    pub charts: PeriodCharts,
    /// `notes.md` as sanitised HTML.
    pub notes_html: Option<String>,
    /// Absolute address of the period's web page ("" without a base URL).
    pub url: String,
    /// QR code of `url` as inline SVG ("" without a base URL).
    pub qr_svg: String,
    /// The period page's model ([`web::PeriodPage`]) as a template value, made once and
    /// shared by the web page, the notice and the town print (cloning it shares it).
    pub page: tera::Value,
    /// The notice (`partials/notice.html`) laid out once, as a template value: the village's
    /// print page and the town print both place this very HTML.
    pub notice_html: tera::Value,
}

impl PeriodArt {
    /// Draws what the pages of period report `p` show and lays out its notice; the QR code
    /// and `url` lead to the period's page (for an earlier version too: readers are sent to
    /// the current one). `path` is where the notice's own print page goes.
    pub fn draw(
        tera: &Tera,
        site: &crate::derive::town::SiteInfo,
        p: &PeriodReport,
        path: &str,
    ) -> Result<PeriodArt, String> {
        let url = notice::period_url(&site.base_url, &p.village_slug, &p.period.slug);
        let charts = charts::period_charts(p)?;
        let notes_html = p.notes.as_deref().map(markdown::to_safe_html);
        let qr_svg = if url.is_empty() {
            String::new()
        } else {
            notice::qr_svg(&url)?
        };
        let page = to_value(&web::PeriodPage::new(p, &charts, notes_html.as_deref()))?;
        let notice = notice::notice_value(p, page.clone(), &url, &qr_svg, site.paper)?;
        let notice_html = render_value(tera, path, "partials/notice.html", notice, None)
            .map(|(_, html)| tera::Value::from(String::from_utf8_lossy(&html).as_ref()))?;
        Ok(PeriodArt {
            charts,
            notes_html,
            url,
            qr_svg,
            page,
            notice_html,
        })
    }
}

/// The drawings of the whole town, each made once per build.
pub struct Artifacts {
    /// Per village (in report order), per period (oldest first).
    pub periods: Vec<Vec<PeriodArt>>,
    pub villages: Vec<VillageCharts>,
    pub town: TownCharts,
}

impl Artifacts {
    pub fn draw(report: &TownReport, tera: &Tera) -> Result<Artifacts, String> {
        let per_village: Vec<Result<(Vec<PeriodArt>, VillageCharts), String>> = report
            .village_reports
            .par_iter()
            .map(|v| {
                let periods = v
                    .period_reports
                    .iter()
                    .map(|p| {
                        let path = format!("{}/{}/print.html", v.slug, p.period.slug);
                        PeriodArt::draw(tera, &report.site, p, &path)
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                Ok((periods, charts::village_charts(&v.periods)?))
            })
            .collect();
        let mut periods = Vec::with_capacity(per_village.len());
        let mut villages = Vec::with_capacity(per_village.len());
        for r in per_village {
            let (p, v) = r?;
            periods.push(p);
            villages.push(v);
        }
        let label = report
            .latest
            .as_ref()
            .map(|p| p.label.clone())
            .unwrap_or_default();
        Ok(Artifacts {
            periods,
            villages,
            town: charts::town_charts(&report.ranking, &label)?,
        })
    }
}

/// The relative prefix from a page at `path` back to the site root (`../../`).
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A model as a template value, made once and then shared by cloning.
pub fn to_value(model: &impl Serialize) -> Result<tera::Value, String> {
    tera::Value::try_from_serializable(model).map_err(|e| theme::error_chain(&e))
}

/// A template value of named fields, made of values that exist already (cloning a value
/// shares it, so a page made of earlier values costs no copy).
pub fn value_of(fields: Vec<(&'static str, tera::Value)>) -> tera::Value {
    let mut map = tera::Map::default();
    for (k, v) in fields {
        map.insert(k.into(), v);
    }
    tera::Value::from(map)
}

/// Renders `template` with `model` as `page` into the file at `path`. `root` overrides the
/// relative way back to the site root (the 404 page is served at any depth).
pub fn render_page(
    tera: &Tera,
    path: String,
    template: &str,
    model: &impl Serialize,
    root: Option<String>,
) -> Result<OutFile, String> {
    render_value(tera, &path, template, to_value(model)?, root).map(|(_, b)| (path, b))
}

/// [`render_page`] for a model that is a template value already.
pub fn render_value(
    tera: &Tera,
    path: &str,
    template: &str,
    page: tera::Value,
    root: Option<String>,
) -> Result<OutFile, String> {
    let mut ctx = Context::new();
    ctx.insert_value("page", page);
    ctx.insert("root", &root.unwrap_or_else(|| root_of(path)));
    ctx.insert("path", path);
    // Straight into bytes: the page is written as bytes, so it needs no UTF-8 check.
    let mut html = Vec::with_capacity(16 * 1024);
    match tera.render_to(template, &ctx, &mut html) {
        Ok(()) => Ok((path.to_string(), html)),
        Err(e) => Err(format!("渲染 {path} 失败: {}", theme::error_chain(&e))),
    }
}

/// Runs every output over the reports; the files come back sorted by path. Two outputs
/// claiming one path is a programming error and is reported, never resolved silently.
pub fn render_site(report: &TownReport, theme: &Theme) -> Result<Vec<OutFile>, Diagnostics> {
    let fail = |e: String| {
        let mut d = Diagnostics::new();
        d.file_error("themes", e, Some("检查主题模板"));
        d
    };
    let tera = theme::engine(theme, &report.site).map_err(fail)?;
    let art = Artifacts::draw(report, &tera).map_err(fail)?;
    let site = Site {
        report,
        tera: &tera,
        theme,
        art: &art,
    };
    let mut files = Vec::new();
    let mut diags = Diagnostics::new();
    for output in OUTPUTS {
        match output.files(&site) {
            Ok(f) => files.extend(f),
            Err(e) => diags.file_error(
                "themes",
                format!("{}: {e}", output.name()),
                Some("检查主题模板"),
            ),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = files.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(fail(format!("两个输出都要写 {}", w[0].0)));
    }
    Ok(files)
}

/// Runs `f` for every village in parallel and gathers the files (the first error wins).
pub fn per_village<T: Sync>(
    items: &[T],
    f: impl Fn(usize, &T) -> Result<Vec<OutFile>, String> + Sync,
) -> Result<Vec<OutFile>, String> {
    let parts: Vec<Result<Vec<OutFile>, String>> =
        items.par_iter().enumerate().map(|(i, x)| f(i, x)).collect();
    let mut out = Vec::new();
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}
