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

/// The whole build. On any error nothing is written and the old site stays as it was.
pub fn build(opts: &Options) -> Result<Report, Diagnostics> {
    let (town, diags) = check(&opts.content);
    let Some(mut town) = town.filter(|_| !diags.has_errors()) else {
        return Err(diags);
    };
    if let Some(url) = &opts.base_url {
        if let Some(problem) = crate::validate::base_url_problem(url) {
            let mut d = diags;
            d.file_error(
                "--base-url",
                problem,
                Some("例如 --base-url https://sanshai.example.cn/"),
            );
            return Err(d);
        }
        town.site.base_url = url.clone();
    }
    if !town.site.base_url.is_empty() && !town.site.base_url.ends_with('/') {
        town.site.base_url.push('/');
    }
    let theme = match &opts.theme {
        Some(dir) => Theme::overlay(dir).map_err(|e| {
            let mut d = Diagnostics::new();
            d.file_error(&dir.display().to_string(), e, None);
            d
        })?,
        None => Theme::default_theme(),
    };
    let files = render_town(&town, &theme)?;
    if !opts.allow_removal {
        let dropped = dropped_periods(&opts.output, &files);
        if !dropped.is_empty() {
            let mut d = diags;
            d.file_error(
                &opts.output.display().to_string(),
                format!(
                    "这次生成会撤下网站上已经公开的 {} 期: {}",
                    dropped.len(),
                    dropped.join("、")
                ),
                Some("已公开的内容不应悄悄消失:检查 --content 是否指对了文件夹、这些文件夹是否被误删;确实要撤下时加 --allow-removal"),
            );
            return Err(d);
        }
    }
    let pages = files.iter().filter(|(p, _)| p.ends_with(".html")).count();
    crate::write::write_site(&opts.output, &files, &town.site.keep).map_err(|e| {
        let mut d = Diagnostics::new();
        d.file_error(&opts.output.display().to_string(), e, None);
        d
    })?;
    Ok(Report {
        pages,
        files: files.len(),
        warnings: diags,
    })
}
