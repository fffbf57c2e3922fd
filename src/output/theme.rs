//! Themes: the tera templates and static files pages are laid out with.
//!
//! The default theme is compiled into the binary from `themes/default/` (so `sanshai build`
//! works from any folder). A theme folder given with `--theme` is laid over it file by file: a
//! folder holding only `templates/partials/footer.html` changes the footer and keeps the rest.
//! Money reaches templates as integer 分 and is formatted by the filters registered here.

use crate::money::{to_capital, Money};
use include_dir::{include_dir, Dir};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use tera::{Kwargs, State, Tera};

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme: templates by name and static files by relative path (both sorted).
#[derive(Debug)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    pub fn default_theme() -> Theme {
        let mut t = Theme {
            templates: BTreeMap::new(),
            statics: BTreeMap::new(),
        };
        fn walk(t: &mut Theme, dir: &Dir) {
            for f in dir.files() {
                let rel = f.path().to_string_lossy().replace('\\', "/");
                t.add(&rel, f.contents().to_vec());
            }
            for d in dir.dirs() {
                walk(t, d);
            }
        }
        walk(&mut t, &DEFAULT_THEME);
        t
    }

    /// The default theme with the files of `dir` (`templates/**`, `static/**`) laid over it.
    pub fn overlay(dir: &Path) -> Result<Theme, String> {
        if !dir.is_dir() {
            return Err(format!("找不到主题文件夹 {}", dir.display()));
        }
        let mut t = Theme::default_theme();
        let mut found = 0usize;
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("无法读取主题文件夹: {e}"))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let bytes = std::fs::read(entry.path())
                .map_err(|e| format!("{}: {e}", entry.path().display()))?;
            if t.add(&rel.join("/"), bytes) {
                found += 1;
            }
        }
        if found == 0 {
            return Err(format!(
                "主题文件夹 {} 里没有 templates/ 或 static/ 下的文件",
                dir.display()
            ));
        }
        Ok(t)
    }

    /// Adds (or replaces) one file; false when it is neither a template nor a static file.
    fn add(&mut self, rel: &str, bytes: Vec<u8>) -> bool {
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            self.templates.insert(name.to_string(), text);
            true
        } else if rel.starts_with("static/") {
            self.statics.insert(rel.to_string(), bytes);
            true
        } else {
            false
        }
    }
}

fn fen(v: i64) -> Money {
    Money::from_fen(v)
}

/// A tera instance with the theme's templates and sanshai's money filters; `site` becomes the
/// global `site` value of every template.
pub fn engine(theme: &Theme, site: &impl Serialize) -> Result<Tera, String> {
    let mut tera = Tera::new();
    tera.register_filter("yuan", |v: i64, _: Kwargs, _: &State| fen(v).yuan());
    tera.register_filter("grouped", |v: i64, _: Kwargs, _: &State| fen(v).grouped());
    tera.register_filter("capital", |v: i64, _: Kwargs, _: &State| to_capital(v));
    tera.register_filter("wan", |v: i64, _: Kwargs, _: &State| fen(v).wan_yuan());
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str())),
    )
    .map_err(|e| format!("模板错误: {}", error_chain(&e)))?;
    tera.global_context().insert("site", site);
    // The plain sentence of each accounting word, for the gloss where it first appears.
    tera.global_context()
        .insert("terms", &crate::derive::glossary::page_terms());
    Ok(tera)
}

/// Every cause of a tera error on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_is_embedded_whole() {
        let t = Theme::default_theme();
        for name in [
            "base.html",
            "period.html",
            "partials/notice.html",
            "404.html",
        ] {
            assert!(t.templates.contains_key(name), "{name}");
        }
        assert!(t.statics.contains_key("static/style.css"));
    }

    #[test]
    fn a_theme_folder_overlays_file_by_file() {
        let dir = tempfile::tempdir().unwrap();
        let partials = dir.path().join("templates/partials");
        std::fs::create_dir_all(&partials).unwrap();
        std::fs::write(partials.join("footer.html"), "<footer>本镇</footer>").unwrap();
        let t = Theme::overlay(dir.path()).unwrap();
        assert_eq!(t.templates["partials/footer.html"], "<footer>本镇</footer>");
        assert!(t.templates.contains_key("404.html"));
        let empty = tempfile::tempdir().unwrap();
        assert!(Theme::overlay(empty.path()).unwrap_err().contains("没有"));
    }
}
