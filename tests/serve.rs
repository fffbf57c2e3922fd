//! `sanshai serve`, driven over HTTP on loopback: a page is served with the reload script, a
//! saved change sends `reload` to open pages and the new figure is served; a broken file shows
//! the error page with its file:line:col and the last good page stays one click away; fixing
//! it brings the site back; nothing outside the site is served however the path is spelt. And
//! the preview's incremental updates always leave the very files a fresh build makes, while a
//! built site holds no JavaScript at all.

mod support;

use sanshai::build::{check, render_town};
use sanshai::money::Money;
use sanshai::output::Theme;
use sanshai::serve::incremental::Preview;
use sanshai::serve::{start, Options, Running};
use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::*;

const Q4: &str = "villages/hexi/2025-q4/accounts.yaml";

/// One change to the first income of `Q4`: its amount raised by `by` 分, and, when `balance`,
/// its account's closing balance with it (so the books still balance).
struct Raise {
    /// The amount as pages print it, before and after.
    before: String,
    after: String,
    /// The file's text after the change.
    text: String,
    /// The line of that account's closing balance (1-based).
    closing_line: usize,
}

fn raise(content: &Path, by: i64, balance: bool) -> Raise {
    let text = fs::read_to_string(content.join(Q4)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let find = |from: usize, what: &dyn Fn(&str) -> bool| {
        (from..lines.len())
            .find(|&i| what(lines[i].trim()))
            .unwrap()
    };
    let income = find(0, &|l| l == "income:");
    let amount = find(income, &|l| l.starts_with("amount:"));
    let via = find(amount, &|l| l.starts_with("via:"));
    let account = lines[via].trim()["via:".len()..].trim().to_string();
    let closing = find(0, &|l| l == "closing:");
    let bal = find(closing, &|l| l.starts_with(&format!("{account}:")));
    let bump = |line: &str| -> (String, Money, Money) {
        let (key, value) = line.split_once(':').unwrap();
        let old = Money::parse(value.trim()).unwrap();
        let new = Money::from_fen(old.fen() + by);
        let fen = new.fen();
        (format!("{key}: {}.{:02}", fen / 100, fen % 100), old, new)
    };
    let (line, old, new) = bump(&lines[amount]);
    lines[amount] = line;
    if balance {
        lines[bal] = bump(&lines[bal]).0;
    }
    Raise {
        before: old.grouped(),
        after: new.grouped(),
        text: lines.join("\n") + "\n",
        closing_line: bal + 1,
    }
}

/// Raises the first income of `Q4` by ¥123.45, keeping the books balanced.
fn raise_income(content: &Path) -> Raise {
    let r = raise(content, 12_345, true);
    fs::write(content.join(Q4), &r.text).unwrap();
    r
}

/// The sample without its register of publications: these tests change its books.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    sample_unpublished()
}

fn serve(content: &Path) -> Running {
    start(&Options {
        content: content.to_path_buf(),
        theme: None,
        port: Some(0),
        bind: "127.0.0.1".parse().unwrap(),
        verbose: false,
    })
    .unwrap()
}

/// One HTTP/1.1 request with a raw request target (sent exactly as given).
fn get(addr: SocketAddr, target: &str) -> Reply {
    http_get(addr, target, Duration::from_secs(60))
}

/// An open event stream, as a page's `EventSource` holds it.
struct Events(TcpStream);

impl Events {
    fn open(addr: SocketAddr, generation: u64) -> Events {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET /_sanshai/events?v={generation} HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        Events(s)
    }

    /// Waits for a `reload` event; panics after `limit`.
    fn reload(&mut self, limit: Duration) {
        let end = Instant::now() + limit;
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while Instant::now() < end {
            self.0
                .set_read_timeout(Some(
                    end.saturating_duration_since(Instant::now())
                        .max(Duration::from_millis(10)),
                ))
                .unwrap();
            match self.0.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
                Err(_) => break,
            }
            if String::from_utf8_lossy(&seen).contains("event: reload") {
                return;
            }
        }
        panic!("no reload event: {}", String::from_utf8_lossy(&seen));
    }
}

#[test]
fn a_save_reloads_open_pages_and_serves_the_new_figure() {
    let (_tmp, content) = sample_copy();
    let server = serve(&content);
    let page = get(server.addr, "/hexi/2025-q4/");
    assert_eq!(page.status, 200, "{}", page.head);
    assert!(page.head.contains("text/html"));
    let change = raise(&content, 12_345, true);
    assert!(page.body.contains(&change.before));
    assert!(!page.body.contains(&change.after));
    assert!(page.body.contains("<script>") && page.body.contains("EventSource"));
    let mut events = Events::open(server.addr, server.snapshot().generation);
    raise_income(&content);
    events.reload(Duration::from_secs(30));
    let page = get(server.addr, "/hexi/2025-q4/");
    assert!(page.body.contains(&change.after), "new figure not served");
    // The town print of that quarter is rendered after the page; it is never served stale.
    let print = get(server.addr, "/print/2025-q4/");
    assert_eq!(print.status, 200);
    assert!(print.body.contains(&change.after));
    assert_eq!(get(server.addr, "/static/style.css").status, 200);
    let folder = get(server.addr, "/hexi");
    assert_eq!(folder.status, 307);
    assert!(folder.head.contains("location: /hexi/"), "{}", folder.head);
}

