//! Rendering parts of the site from the kept reports, using the outputs as they are.
//!
//! Outputs take a whole town report and return every file they make. To make only one
//! village's files they are run on a copy of the report that holds that village alone
//! ([`village_view`]) and its own drawings; to make the town page, on a copy holding no
//! village ([`town_view`]). Which outputs may be rendered in part is said by [`reach`], by
//! output name: an output not listed there is rendered whole after every change, which is
//! always right and only slower.

use crate::derive::town::TownReport;
use crate::diag::Diagnostics;
use crate::output::{self, Artifacts, OutFile, Output, Site, Theme};
use std::collections::BTreeSet;
use std::mem::take;
use tera::Tera;

/// How an output is brought up to date after a change in some villages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Its files under `<村>/` come from that village's report alone, and its other files (the
    /// town page, the 404 page, the theme's files) read no village report: rendered at once,
    /// for the changed villages and the town.
    PerVillage,
    /// The town print: every file holds one period of every village. Slow on a large county,
    /// so it is rendered after the changed pages are served, and only for the periods whose
    /// notices changed.
    TownPrint,
    /// Anything else (data files of the whole town, feeds, an output this list does not know):
    /// rendered whole after the changed pages are served. Always right, never on the way.
    Deferred,
}

/// Names of the outputs rendered per village (see [`Reach::PerVillage`]).
pub const PER_VILLAGE: &[&str] = &[
    "网页",
    "公开栏打印版",
    "连心卡",
    "接待日日历",
    "公开数据包",
    "更正前的版本",
    "静态文件",
];
pub const TOWN_PRINT: &str = "全镇打印版";

pub fn reach(output: &dyn Output) -> Reach {
    let name = output.name();
    if PER_VILLAGE.contains(&name) {
        Reach::PerVillage
    } else if name == TOWN_PRINT {
        Reach::TownPrint
    } else {
        Reach::Deferred
    }
}

/// A copy of the report holding village `i` alone (no other village, no cards, ranking or
/// prints): what that village's pages read. Outputs run on it make that village's files.
pub fn village_view(report: &mut TownReport, i: usize) -> TownReport {
    let cards = take(&mut report.villages);
    let ranking = take(&mut report.ranking);
    let mut view = town_view(report);
    report.villages = cards;
    report.ranking = ranking;
    view.village_reports = vec![report.village_reports[i].clone()];
    view
}

/// A copy of the report without village reports and prints: what the town's own pages (the
/// town page, the 404 page) read.
pub fn town_view(report: &mut TownReport) -> TownReport {
    let villages = take(&mut report.village_reports);
    let prints = take(&mut report.prints);
    let view = report.clone();
    report.village_reports = villages;
    report.prints = prints;
    view
}

/// Runs `f` on the report with only the town prints of `periods` (by slug), then puts the
/// others back.
pub fn with_prints<R>(
    report: &mut TownReport,
    periods: &[String],
    f: impl FnOnce(&TownReport) -> R,
) -> R {
    let prints = take(&mut report.prints);
    report.prints = prints
        .iter()
        .filter(|p| periods.contains(&p.period.slug))
        .cloned()
        .collect();
    let result = f(report);
    report.prints = prints;
    result
}

/// The files of `outputs`, on the report and drawings as they are.
pub fn run(
    outputs: &[&dyn Output],
    report: &TownReport,
    art: &Artifacts,
    tera: &Tera,
    theme: &Theme,
) -> Result<Vec<OutFile>, Diagnostics> {
    let site = Site {
        report,
        tera,
        theme,
        art,
    };
    let mut files = Vec::new();
    let mut diags = Diagnostics::new();
    for output in outputs {
        match output.files(&site) {
            Ok(f) => files.extend(f),
            Err(e) => theme_error(&mut diags, format!("{}: {e}", output.name())),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(files)
}

/// A problem of the theme or of rendering, as the build reports it.
pub fn theme_error(diags: &mut Diagnostics, message: String) {
    diags.file_error("themes", message, Some("检查主题模板"));
}

/// The whole site as `build::render_town` makes it, sorted by path; also the template engine
/// and the drawings, kept for later partial renders, and the paths made by each kind of output
/// that is rendered after the changed pages.
pub struct Whole {
    pub tera: Tera,
    pub art: Artifacts,
    pub files: Vec<OutFile>,
    pub deferred_paths: BTreeSet<String>,
    pub print_paths: BTreeSet<String>,
    /// Files of the per-village outputs outside the villages' folders and the theme's
    /// `static/` (the town page, the 404 page).
    pub town_paths: BTreeSet<String>,
}

pub fn whole(report: &TownReport, theme: &Theme) -> Result<Whole, Diagnostics> {
    let fail = |e: String| {
        let mut d = Diagnostics::new();
        theme_error(&mut d, e);
        d
    };
    let tera = output::theme::engine(theme, &report.site).map_err(fail)?;
    let art = Artifacts::draw(report, &tera).map_err(fail)?;
    let mut files = Vec::new();
    let (mut deferred_paths, mut print_paths) = (BTreeSet::new(), BTreeSet::new());
    let mut town_paths = BTreeSet::new();
    let slugs: BTreeSet<&str> = report
        .village_reports
        .iter()
        .map(|v| v.slug.as_str())
        .collect();
    let town_own = |p: &str| {
        let top = p.split('/').next().unwrap_or_default();
        !slugs.contains(top) && top != "static"
    };
    for &o in output::OUTPUTS {
        let made = run(&[o], report, &art, &tera, theme)?;
        let paths = made.iter().map(|(p, _)| p.clone());
        match reach(o) {
            Reach::Deferred => deferred_paths.extend(paths),
            Reach::TownPrint => print_paths.extend(paths),
            Reach::PerVillage => town_paths.extend(paths.filter(|p| town_own(p))),
        }
        files.extend(made);
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = files.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(fail(format!("两个输出都要写 {}", w[0].0)));
    }
    Ok(Whole {
        tera,
        art,
        files,
        deferred_paths,
        print_paths,
        town_paths,
    })
}
