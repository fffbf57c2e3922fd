//! The report model's promises, checked on the real code and the built sample:
//! - outputs are registered in one list, and the small `build-info.json` output lists every
//!   period with the same fingerprint its page prints;
//! - templates only lay out: no arithmetic, no comparison, no counting in any template;
//! - the pipeline's arrows point one way (validate never imports derive; derive and output
//!   never import load);
//! - a theme folder overlays the default theme file by file;
//! - the notice's request sentence never ends in "、。" when a source has no request.

mod support;

use sanshai::build::{build, Options};
use std::fs;
use support::*;

fn read(p: &std::path::Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn build_info_lists_every_period_with_the_fingerprint_its_page_prints() {
    let (_tmp, out) = build_into(&root().join("content"));
    let info: serde_json::Value =
        serde_json::from_str(&read(&out.join("build-info.json"))).unwrap();
    assert!(info["generator"].as_str().unwrap().starts_with("sanshai "));
    let periods = info["periods"].as_array().unwrap();
    // Every period folder of the sample content, and nothing else.
    let folders: Vec<String> = period_folders(&root().join("content"))
        .into_iter()
        .map(|(v, p)| format!("{v}/{p}"))
        .collect();
    let mut listed: Vec<String> = periods
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p["village"].as_str().unwrap(),
                p["period"].as_str().unwrap()
            )
        })
        .collect();
    listed.sort();
    assert_eq!(listed, folders);
    for p in periods {
        let fp = p["fingerprint"].as_str().unwrap();
        assert_eq!(fp.len(), 64, "{p}");
        let page = read(&out.join(p["page"].as_str().unwrap()));
        assert!(page.contains(&format!("<code>{fp}</code>")), "{p}");
        let notice = read(&out.join(p["notice"].as_str().unwrap()));
        assert!(notice.contains(&fp[..16]), "{p}");
    }
    // Deterministic: a second build gives the same bytes.
    let (_tmp2, out2) = build_into(&root().join("content"));
    assert_eq!(
        fs::read(out.join("build-info.json")).unwrap(),
        fs::read(out2.join("build-info.json")).unwrap()
    );
}

/// Every `{{ … }}` and `{% … %}` tag of a template.
fn tags(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{']) {
        let after = &rest[i..];
        let close = if after.starts_with("{{") {
            "}}"
        } else if after.starts_with("{%") {
            "%}"
        } else {
            rest = &rest[i + 1..];
            continue;
        };
        let end = after.find(close).map_or(after.len(), |j| j + 2);
        out.push(after[..end].to_string());
        rest = &after[end..];
    }
    out
}

#[test]
fn templates_lay_out_and_never_compute() {
    let dir = root().join("themes/default/templates");
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = read(entry.path());
        for tag in tags(&text) {
            // String literals may hold any character; look at the code only.
            let code: String = tag
                .split('"')
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, s)| s)
                .collect();
            let inner = code
                .trim_start_matches(['{', '%'])
                .trim_end_matches(['}', '%']);
            for bad in [
                " + ", " - ", " * ", " / ", " % ", " > ", " < ", ">=", "<=", "==", "!=",
                "| length", "default(", " ~ ",
            ] {
                if inner.contains(bad) {
                    problems.push(format!("{}: {tag} ({bad})", entry.path().display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn arrows_point_down_the_pipeline() {
    let rules = [
        ("src/validate", "crate::derive"),
        ("src/validate", "crate::output"),
        ("src/derive", "crate::load"),
        ("src/derive", "crate::output"),
        ("src/derive", "crate::validate"),
        ("src/output", "crate::load"),
        ("src/output", "crate::validate"),
        ("src/model", "crate::load"),
        ("src/model", "crate::derive"),
        ("src/model", "crate::output"),
        ("src/calc", "crate::derive"),
        ("src/calc", "crate::validate"),
        // The importer and scaffolds read spreadsheets and write YAML text beside the
        // pipeline: they may use the model, the loader and money, never reports or outputs,
        // and nothing in the pipeline uses them.
        ("src/import", "crate::derive"),
        ("src/import", "crate::validate"),
        ("src/import", "crate::output"),
        ("src/scaffold.rs", "crate::derive"),
        ("src/scaffold.rs", "crate::output"),
        ("src/schema", "crate::output"),
        ("src/load", "crate::import"),
        ("src/validate", "crate::import"),
        ("src/derive", "crate::import"),
        ("src/output", "crate::import"),
    ];
    let mut problems = Vec::new();
    for (dir, forbidden) in rules {
        for entry in walkdir::WalkDir::new(root().join(dir)) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() && read(entry.path()).contains(forbidden) {
                problems.push(format!("{} uses {forbidden}", entry.path().display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_theme_folder_with_one_template_overlays_the_default() {
    let tmp = tempfile::tempdir().unwrap();
    let theme = tmp.path().join("theme");
    fs::create_dir_all(theme.join("templates/partials")).unwrap();
    let footer = read(&root().join("themes/default/templates/partials/footer.html"));
    fs::write(
        theme.join("templates/partials/footer.html"),
        format!("<p>本镇自己的页脚</p>\n{footer}"),
    )
    .unwrap();
    let out = tmp.path().join("public");
    build(&Options {
        content: root().join("tests/fixtures/minimal"),
        output: out.clone(),
        base_url: None,
        theme: Some(theme),
        allow_removal: false,
    })
    .unwrap_or_else(|d| panic!("{}", d.report()));
    let index = read(&out.join("index.html"));
    assert!(index.contains("本镇自己的页脚"));
    // Everything else still comes from the default theme.
    assert!(out.join("404.html").is_file());
    assert!(out.join("static/style.css").is_file());
    assert!(read(&out.join("demo/2025-q3/index.html")).contains("本镇自己的页脚"));
}

#[test]
fn notice_names_only_the_sources_that_brought_requests() {
    let (_tmp, out) = build_into(&root().join("tests/fixtures/minimal"));
    let notice = read(&out.join("demo/2025-q3/print.html"));
    assert!(!notice.contains("、。"), "a dangling 、 before 。");
    assert!(notice.contains("接待日 1 件、电话 1 件。"));
}

/// Every table on every page of the sample has a name a screen reader announces: a
/// `<caption>` right after `<table …>`.
#[test]
fn every_table_has_a_caption() {
    let (_tmp, out) = build_into(&root().join("content"));
    let mut tables = 0;
    for e in walkdir::WalkDir::new(&out) {
        let path = e.unwrap().into_path();
        if path.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = fs::read_to_string(&path).unwrap();
        for (at, _) in html.match_indices("<table") {
            let after = &html[at..];
            let open_end = after.find('>').unwrap() + 1;
            let next = after[open_end..].trim_start();
            assert!(
                next.starts_with("<caption"),
                "{}: a table without a caption: {}",
                path.display(),
                &after[..open_end.min(after.len())]
            );
            tables += 1;
        }
    }
    assert!(tables > 200, "{tables} tables");
}
