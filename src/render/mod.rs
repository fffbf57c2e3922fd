//! Render: the page models laid out by the theme's tera templates, in parallel.
//!
//! The default theme is compiled into the binary (so `sanshai build` works from any folder);
//! `--theme DIR` replaces it with templates read from disk. Templates receive one small page
//! model each and the site-wide values once, as tera's global context. Money reaches templates
//! as integer 分 and is formatted by the filters registered here.

pub mod charts;
pub mod markdown;
pub mod overview;
pub mod print;
pub mod view;

use crate::diag::Diagnostics;
use crate::model::Town;
use crate::money::{to_capital, Money};
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use tera::{Context, Kwargs, State, Tera};

/// Template and static files of the default theme, embedded at compile time.
macro_rules! theme_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

pub const DEFAULT_THEME: &[(&str, &str)] = theme_files!(
    "templates/base.html",
    "templates/town.html",
    "templates/village.html",
    "templates/period.html",
    "templates/404.html",
    "templates/partials/accounts.html",
    "templates/partials/performance.html",
    "templates/partials/conduct.html",
    "templates/partials/chart.html",
    "templates/partials/footer.html",
    "templates/partials/header.html",
    "templates/partials/notice.html",
    "templates/print.html",
    "templates/print_all.html",
    "templates/cards.html",
    "static/print.css",
    "static/style.css",
);

/// A file of the built site: its path relative to the output folder and its bytes.
pub type OutFile = (String, Vec<u8>);

/// A theme: templates by name and static files by relative path.
pub struct Theme {
    pub templates: Vec<(String, String)>,
    pub statics: Vec<OutFile>,
}

impl Theme {
    pub fn default_theme() -> Theme {
        let mut t = Theme {
            templates: Vec::new(),
            statics: Vec::new(),
        };
        for (name, text) in DEFAULT_THEME {
            t.add(name, text.as_bytes().to_vec());
        }
        t
    }

    /// Reads `templates/**` and `static/**` from a folder.
    pub fn from_dir(dir: &Path) -> Result<Theme, String> {
        let mut t = Theme {
            templates: Vec::new(),
            statics: Vec::new(),
        };
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
            t.add(&rel.join("/"), bytes);
        }
        if t.templates.is_empty() {
            return Err(format!("主题文件夹 {} 里没有 templates/", dir.display()));
        }
        Ok(t)
    }

    fn add(&mut self, rel: &str, bytes: Vec<u8>) {
        if let Some(name) = rel.strip_prefix("templates/") {
            self.templates.push((
                name.to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        } else if let Some(name) = rel.strip_prefix("static/") {
            self.statics.push((format!("static/{name}"), bytes));
        }
    }
}

fn fen(v: i64) -> Money {
    Money::from_fen(v)
}

/// A tera instance with the theme's templates and sanshai's filters.
pub fn engine(theme: &Theme, site_view: &impl Serialize) -> Result<Tera, String> {
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
    tera.global_context().insert("site", site_view);
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

/// One page to render: output path, template, model and the relative way back to the root.
pub struct PageJob {
    pub path: String,
    pub template: &'static str,
    pub model: tera::Value,
    /// Fixed way back to the root (the 404 page is served at any depth, so it uses the
    /// absolute base URL when there is one).
    pub root: Option<String>,
}

/// The relative prefix from a page at `path` back to the site root (`../../`).
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn render_one(tera: &Tera, job: &PageJob) -> Result<(String, Vec<u8>), String> {
    let mut ctx = Context::new();
    ctx.insert("page", &job.model);
    ctx.insert(
        "root",
        &job.root.clone().unwrap_or_else(|| root_of(&job.path)),
    );
    ctx.insert("path", &job.path);
    tera.render(job.template, &ctx)
        .map(|html| (job.path.clone(), html.into_bytes()))
        .map_err(|e| format!("渲染 {} 失败: {}", job.path, error_chain(&e)))
}

fn job(path: String, template: &'static str, model: &impl Serialize) -> Result<PageJob, String> {
    Ok(PageJob {
        path,
        template,
        model: erased::Ser::to_value(model)?,
        root: None,
    })
}

/// Renders every page of one village: its page, its contact cards, and per period the web
/// page and the printed notice (both from one page model, computed once).
fn village_files(
    tera: &Tera,
    town: &Town,
    v: &crate::model::Village,
) -> Result<Vec<OutFile>, String> {
    let mut out = Vec::with_capacity(2 + 2 * v.periods.len());
    let mut render = |j: PageJob| -> Result<(), String> {
        out.push(render_one(tera, &j)?);
        Ok(())
    };
    render(job(
        format!("{}/index.html", v.slug),
        "village.html",
        &overview::village_page(v)?,
    )?)?;
    render(job(
        format!("{}/cards.html", v.slug),
        "cards.html",
        &print::cards(&town.site.base_url, v),
    )?)?;
    for i in 0..v.periods.len() {
        let page = view::period_page(town, v, i)?;
        let slug = page.period.slug.clone();
        render(job(
            format!("{}/{slug}/index.html", v.slug),
            "period.html",
            &page,
        )?)?;
        let notice = print::notice_from(town, v, page)?;
        render(job(
            format!("{}/{slug}/print.html", v.slug),
            "print.html",
            &notice,
        )?)?;
    }
    Ok(out)
}

/// Renders the whole site: town pages first, then villages in parallel. Models are made and
/// dropped village by village, so memory stays small for a county of many villages.
pub fn render_site(tera: &Tera, town: &Town) -> Result<Vec<OutFile>, Diagnostics> {
    let fail = |e: String| {
        let mut d = Diagnostics::new();
        d.file_error("themes", e, Some("检查主题模板"));
        d
    };
    let mut files = Vec::new();
    let town_jobs = || -> Result<Vec<PageJob>, String> {
        let mut jobs = vec![
            job(
                "index.html".into(),
                "town.html",
                &overview::town_page(town)?,
            )?,
            PageJob {
                path: "404.html".into(),
                template: "404.html",
                model: tera::Value::none(),
                root: Some(town.site.base_url.clone()).filter(|u| !u.is_empty()),
            },
        ];
        for p in overview::town_periods(town) {
            jobs.push(job(
                format!("print/{}/index.html", p.slug()),
                "print_all.html",
                &print::print_all(town, p)?,
            )?);
        }
        Ok(jobs)
    };
    for j in town_jobs().map_err(fail)? {
        files.push(render_one(tera, &j).map_err(fail)?);
    }
    let per_village: Vec<Result<Vec<OutFile>, String>> = town
        .villages
        .par_iter()
        .map(|v| village_files(tera, town, v))
        .collect();
    let mut diags = Diagnostics::new();
    for r in per_village {
        match r {
            Ok(f) => files.extend(f),
            Err(e) => diags.file_error("themes", e, Some("检查主题模板")),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(files)
    }
}

mod erased {
    //! A tiny object-safe wrapper so page models of different types convert the same way.
    pub trait Ser {
        fn to_value(&self) -> Result<tera::Value, String>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn to_value(&self) -> Result<tera::Value, String> {
            tera::Value::try_from_serializable(self).map_err(|e| super::error_chain(&e))
        }
    }
}
