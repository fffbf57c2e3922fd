//! The live preview of a county (tests/fixtures/county: 北镇 with one village, 南镇 with two):
//! with its towns open, the preview holds exactly the files `sanshai build` writes for the
//! county; a save in one town renders that town and the county page only and still leaves what
//! a fresh build makes; towns are rendered when asked for and closed when others are needed,
//! a closed town still checked on every save; the server renders a town on its first request.

mod support;

use sanshai::serve::county::CountyPreview;
use sanshai::serve::{start, Options as ServeOptions};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::*;

fn county_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/county"), &content);
    (tmp, content)
}

/// What a clean build of the county writes (without the build's own record and marker).
fn built(content: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    build_ok(content, out);
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().display().to_string();
            (rel, fs::read(e.path()).unwrap())
        })
        .filter(|(p, _)| !p.starts_with(".sanshai"))
        .collect()
}

fn assert_same(preview: &CountyPreview, want: &BTreeMap<String, Vec<u8>>, what: &str) {
    let got: Vec<&String> = preview.files().keys().collect();
    assert_eq!(got, want.keys().collect::<Vec<_>>(), "{what}: the files");
    for (p, bytes) in preview.files() {
        assert!(bytes[..] == want[p][..], "{what}: {p} differs from a build");
    }
}

#[test]
fn the_preview_of_a_county_is_what_a_build_writes() {
    let (tmp, content) = county_copy();
    let mut preview = CountyPreview::open(&content, None);
    assert!(
        !preview.problems().has_errors(),
        "{}",
        preview.problems().report()
    );
    let want = built(&content, &tmp.path().join("first"));
    assert!(want.contains_key("index.html") && want.contains_key("nanzhen/demo2/index.html"));
    // Before any town is asked for: the county page alone, the towns checked.
    let closed: Vec<String> = preview.closed().into_iter().collect();
    assert_eq!(closed, ["beizhen", "nanzhen"]);
    assert!(preview
        .files()
        .keys()
        .all(|p| !p.contains('/') || p.starts_with("static/")));
    assert!(preview.files()["index.html"] == want["index.html"][..]);
    for town in ["beizhen", "nanzhen"] {
        let opened = preview.open_town(town);
        assert!(opened
            .files
            .iter()
            .all(|p| p.starts_with(&format!("{town}/"))));
    }
    assert!(preview.closed().is_empty());
    assert_same(&preview, &want, "opened");

    // One amount of 南镇's second village, and its closing balance.
    let books = content.join("towns/nanzhen/villages/demo2/2025-q3/accounts.yaml");
    let text = fs::read_to_string(&books).unwrap();
    let text = text
        .replace("amount: 15000.00", "amount: 15000.01")
        .replace("  基本户: 62000.00", "  基本户: 62000.01");
    fs::write(&books, text).unwrap();
    let change = preview.update(std::slice::from_ref(&books));
    assert!(
        !change.whole,
        "one town's save renders that town, not the county"
    );
    assert!(change
        .files
        .contains(&"nanzhen/demo2/2025-q3/index.html".to_string()));
    let later = preview.finish();
    let touched: Vec<&String> = change.files.iter().chain(&later.files).collect();
    assert!(
        touched
            .iter()
            .all(|p| p.starts_with("nanzhen/") || !p.contains('/')),
        "only 南镇 and the county page change: {touched:?}"
    );
    assert!(
        touched.iter().any(|p| *p == "index.html"),
        "the county page shows 南镇's new figures: {touched:?}"
    );
    assert!(preview.pending().is_empty());
    let want = built(&content, &tmp.path().join("second"));
    assert_same(&preview, &want, "after one save");

    // An error in one town is shown, with the town's file and line.
    fs::write(&books, "income: [\n").unwrap();
    preview.update(std::slice::from_ref(&books));
    let report = preview.problems().report();
    assert!(preview.problems().has_errors());
    assert!(
        report.contains("towns/nanzhen/villages/demo2/2025-q3/accounts.yaml"),
        "{report}"
    );
}

fn raise(books: &Path) {
    let text = fs::read_to_string(books).unwrap();
    let text = text
        .replace("amount: 15000.00", "amount: 15000.01")
        .replace("  基本户: 62000.00", "  基本户: 62000.01");
    fs::write(books, text).unwrap();
}