#[test]
fn errors_show_on_every_page_with_the_last_good_site_a_click_away() {
    let (_tmp, content) = sample_copy();
    let server = serve(&content);
    let mut events = Events::open(server.addr, server.snapshot().generation);
    let path = content.join(Q4);
    let good = fs::read_to_string(&path).unwrap();
    // Books that no longer balance: an error on the closing balance's line.
    let broken = raise(&content, 10_000, false);
    fs::write(&path, &broken.text).unwrap();
    events.reload(Duration::from_secs(30));
    let line = broken.closing_line;
    for page in ["/", "/qinglong/2025-q1/", "/hexi/2025-q4/print.html"] {
        let r = get(server.addr, page);
        assert_eq!(r.status, 200);
        assert!(r.body.contains("个错误"), "{page}: {}", r.body);
        assert!(
            r.body
                .contains(&format!("hexi/2025-q4/accounts.yaml:{line}:")),
            "{page}: no file:line in {}",
            r.body
        );
        assert!(r.body.contains("提示:"));
        assert!(r
            .body
            .contains(&format!("href=\"/_sanshai/last-good{page}\"")));
    }
    let last_good = get(server.addr, "/_sanshai/last-good/hexi/2025-q4/");
    assert_eq!(last_good.status, 200);
    assert!(last_good.body.contains(&broken.before) && last_good.body.contains("上一次没有错误"));
    // Fixed: the site is back, and the last-good address leads to it.
    fs::write(&path, &good).unwrap();
    events.reload(Duration::from_secs(30));
    let page = get(server.addr, "/hexi/2025-q4/");
    assert!(!page.body.contains("个错误,网站没有更新"));
    assert!(page.body.contains(&broken.before));
    assert_eq!(get(server.addr, "/_sanshai/last-good/hexi/").status, 307);
}

#[test]
fn errors_from_the_start_show_on_every_page() {
    let (_tmp, content) = sample_copy();
    fs::write(content.join(Q4), raise(&content, 1, false).text).unwrap();
    let server = serve(&content);
    let r = get(server.addr, "/");
    assert_eq!(r.status, 200);
    assert!(
        r.body.contains("个错误") && r.body.contains("还没有生成过"),
        "{}",
        r.body
    );
    assert_eq!(get(server.addr, "/static/style.css").status, 404);
}

#[test]
fn nothing_outside_the_site_is_served() {
    let (tmp, content) = sample_copy();
    fs::write(tmp.path().join("secret.txt"), "SECRET").unwrap();
    let server = serve(&content);
    for target in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/hexi/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/hexi/..\\..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/hexi/%2e%2e/index.html",
        "/./index.html",
        "//etc/passwd",
        "/content/site.yaml",
        "/villages/hexi/village.yaml",
        "/.sanshai-site",
        "/_sanshai/last-good/../secret.txt",
        "/_sanshai/last-good/%2e%2e/secret.txt",
        "/C:/Windows/win.ini",
        "/%00",
    ] {
        let r = get(server.addr, target);
        assert!(
            r.status == 404 || r.status == 400,
            "{target}: {} {}",
            r.status,
            r.body
        );
        assert!(
            !r.body.contains("SECRET") && !r.body.contains("root:"),
            "{target}"
        );
    }
    let missing = get(server.addr, "/no-such-village/");
    assert_eq!(missing.status, 404);
}

#[test]
fn a_built_site_has_no_javascript() {
    let (_tmp, out) = build_into(&root().join("content"));
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = fs::read_to_string(entry.path()).unwrap().to_lowercase();
            assert!(!text.contains("<script"), "{}", entry.path().display());
            assert!(!text.contains("eventsource"), "{}", entry.path().display());
            pages += 1;
        }
    }
    assert!(pages > 20);
    assert!(!out.join("_sanshai").exists());
}

/// What a fresh build of `content` makes, and its messages.
fn fresh(content: &Path) -> (Vec<(String, Vec<u8>)>, String) {
    let (town, diags) = check(content);
    let files = if diags.has_errors() {
        Vec::new()
    } else {
        let mut town = town.unwrap();
        if !town.site.base_url.is_empty() && !town.site.base_url.ends_with('/') {
            town.site.base_url.push('/');
        }
        render_town(&town, &Theme::default_theme()).unwrap()
    };
    (files, diags.report())
}

/// Updates the preview with `changed`, checks whether it rendered everything again (`whole`),
/// and compares its files and messages with a fresh build's.
fn assert_same(preview: &mut Preview, content: &Path, changed: &[&str], whole: bool, what: &str) {
    let paths: Vec<PathBuf> = changed.iter().map(|p| content.join(p)).collect();
    let change = preview.update(&paths);
    assert_eq!(change.whole, whole, "{what}: rendered whole");
    compare(preview, content, what);
}

