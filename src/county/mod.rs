//! A county of towns: `county.yaml` and `towns/<镇>/`, each town folder laid out exactly as a
//! single town's content folder. Checking and building go town by town — each town is loaded,
//! checked, derived, rendered, streamed into the staging folder under `<镇>/` and dropped
//! before the next ones — so memory is bounded by the towns in flight, not by the county, and
//! a town's print-everything page holds its tens of villages, never the county's thousand.
//!
//! The county adds a home page comparing the towns ([`crate::derive::county`]); every town's
//! own pages, print pages, open data and fingerprints are the town's site as before, under its
//! folder. A content folder without `county.yaml` is one town, built as it always was.

mod build;
pub mod inputs;

pub use build::build;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::load::read::FileCtx;
use crate::model::county::{CountyFile, COUNTY_FILE, TOWNS_DIR};
use rayon::prelude::*;
use std::path::Path;

/// A county's content folder as found: its file and its towns' folder names, sorted.
#[derive(Debug, Clone)]
pub struct County {
    pub file: CountyFile,
    /// `county.yaml` as written (part of every town's inputs: the county's address is theirs).
    pub bytes: Vec<u8>,
    pub towns: Vec<String>,
}

/// True when `content` is a county (it holds `county.yaml`).
pub fn is_county(content: &Path) -> bool {
    content.join(COUNTY_FILE).is_file()
}

fn show(content: &Path, rel: &str) -> String {
    format!(
        "{}/{rel}",
        content.display().to_string().trim_end_matches('/')
    )
}

/// Reads `county.yaml` and lists the towns; every problem is reported with its file and line.
pub fn read_county(content: &Path) -> (Option<County>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let display = show(content, COUNTY_FILE);
    let bytes = match std::fs::read(content.join(COUNTY_FILE)) {
        Ok(b) => b,
        Err(e) => {
            diags.file_error(&display, format!("无法读取文件: {e}"), None);
            return (None, diags);
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        diags.file_error(
            &display,
            "文件不是 UTF-8 编码",
            Some("用记事本打开,「另存为」时编码选 UTF-8"),
        );
        return (None, diags);
    };
    let tree = match crate::load::tree::parse(text.trim_start_matches('\u{feff}'), &display) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    let mut ctx = FileCtx {
        id: 0,
        display: &display,
        tree: &tree,
        diags: Diagnostics::new(),
    };
    let file = ctx
        .root_mapping()
        .and_then(|root| ctx.read::<CountyFile>(root, ""));
    diags.extend(std::mem::take(&mut ctx.diags));
    if let Some(f) = &file {
        if !f.base_url.is_empty() {
            if let Some(problem) = crate::validate::base_url_problem(&f.base_url) {
                diags.file_error(&display, format!("base_url: {problem}"), None);
            }
        }
    }
    let mut towns = Vec::new();
    match std::fs::read_dir(content.join(TOWNS_DIR)) {
        Ok(entries) => {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                let rel = format!("{TOWNS_DIR}/{name}");
                if !e.path().is_dir() {
                    diags.push(Diagnostic {
                        severity: Severity::Warning,
                        file: show(content, &rel),
                        line: 0,
                        col: 0,
                        message: "不认识的文件,没有发布".into(),
                        hint: Some("towns/ 里只放各镇的文件夹".into()),
                    });
                } else if !crate::load::valid_slug(&name) || name == "static" {
                    diags.file_error(
                        &show(content, &rel),
                        format!("镇文件夹名「{name}」不能用作网址"),
                        Some("文件夹名只用小写拼音字母、数字和连字符,如 xinzhen(static 留给样式文件)"),
                    );
                } else {
                    towns.push(name);
                }
            }
        }
        Err(e) => diags.file_error(
            &show(content, TOWNS_DIR),
            format!("找不到各镇的文件夹 towns/: {e}"),
            Some("县的内容文件夹里放 county.yaml 和 towns/<镇>/,每个镇的文件夹和单独一个镇的一样"),
        ),
    }
    towns.sort();
    if towns.is_empty() && !diags.has_errors() {
        diags.file_error(
            &show(content, TOWNS_DIR),
            "towns/ 里还没有镇",
            Some("每个镇一个文件夹: towns/<镇>/site.yaml 和 towns/<镇>/villages/"),
        );
    }
    let county = file
        .filter(|_| !diags.has_errors())
        .map(|file| County { file, bytes, towns });
    (county, diags)
}

/// `sanshai check` of a county: the county file, then every town as a town is checked, a few
/// towns at a time.
pub fn check(content: &Path) -> Diagnostics {
    let (county, mut diags) = read_county(content);
    let Some(county) = county else {
        return diags;
    };
    let per_town: Vec<Diagnostics> = county
        .towns
        .par_iter()
        .map(|t| crate::build::check(&content.join(TOWNS_DIR).join(t)).1)
        .collect();
    for d in per_town {
        diags.extend(d);
    }
    diags
}