#[test]
fn towns_are_rendered_when_asked_for_and_closed_when_others_are_needed() {
    let (tmp, content) = county_copy();
    let mut preview = CountyPreview::with_limit(&content, None, 1);
    let under = |p: &CountyPreview, town: &str| {
        p.files()
            .keys()
            .filter(|f| f.starts_with(&format!("{town}/")))
            .count()
    };
    preview.open_town("nanzhen");
    assert!(under(&preview, "nanzhen") > 0);
    // Asking for 北镇 closes 南镇 (one town at a time here).
    let change = preview.open_town("beizhen");
    assert!(under(&preview, "beizhen") > 0);
    assert_eq!(under(&preview, "nanzhen"), 0);
    assert!(change.files.iter().any(|p| p.starts_with("nanzhen/")));
    assert_eq!(
        preview.closed().into_iter().collect::<Vec<_>>(),
        ["nanzhen"]
    );

    // A save in the closed town: it is checked again and the county page shows it.
    let page = preview.files()["index.html"].clone();
    raise(&content.join("towns/nanzhen/villages/demo2/2025-q3/accounts.yaml"));
    let books = content.join("towns/nanzhen/villages/demo2/2025-q3/accounts.yaml");
    let change = preview.update(std::slice::from_ref(&books));
    assert!(change.files.contains(&"index.html".to_string()));
    assert!(preview.files()["index.html"] != page);
    assert_eq!(under(&preview, "nanzhen"), 0, "a closed town stays closed");
    let want = built(&content, &tmp.path().join("after"));
    assert!(preview.files()["index.html"] == want["index.html"][..]);
    // Its error is shown while it is closed, with its file and line.
    fs::write(&books, "income: [\n").unwrap();
    preview.update(std::slice::from_ref(&books));
    assert!(preview.problems().has_errors());
    assert!(preview
        .problems()
        .report()
        .contains("towns/nanzhen/villages/demo2/2025-q3/accounts.yaml"));
}

/// One HTTP GET; the status and the body. Shorter than the server's longest wait: a request
/// must never hang on a town.
fn get(addr: std::net::SocketAddr, target: &str) -> (u16, String) {
    let r = http_get(addr, target, Duration::from_secs(30));
    (r.status, r.body)
}

/// The preview of `content`, served on a free port.
fn serve(content: &Path) -> sanshai::serve::Running {
    start(&ServeOptions {
        content: content.to_path_buf(),
        theme: None,
        port: Some(0),
        bind: "127.0.0.1".parse().unwrap(),
        verbose: false,
    })
    .unwrap()
}

#[test]
fn serve_answers_the_county_page_and_each_towns_pages() {
    let (_tmp, content) = county_copy();
    let running = serve(&content);
    let (status, county) = get(running.addr, "/");
    assert_eq!(status, 200);
    assert!(county.contains("测试县三晒公开"), "{county}");
    assert!(
        county.contains("href=\"nanzhen/"),
        "the county page links to the towns"
    );
    for town in ["beizhen", "nanzhen"] {
        let (status, page) = get(running.addr, &format!("/{town}/"));
        assert_eq!(status, 200, "{town}");
        assert!(
            page.contains("../index.html"),
            "{town} leads up to the county"
        );
    }
    let (status, _) = get(running.addr, "/nanzhen/demo2/2025-q3/");
    assert_eq!(status, 200);
}

#[test]
fn a_town_with_errors_answers_at_once_with_its_errors() {
    let (_tmp, content) = county_copy();
    let books = content.join("towns/nanzhen/villages/demo2/2025-q3/accounts.yaml");
    fs::write(&books, "income: [\n").unwrap();
    let running = serve(&content);
    for target in ["/", "/nanzhen/", "/beizhen/"] {
        let started = std::time::Instant::now();
        let (status, page) = get(running.addr, target);
        assert_eq!(status, 200, "{target}");
        assert!(
            page.contains("towns/nanzhen/villages/demo2/2025-q3/accounts.yaml"),
            "{target} lists the error: {page}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{target} waited"
        );
    }
}