/// Finishes the preview's work and compares its files and messages with a fresh build's.
fn compare(preview: &mut Preview, content: &Path, what: &str) {
    preview.finish();
    assert!(preview.pending().is_empty());
    let (files, report) = fresh(content);
    assert_eq!(preview.problems().report(), report, "{what}: messages");
    if files.is_empty() {
        return; // errors: the last good site stays
    }
    let got: Vec<(&String, &[u8])> = preview.files().iter().map(|(p, b)| (p, &b[..])).collect();
    let want: Vec<(&String, &[u8])> = files.iter().map(|(p, b)| (p, &b[..])).collect();
    assert_eq!(got.len(), want.len(), "{what}: file count");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.0, w.0, "{what}");
        assert!(g.1 == w.1, "{what}: {} differs from a fresh build", g.0);
    }
}

#[test]
fn incremental_updates_leave_what_a_fresh_build_makes() {
    let (_tmp, content) = sample_copy();
    let mut preview = Preview::open(&content, None);
    assert_same(&mut preview, &content, &[], false, "first build");
    raise_income(&content);
    assert_same(&mut preview, &content, &[Q4], false, "one amount");
    // An earlier quarter: later quarters' year-to-date figures change too.
    let q1 = "villages/dongshan/2025-q1/performance.yaml";
    let text = fs::read_to_string(content.join(q1)).unwrap();
    fs::write(content.join(q1), format!("{text}\n# 备注\n")).unwrap();
    assert_same(&mut preview, &content, &[q1], false, "a comment");
    let notes = "villages/qinglong/2025-q2/notes.md";
    let text = fs::read_to_string(content.join(notes)).unwrap();
    fs::write(
        content.join(notes),
        format!("{text}\n又及:新增一段说明。\n"),
    )
    .unwrap();
    assert_same(&mut preview, &content, &[notes], false, "notes");
    let village = "villages/hexi/village.yaml";
    let text = fs::read_to_string(content.join(village)).unwrap();
    let renamed = text.replacen("name: 河西村", "name: 河西新村", 1);
    assert_ne!(text, renamed);
    fs::write(content.join(village), renamed).unwrap();
    assert_same(&mut preview, &content, &[village], false, "village name");
    // A stray file: a warning, nothing else.
    fs::write(content.join("villages/hexi/2025-q4/备份.txt"), "x").unwrap();
    assert_same(
        &mut preview,
        &content,
        &["villages/hexi/2025-q4/备份.txt"],
        false,
        "stray file",
    );
    // An error, then fixed.
    let good = fs::read_to_string(content.join(Q4)).unwrap();
    fs::write(content.join(Q4), raise(&content, 1, false).text).unwrap();
    assert_same(&mut preview, &content, &[Q4], false, "unbalanced");
    assert!(preview.problems().has_errors());
    fs::write(content.join(Q4), &good).unwrap();
    assert_same(&mut preview, &content, &[Q4], false, "fixed");
    // A new period folder (a copy of the last one, so its dates are wrong: errors, nothing
    // rendered), then removed again: everything is loaded and rendered again.
    copy_tree(
        &content.join("villages/hexi/2025-q4"),
        &content.join("villages/hexi/2026-q1"),
    );
    assert_same(
        &mut preview,
        &content,
        &["villages/hexi/2026-q1"],
        false,
        "new period",
    );
    assert!(preview.problems().has_errors());
    fs::remove_dir_all(content.join("villages/hexi/2026-q1")).unwrap();
    assert_same(
        &mut preview,
        &content,
        &["villages/hexi/2026-q1"],
        true,
        "period removed",
    );
    let site = fs::read_to_string(content.join("site.yaml")).unwrap();
    fs::write(content.join("site.yaml"), format!("{site}\n# 改过\n")).unwrap();
    assert_same(&mut preview, &content, &["site.yaml"], true, "site.yaml");
}

/// The sample as it is, with its register of published periods, whose checks read every
/// village (a village missing from the town, a published period changed): after each edit the
/// preview says exactly what a fresh check says, though it first checks the changed village
/// alone.
#[test]
fn incremental_checks_with_the_register_say_what_a_fresh_check_says() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("content"), &content);
    let mut preview = Preview::open(&content, None);
    compare(&mut preview, &content, "first build");
    type Edit = (&'static str, fn(String) -> String);
    let edits: [Edit; 3] = [
        (Q4, |t| t.replacen("summary: ", "summary: 改", 1)),
        ("villages/dongshan/2025-q1/notes.md", |t| {
            format!("{t}\n补充。\n")
        }),
        ("villages/qinglong/village.yaml", |t| format!("{t}\n# 注\n")),
    ];
    for (rel, edit) in edits {
        let path = content.join(rel);
        if let Ok(text) = fs::read_to_string(&path) {
            fs::write(&path, edit(text)).unwrap();
            preview.update(std::slice::from_ref(&path));
            compare(&mut preview, &content, rel);
        }
    }
}
