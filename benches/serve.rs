//! Preview speed on a county: how long from saving one changed amount to the new page being
//! available, on the sample copied into `SANSHAI_BENCH_VILLAGES` villages (default 1,000).
//!
//! - `save → page`: `sanshai serve` running with its file watcher; the accounts file of one
//!   village's latest quarter is written with one income raised (and its closing balance, so
//!   the books balance), and the time runs until an open page has received `reload` and the
//!   page it then asks for holds the new figure — what the accountant sees. It includes the
//!   watcher's quiet time (`serve::DEBOUNCE`).
//! - `update`: the same change applied to the in-memory site directly (no watcher, no HTTP).
//!
//! Between saves the town print the change made stale is rendered (not timed), as it is in
//! the preview when no other save is waiting.
//!
//! The same villages as a county of towns (one town per 20 villages), previewed as a county:
//! - `county: open a town`: rendering one town into memory the first time it is asked for
//!   (the preview keeps one town here, so each run closes the other);
//! - `county: update, town open` / `county: update, town closed`: one saved amount in a town
//!   that is open (its village rendered again) or closed (the town checked again for the
//!   county page).
//!
//! Run with `cargo bench --bench serve`. The first build of the county takes as long as
//! `sanshai build`; the county preview's start (checking every town) is printed.

#[path = "support/county.rs"]
#[allow(dead_code)]
mod county;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use sanshai::money::Money;
use sanshai::serve::county::CountyPreview;
use sanshai::serve::incremental::Preview;
use sanshai::serve::{start, Options};
use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const VILLAGE: &str = "qinglong-0001";
const FILE: &str = "villages/qinglong-0001/2025-q4/accounts.yaml";
const PAGE: &str = "/qinglong-0001/2025-q4/";

/// The two versions of the file saved in turn (the second with the first income and its
/// account's closing balance raised by ¥1.00), and the figure each one's page prints.
fn versions(file: &Path) -> [(String, String); 2] {
    let text = fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let find = |from: usize, what: &dyn Fn(&str) -> bool| {
        (from..lines.len())
            .find(|&i| what(lines[i].trim()))
            .unwrap()
    };
    let amount = find(find(0, &|l| l == "income:"), &|l| l.starts_with("amount:"));
    let via = find(amount, &|l| l.starts_with("via:"));
    let account = lines[via].trim()["via:".len()..].trim();
    let bal = find(find(0, &|l| l == "closing:"), &|l| {
        l.starts_with(&format!("{account}:"))
    });
    let fen = |line: &str| {
        Money::parse(line.split_once(':').unwrap().1.trim())
            .unwrap()
            .fen()
    };
    let text_of = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
    let grouped = |fen: i64| Money::from_fen(fen).grouped();
    let (a, b) = (fen(lines[amount]), fen(lines[bal]));
    let mut raised: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let key = |i: usize| lines[i].split_once(':').unwrap().0.to_string();
    raised[amount] = format!("{}: {}", key(amount), text_of(a + 100));
    raised[bal] = format!("{}: {}", key(bal), text_of(b + 100));
    [
        (text.clone(), grouped(a)),
        (raised.join("\n") + "\n", grouped(a + 100)),
    ]
}

fn get(addr: SocketAddr, target: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

/// Opens the page's event stream, as the page's script does.
fn events(addr: SocketAddr, generation: u64) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /_sanshai/events?v={generation} HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    s
}

fn wait_for_reload(s: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    while !String::from_utf8_lossy(&seen).contains("event: reload") {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "event stream closed");
        seen.extend_from_slice(&buf[..n]);
    }
}

