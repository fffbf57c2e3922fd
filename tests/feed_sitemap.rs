//! The Atom feed, the sitemap and robots.txt of the sample site, checked from the outside:
//! the feed parses with a real feed parser (`feed-rs`), has one entry per period, newest
//! first, dated with the posting day from the YAML (midnight, China time), and every link in
//! it and in the sitemap is a built file; every page links the feed from its head; without a
//! base URL there is no feed, sitemap or robots.txt, and the build says so.

mod support;

use serde_norway::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use support::*;

fn content() -> PathBuf {
    root().join("content")
}

/// (village, period) of every period folder of `content`.
fn periods(content: &Path) -> Vec<(String, String)> {
    period_folders(content)
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Null => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

/// The sample built once for the tests that only read it, under Cargo's temporary folder for
/// integration tests (rebuilt on every run).
fn sample() -> &'static Path {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("feed_sitemap_sample");
        let _ = fs::remove_dir_all(&out);
        sanshai::build::build(&sanshai::build::Options {
            content: content(),
            output: out.clone(),
            base_url: None,
            theme: None,
            allow_removal: true,
        })
        .unwrap_or_else(|d| panic!("{}", d.report()));
        out
    })
}

/// The built file an absolute address of the site points to.
fn file_of(out: &Path, base: &str, url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{url} is not under {base}"));
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    out.join(rel)
}

const BASE: &str = "https://sanshai.example.cn/";

/// Midnight of a `2025-10-08` day in China time (UTC+8), as an instant.
fn china_midnight(day: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(&format!("{day}T00:00:00+08:00")).unwrap()
}

#[test]
fn the_feed_parses_and_every_link_is_a_built_file() {
    let out = sample();
    let bytes = fs::read(out.join("feed.xml")).unwrap();
    let feed = feed_rs::parser::parse(&bytes[..]).expect("a valid feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.entries.len(), 12, "one entry per period");
    let mut posted = Vec::new();
    for (v, p) in periods(&content()) {
        let acc = yaml(&content().join(format!("villages/{v}/{p}/accounts.yaml")));
        posted.push((text(&acc["review"]["posted_on"]), v, p));
    }
    let newest = posted.iter().map(|x| x.0.clone()).max().unwrap();
    assert_eq!(feed.updated.unwrap(), china_midnight(&newest));
    // Written in China time, as the notices are dated.
    let raw = String::from_utf8(bytes.clone()).unwrap();
    assert!(raw.contains(&format!("<updated>{newest}T00:00:00+08:00</updated>")));
    let mut ids = BTreeSet::new();
    let mut last_day = String::from("9999");
    for e in &feed.entries {
        assert!(ids.insert(e.id.clone()), "duplicate id {}", e.id);
        let page = file_of(out, BASE, &e.id);
        assert!(page.is_file(), "{}", e.id);
        let rel = e.id.strip_prefix(BASE).unwrap();
        let (v, p) = rel.trim_end_matches('/').split_once('/').unwrap();
        let day = &posted.iter().find(|x| x.1 == v && x.2 == p).unwrap().0;
        assert_eq!(e.updated.unwrap(), china_midnight(day), "{rel}");
        assert_eq!(e.published.unwrap(), china_midnight(day), "{rel}");
        assert!(*day <= last_day, "newest first");
        last_day = day.clone();
        let summary = e.summary.as_ref().unwrap().content.clone();
        assert!(summary.starts_with("收入 ¥"), "{summary}");
        assert_eq!(e.links.len(), 3);
        for l in &e.links {
            assert!(file_of(out, BASE, &l.href).is_file(), "{}", l.href);
        }
    }
    for l in &feed.links {
        assert!(file_of(out, BASE, &l.href).is_file(), "{}", l.href);
    }
    // Every page links the feed from its head.
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|x| x == "html") {
            let html = fs::read_to_string(entry.path()).unwrap();
            let head = &html[..html.find("</head>").unwrap()];
            assert!(
                head.contains(r#"<link rel="alternate" type="application/atom+xml" title="示例镇「三晒」公开:新的公开" href="https://sanshai.example.cn/feed.xml">"#),
                "{}",
                entry.path().display()
            );
            pages += 1;
        }
    }
    assert!(pages >= 40, "{pages}");
}

#[test]
fn sitemap_and_robots_use_absolute_addresses_of_built_pages() {
    let out = sample();
    let xml = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let urlset = doc.root_element();
    assert_eq!(
        urlset.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut locs = Vec::new();
    for url in urlset.children().filter(|n| n.is_element()) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .unwrap()
            .text()
            .unwrap();
        assert!(file_of(out, BASE, loc).is_file(), "{loc}");
        locs.push(loc.to_string());
    }
    let mut sorted = locs.clone();
    sorted.sort();
    assert_eq!(locs, sorted);
    // The town page and data index, 3 × (village page + data index), 12 period pages.
    assert_eq!(locs.len(), 2 + 3 * 2 + 12);
    assert!(locs.contains(&format!("{BASE}dongshan/2025-q3/")));
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml\n")),
        "{robots}"
    );
}

#[test]
fn without_a_base_url_there_is_no_feed_sitemap_or_robots_and_the_build_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let site = fs::read_to_string(content.join("site.yaml")).unwrap();
    fs::write(
        content.join("site.yaml"),
        site.replace("base_url: https://test.example.cn/\n", ""),
    )
    .unwrap();
    let out = tmp.path().join("public");
    let report = sanshai::build::build(&sanshai::build::Options {
        content,
        output: out.clone(),
        base_url: None,
        theme: None,
        allow_removal: false,
    })
    .unwrap_or_else(|d| panic!("{}", d.report()));
    let warnings = report.warnings.report();
    assert!(warnings.contains("没有写网站地址 base_url"), "{warnings}");
    for f in ["feed.xml", "sitemap.xml", "robots.txt"] {
        assert!(!out.join(f).exists(), "{f}");
    }
    assert!(out.join("demo/2025-q3/data/entries.csv").is_file());
    assert!(out.join("data.json").is_file());
    let page = fs::read_to_string(out.join("demo/2025-q3/index.html")).unwrap();
    assert!(!page.contains("application/atom+xml"));
    let notice = fs::read_to_string(out.join("demo/2025-q3/print.html")).unwrap();
    assert!(notice.contains("网页版和可下载的数据（Excel 可打开）：见网页版本期页面"));
}
