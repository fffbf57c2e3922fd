//! The two commands, `check` and `build`, as library functions: load → validate → derive →
//! output → write, stopping before anything is written when there is an error.

use crate::diag::Diagnostics;
use crate::load;
use crate::model::Town;
use crate::output::{self, OutFile, Theme};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Options {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// A theme folder laid over the built-in default theme.
    pub theme: Option<PathBuf>,
    /// Lets the build drop villages or periods the site in `output` has published.
    pub allow_removal: bool,
}

/// What a successful build produced.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub warnings: Diagnostics,
}

/// Loads and validates; returns the town (when loaded) and every problem.
pub fn check(content: &Path) -> (Option<Town>, Diagnostics) {
    let (town, mut diags) = load::load(content);
    if let Some(town) = &town {
        diags.extend(crate::validate::validate(town));
    }
    (town, diags)
}

/// Derives the reports of a checked town and renders every output: (path, bytes) pairs,
/// sorted by path.
pub fn render_town(town: &Town, theme: &Theme) -> Result<Vec<OutFile>, Diagnostics> {
    let report = crate::derive::town::town_report(town);
    output::render_site(&report, theme)
}

/// `村/期` of every period the site now in `output` published (by its `build-info.json`)
/// that `files` no longer has.
fn dropped_periods(output: &Path, files: &[OutFile]) -> Vec<String> {
    fn periods(bytes: &[u8]) -> Vec<String> {
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) else {
            return Vec::new();
        };
        let list = v["periods"].as_array().cloned().unwrap_or_default();
        list.iter()
            .filter_map(|p| {
                Some(format!(
                    "{}/{}",
                    p["village"].as_str()?,
                    p["period"].as_str()?
                ))
            })
            .collect()
    }
    let Ok(old) = std::fs::read(output.join("build-info.json")) else {
        return Vec::new();
    };
    let new = files
        .iter()
        .find(|(p, _)| p == "build-info.json")
        .map(|(_, b)| periods(b))
        .unwrap_or_default();
    periods(&old)
        .into_iter()
        .filter(|p| !new.contains(p))
        .collect()
}

/// The register head the site now in `output` printed (its `build-info.json`), when the
/// register being built no longer holds that record: records were deleted or rewritten, which
/// the register alone cannot show when they were the last ones.
fn lost_register_head(output: &Path, town: &Town) -> Option<String> {
    let old = std::fs::read(output.join("build-info.json")).ok()?;
    let info: serde_json::Value = serde_json::from_slice(&old).ok()?;
    let head = info["register"]["head"].as_str()?;
    let records = town.register.as_ref().map_or(&[][..], |r| &r.records[..]);
    (!head.is_empty() && !records.iter().any(|r| r.hash == head)).then(|| head.to_string())
}

/// Without a base URL the site has no absolute addresses: no feed, sitemap, robots.txt or QR
/// codes are made. Said once per build, as a warning, since a site for local viewing is fine.
fn no_base_url_warning(content: &Path) -> crate::diag::Diagnostic {
    crate::diag::Diagnostic {
        severity: crate::diag::Severity::Warning,
        file: content.join("site.yaml").display().to_string(),
        line: 0,
        col: 0,
        message: "没有写网站地址 base_url:不生成新公开提醒 feed.xml、sitemap.xml 和 robots.txt,打印版和连心卡没有二维码".into(),
        hint: Some("在 site.yaml 写 base_url: https://…/,或生成时加 --base-url https://…/".into()),
    }
}

/// One town made ready to write: its files (sorted by path), its report's row for a county
/// page, and its warnings.
pub(crate) struct TownBuild {
    pub files: Vec<OutFile>,
    pub row: crate::derive::county::TownRow,
    pub keep: Vec<String>,
    pub warnings: Diagnostics,
}

/// Loads, checks, derives and renders the town in `content`, as `sanshai build` does, with
/// the published-site guards read from the site now at `published` (its own folder).
pub(crate) fn make_town(
    content: &Path,
    county: Option<&crate::derive::town::CountyLink>,
    base_url: Option<&str>,
    theme: &Theme,
    published: &Path,
    allow_removal: bool,
) -> Result<TownBuild, Diagnostics> {
    let (town, mut diags) = check(content);
    let Some(mut town) = town.filter(|_| !diags.has_errors()) else {
        return Err(diags);
    };
    if let Some(url) = base_url {
        if let Some(problem) = crate::validate::base_url_problem(url) {
            let mut d = diags;
            d.file_error(
                "--base-url",
                problem,
                Some("例如 --base-url https://sanshai.example.cn/"),
            );
            return Err(d);
        }
        town.site.base_url = url.to_string();
    }
    if !town.site.base_url.is_empty() && !town.site.base_url.ends_with('/') {
        town.site.base_url.push('/');
    }
    if town.site.base_url.is_empty() {
        diags.push(no_base_url_warning(content));
    }
    let mut report = crate::derive::town::town_report(&town);
    report.site.county_link = county.cloned();
    let row = crate::derive::county::town_row(
        &content
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        &report,
    );
    let files = output::render_site(&report, theme)?;
    drop(report);
    if !allow_removal {
        let dropped = dropped_periods(published, &files);
        if !dropped.is_empty() {
            let mut d = diags;
            d.file_error(
                &published.display().to_string(),
                format!(
                    "这次生成会撤下网站上已经公开的 {} 期: {}",
                    dropped.len(),
                    dropped.join("、")
                ),
                Some("已公开的内容不应悄悄消失:检查 --content 是否指对了文件夹、这些文件夹是否被误删;确实要撤下时加 --allow-removal"),
            );
            return Err(d);
        }
        if let Some(head) = lost_register_head(published, &town) {
            let mut d = diags;
            d.file_error(
                &content.join(crate::model::record::REGISTER_FILE).display().to_string(),
                format!(
                    "网站上已公开的登记簿最新编号 {} 在现在的公开登记簿里找不到:登记簿的记录被删掉或改写过",
                    &head[..16.min(head.len())]
                ),
                Some("从版本库(git)里找回 published.yaml 和 published/;确实换了内容文件夹、要重新开始登记时加 --allow-removal"),
            );
            return Err(d);
        }
    }
    Ok(TownBuild {
        files,
        row,
        keep: town.site.keep.clone(),
        warnings: diags,
    })
}

/// The theme of a build: the default one, or `dir` laid over it.
pub(crate) fn load_theme(dir: Option<&Path>) -> Result<Theme, Diagnostics> {
    match dir {
        Some(dir) => Theme::overlay(dir).map_err(|e| {
            let mut d = Diagnostics::new();
            d.file_error(&dir.display().to_string(), e, None);
            d
        }),
        None => Ok(Theme::default_theme()),
    }
}

/// The whole build. On any error nothing is written and the old site stays as it was. A
/// county (a content folder with `county.yaml`) is built town by town (see [`crate::county`]).
pub fn build(opts: &Options) -> Result<Report, Diagnostics> {
    if crate::county::is_county(&opts.content) {
        return crate::county::build(opts);
    }
    let theme = load_theme(opts.theme.as_deref())?;
    let made = make_town(
        &opts.content,
        None,
        opts.base_url.as_deref(),
        &theme,
        &opts.output,
        opts.allow_removal,
    )?;
    let pages = made
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count();
    crate::write::with_staging(&opts.output, &made.keep, |stage| {
        stage.put_all("", &made.files)
    })
    .map_err(|e| {
        let mut d = Diagnostics::new();
        d.file_error(&opts.output.display().to_string(), e, None);
        d
    })?;
    Ok(Report {
        pages,
        files: made.files.len(),
        warnings: made.warnings,
    })
}