fn bench(c: &mut Criterion) {
    let n = county::villages(1000);
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let shape = county::Shape {
        villages: n,
        entries: county::env_or("SANSHAI_BENCH_ENTRIES", 30),
        towns: 0,
    };
    county::county(&content, shape);
    let versions = versions(&content.join(FILE));
    let mut g = c.benchmark_group(format!("preview of {n} villages"));
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(1))
        .warm_up_time(Duration::from_millis(1));

    let started = Instant::now();
    let server = start(&Options {
        content: content.clone(),
        theme: None,
        port: Some(0),
        bind: "127.0.0.1".parse().unwrap(),
        verbose: false,
    })
    .unwrap();
    eprintln!(
        "first build of {n} villages: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(server.snapshot().errors, 0);
    let mut turn = 0;
    g.bench_function("save → page", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                turn += 1;
                let (text, figure) = &versions[turn % 2];
                // Untimed: the previous save's town print is done, the page is open.
                while !server.snapshot().pending.is_empty() {
                    std::thread::sleep(Duration::from_millis(5));
                }
                let mut stream = events(server.addr, server.snapshot().generation);
                std::thread::sleep(Duration::from_millis(20));
                let t = Instant::now();
                fs::write(content.join(FILE), text).unwrap();
                wait_for_reload(&mut stream);
                let page = get(server.addr, PAGE);
                total += t.elapsed();
                assert!(
                    page.contains(figure.as_str()),
                    "{VILLAGE}: {figure} not served"
                );
            }
            total
        })
    });
    drop(server);

    let mut preview = Preview::open(&content, None);
    let path: PathBuf = content.join(FILE);
    g.bench_function("update", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                turn += 1;
                let (text, figure) = &versions[turn % 2];
                fs::write(&path, text).unwrap();
                let t = Instant::now();
                let change = preview.update(std::slice::from_ref(&path));
                total += t.elapsed();
                assert!(!change.whole);
                let page = &preview.files()[&format!("{VILLAGE}/2025-q4/index.html")];
                assert!(String::from_utf8_lossy(page).contains(figure.as_str()));
                preview.finish();
            }
            total
        })
    });
    g.finish();
}

/// The accounts file of the newest quarter of the first village of `town`.
fn books_of(content: &Path, town: &str) -> PathBuf {
    let villages = content.join("towns").join(town).join("villages");
    let mut names: Vec<_> = fs::read_dir(&villages)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    villages.join(&names[0]).join("2025-q4/accounts.yaml")
}

fn bench_county(c: &mut Criterion) {
    let n = county::villages(1000);
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("county");
    let shape = county::Shape {
        villages: n,
        entries: county::env_or("SANSHAI_BENCH_ENTRIES", 30),
        towns: n.div_ceil(20),
    };
    county::county(&content, shape);
    let mut g = c.benchmark_group(format!("county preview of {n} villages"));
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(1))
        .warm_up_time(Duration::from_millis(1));
    let started = Instant::now();
    let mut preview = CountyPreview::with_limit(&content, None, 1);
    eprintln!(
        "county preview of {n} villages: every town checked and the county page made in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(!preview.problems().has_errors());
    let mut turn = 0;
    g.bench_function("county: open a town", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                turn += 1;
                let town = ["town-000", "town-001"][turn % 2];
                let t = Instant::now();
                let change = preview.open_town(town);
                total += t.elapsed();
                assert!(change.files.iter().any(|p| p.starts_with(town)));
            }
            total
        })
    });
    preview.open_town("town-000");
    for (name, town) in [
        ("county: update, town open", "town-000"),
        ("county: update, town closed", "town-002"),
    ] {
        let path = books_of(&content, town);
        let versions = versions(&path);
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // Each save changes the amount: the version the file does not hold now.
                    let now = fs::read_to_string(&path).unwrap();
                    let next = versions.iter().find(|v| v.0 != now).unwrap();
                    fs::write(&path, &next.0).unwrap();
                    let t = Instant::now();
                    let change = preview.update(std::slice::from_ref(&path));
                    total += t.elapsed();
                    assert!(change.files.contains(&"index.html".to_string()));
                    preview.finish();
                }
                total
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench, bench_county);
criterion_main!(benches);
