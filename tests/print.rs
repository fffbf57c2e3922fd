//! Printing in a real browser: the sample's notices and contact cards are printed to PDF with
//! headless Chromium and checked with poppler's tools (page size and count, key text, nothing
//! wider than the page), and the QR code is decoded with `zbarimg`.
//!
//! `.ci/run` installs chromium, poppler-utils and zbar-tools. When a test's tools are missing:
//!
//! - outside CI, the test is reported as **ignored** (not passed), with a note saying what to
//!   install; `cargo test --test print -- --include-ignored` runs it anyway (and it fails);
//! - in CI (`CI` set), it runs and fails, naming the missing tools.
//!
//! libtest has no way for a test to ignore itself at run time, so this file has its own `main`
//! (`harness = false` in Cargo.toml) and uses `libtest-mimic`, which takes the same command-line
//! options as libtest (filters, `--ignored`, `--include-ignored`, `--list`, `--test-threads`).

mod support;

use libtest_mimic::{Arguments, Trial};
use sanshai::money::{to_capital, Money};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use support::*;

/// The browser tests: (name, tools beyond chromium and poppler's, test).
type BrowserTest = (&'static str, &'static [&'static str], fn());

const TESTS: [BrowserTest; 5] = [
    (
        "quarterly_notice_prints_on_a4_with_every_block",
        &[],
        quarterly_notice_prints_on_a4_with_every_block,
    ),
    (
        "every_sample_notice_fits_five_sheets",
        &[],
        every_sample_notice_fits_five_sheets,
    ),
    (
        "qr_code_on_the_notice_decodes_to_the_period_url",
        &["zbarimg"],
        qr_code_on_the_notice_decodes_to_the_period_url,
    ),
    (
        "contact_sheet_prints_four_cards_per_page_front_and_back",
        &[],
        contact_sheet_prints_four_cards_per_page_front_and_back,
    ),
    (
        "town_print_has_a_cover_then_each_village_on_a_new_page_and_a3_landscape_is_an_option",
        &[],
        town_print_has_a_cover_then_each_village_on_a_new_page_and_a3_landscape_is_an_option,
    ),
];

fn main() {
    let args = Arguments::from_args();
    // As insta reads it: `CI` set to anything but "", "0" or "false".
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    let mut notes = Vec::new();
    let trials = TESTS
        .iter()
        .map(|&(name, extra, test)| {
            let missing = missing_tools(extra);
            if !missing.is_empty() && !in_ci {
                notes.push(format!("{name}: {}", missing.join(", ")));
            }
            Trial::test(name, move || {
                test();
                Ok(())
            })
            .with_ignored_flag(!missing.is_empty() && !in_ci)
        })
        .collect();
    if !notes.is_empty() {
        eprintln!(
            "note: browser print tests ignored, tools not installed:\n  {}\n\
             install them with `apt-get install chromium poppler-utils zbar-tools fonts-noto-cjk`",
            notes.join("\n  ")
        );
    }
    libtest_mimic::run(&args, trials).exit();
}

fn find(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
}

fn find_chromium() -> Option<PathBuf> {
    find("chromium").or_else(|| find("chromium-browser"))
}

/// The tools a test needs (chromium, poppler's and `extra`) that are not on the `PATH`.
fn missing_tools(extra: &[&'static str]) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if find_chromium().is_none() {
        missing.push("chromium");
    }
    let others = ["pdfinfo", "pdftotext", "pdftoppm"].iter().chain(extra);
    missing.extend(others.filter(|t| find(t).is_none()));
    missing
}

/// Chromium; fails the test, naming what is missing, when a tool is not installed (in CI, or
/// when an ignored test is run with `--include-ignored`).
fn tools(extra: &[&'static str]) -> PathBuf {
    let missing = missing_tools(extra);
    assert!(
        missing.is_empty(),
        "{missing:?} not installed: CI must install them (see .ci/run); elsewhere \
         apt-get install chromium poppler-utils zbar-tools fonts-noto-cjk"
    );
    find_chromium().unwrap()
}

/// Runs a tool, reading its output while it runs, and kills it after `limit`.
fn run(cmd: &mut Command, limit: Duration) -> String {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tool");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("{cmd:?} took longer than {limit:?}");
        }
    };
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn print_pdf(chromium: &Path, html: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    run(
        Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display())),
        Duration::from_secs(120),
    );
    assert!(pdf.exists(), "no PDF from {}", html.display());
}

/// (pages, width, height) in points.
fn pdfinfo(pdf: &Path) -> (usize, f64, f64) {
    let out = run(Command::new("pdfinfo").arg(pdf), Duration::from_secs(30));
    let field = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .split(':')
            .nth(1)
            .unwrap()
            .trim()
            .to_string()
    };
    let pages = field("Pages").parse().unwrap();
    let size = field("Page size");
    let nums: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (pages, nums[0], nums[1])
}

fn pdftotext(pdf: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    run(cmd.arg(pdf).arg("-"), Duration::from_secs(30))
}

/// Width in points of the first word exactly equal to `text` (CJK characters are one em wide,
/// so the width tells the printed font size).
fn word_width(pdf: &Path, text: &str) -> f64 {
    let html = run(
        Command::new("pdftotext")
            .args(["-f", "1", "-l", "1", "-bbox"])
            .arg(pdf)
            .arg("-"),
        Duration::from_secs(30),
    );
    let line = html
        .lines()
        .find(|l| l.trim_end().ends_with(&format!(">{text}</word>")))
        .unwrap_or_else(|| panic!("no word {text}"));
    let attr = |name: &str| -> f64 {
        let i = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[i..].split('"').next().unwrap().parse().unwrap()
    };
    attr("xMax") - attr("xMin")
}

/// The smallest printed size (points per character) of any word made only of CJK
/// characters, with the word itself: CJK characters are one em wide.
fn smallest_cjk_text(pdf: &Path) -> (f64, String) {
    let html = run(
        Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-"),
        Duration::from_secs(30),
    );
    let mut smallest = (f64::MAX, String::new());
    for line in html
        .lines()
        .filter(|l| l.trim_start().starts_with("<word "))
    {
        let attr = |name: &str| -> f64 {
            let i = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[i..].split('"').next().unwrap().parse().unwrap()
        };
        let word = line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()].to_string();
        let n = word.chars().count();
        if n >= 2 && word.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            let size = (attr("xMax") - attr("xMin")) / n as f64;
            if size < smallest.0 {
                smallest = (size, word);
            }
        }
    }
    smallest
}

/// The largest right edge of any word, and the page width, from `pdftotext -bbox`.
fn max_right_edge(pdf: &Path) -> (f64, f64) {
    let html = run(
        Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-"),
        Duration::from_secs(30),
    );
    let attr = |tag: &str, name: &str| -> f64 {
        let i = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[i..].split('"').next().unwrap().parse().unwrap()
    };
    let width = html
        .split("<page ")
        .nth(1)
        .map(|t| attr(t, "width"))
        .unwrap();
    let right = html
        .split("<word ")
        .skip(1)
        .map(|t| attr(t, "xMax"))
        .fold(0.0, f64::max);
    (right, width)
}

/// The period fingerprint as documented: SHA-256 over (relative path, NUL, SHA-256 of the
/// file) for each file of the period folder plus village.yaml, site.yaml and the earlier
/// `performance.yaml` files its carried requests come from, in path order, each file once.
fn fingerprint(content: &Path, village: &str, period: &str) -> String {
    let dir = content.join("villages").join(village).join(period);
    let mut rels: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            format!(
                "villages/{village}/{period}/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    rels.push(format!("villages/{village}/village.yaml"));
    rels.push("site.yaml".into());
    rels.extend(
        request_ledger(content, village)[period]
            .carried_files
            .iter()
            .cloned(),
    );
    rels.sort();
    rels.dedup();
    let mut h = Sha256::new();
    for rel in rels {
        h.update(rel.as_bytes());
        h.update([0]);
        h.update(Sha256::digest(fs::read(content.join(&rel)).unwrap()));
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn quarterly_notice_prints_on_a4_with_every_block() {
    let chromium = tools(&[]);
    let content = root().join("content");
    let (tmp, out) = build_into(&content);
    let pdf = tmp.path().join("notice.pdf");
    print_pdf(&chromium, &out.join("dongshan/2025-q3/print.html"), &pdf);

    let (pages, w, h) = pdfinfo(&pdf);
    assert!(
        (w - 595.0).abs() < 2.0 && (h - 842.0).abs() < 2.0,
        "A4 expected, got {w} x {h}"
    );
    assert!((3..=5).contains(&pages), "{pages} pages");
    // Words may wrap across lines, and pdftotext drops some spaces: compare without whitespace.
    let text: String = pdftotext(&pdf, None).split_whitespace().collect();
    let first: String = pdftotext(&pdf, Some(1)).split_whitespace().collect();
    let acc = yaml(&content.join("villages/dongshan/2025-q3/accounts.yaml"));
    let total = |k: &str| -> Money {
        acc[k]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|e| amount(&e["amount"]))
            .sum()
    };
    let site = yaml(&content.join("site.yaml"));
    let phone = site["supervision_phones"][0]["phone"].as_str().unwrap();
    let fp = fingerprint(&content, "dongshan", "2025-q3");
    // The first sheet stands alone: totals in figures and capitals, every fund, 监督电话, the
    // signature and seal block and the fingerprint.
    let village = yaml(&content.join("villages/dongshan/village.yaml"));
    let mut first_sheet = vec![
        "东山村「三晒」公开".to_string(),
        total("income").grouped(),
        to_capital(total("income").fen()),
        to_capital(total("expenses").fen()),
        "各账户余额".to_string(),
        "监督电话".to_string(),
        phone.to_string(),
        "村民委员会".to_string(),
        "（签章）".to_string(),
        "村务监督委员会".to_string(),
        fp[..16].to_string(),
        format!("第1页共{pages}页"),
    ];
    first_sheet.extend(
        village["funds"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string()),
    );
    for want in first_sheet {
        let want: String = want.split_whitespace().collect();
        assert!(first.contains(&want), "the first sheet lacks {want}");
    }
    // The ledger starts on the second sheet; each side's total row keeps its total whole.
    let second: String = pdftotext(&pdf, Some(2)).split_whitespace().collect();
    assert!(second.contains("一、收支明细"), "{second}");
    let layout = run(
        Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-"),
        Duration::from_secs(30),
    );
    for (word, key) in [("收入合计", "income"), ("支出合计", "expenses")] {
        let t = total(key).grouped();
        assert!(
            layout
                .lines()
                .any(|l| l.trim_start().starts_with(word) && l.contains(&t)),
            "no {word} row with {t}"
        );
    }
    // Every voucher of the quarter is printed.
    for side in ["income", "expenses"] {
        for e in acc[side].as_sequence().unwrap() {
            let v = e["voucher"].as_str().unwrap();
            assert!(text.contains(v), "voucher {v} missing");
        }
    }
    // notes.md is printed (this quarter has none; 2025-q2 has).
    let (t2, out2) = (tempfile::tempdir().unwrap(), &out);
    let notes_pdf = t2.path().join("q2.pdf");
    print_pdf(
        &chromium,
        &out2.join("dongshan/2025-q2/print.html"),
        &notes_pdf,
    );
    let q2: String = pdftotext(&notes_pdf, None).split_whitespace().collect();
    let notes = fs::read_to_string(content.join("villages/dongshan/2025-q2/notes.md")).unwrap();
    let heading = notes.lines().find(|l| l.starts_with('#')).unwrap();
    let heading: String = heading.trim_start_matches('#').split_whitespace().collect();
    assert!(
        q2.contains("村里的话") && q2.contains(&heading),
        "notes.md not printed"
    );
    // Exactly the members who reviewed this notice get a line to sign, in that order.
    let html = fs::read_to_string(out.join("dongshan/2025-q3/print.html")).unwrap();
    let signers = &html[html.find("<ul class=\"signers\">").unwrap()..];
    let signers = &signers[..signers.find("</ul>").unwrap()];
    let reviewed: Vec<String> = acc["review"]["reviewed_by"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    let positions: Vec<usize> = reviewed
        .iter()
        .map(|n| signers.find(n.as_str()).expect("reviewer listed"))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(signers.matches("签字：").count(), reviewed.len());
    for name in &reviewed {
        assert!(first.contains(name.as_str()));
    }
    // The web page shows the whole fingerprint.
    let web = fs::read_to_string(out.join("dongshan/2025-q3/index.html")).unwrap();
    assert!(web.contains(&fp));
    let (right, width) = max_right_edge(&pdf);
    assert!(
        right <= width - 14.0,
        "text reaches x = {right} on a page {width} wide: a table is wider than the page"
    );
    // Chromium shrinks a page whose content is wider than the paper; printed sizes then fall
    // below what was asked. No text below 12 pt, the first sheet's title at 24 pt or more (a
    // CJK character is 1 em wide), which also proves that nothing was too wide.
    let (smallest, word) = smallest_cjk_text(&pdf);
    assert!(
        smallest >= 12.0 * 0.995,
        "「{word}」printed at {smallest:.1} pt"
    );
    let heading = word_width(&pdf, "东山村「三晒」公开") / 9.0;
    assert!(heading >= 24.0, "heading printed at {heading:.1} pt");
}

/// Every sample quarter's notice fits five A4 sheets with no text below 12 pt, and its first
/// sheet ends before the ledger begins.
fn every_sample_notice_fits_five_sheets() {
    let chromium = tools(&[]);
    let content = root().join("content");
    let (tmp, out) = build_into(&content);
    for (village, period) in period_folders(&content) {
        let pdf = tmp.path().join(format!("{village}-{period}.pdf"));
        print_pdf(
            &chromium,
            &out.join(format!("{village}/{period}/print.html")),
            &pdf,
        );
        let (pages, _, _) = pdfinfo(&pdf);
        assert!(pages <= 5, "{village} {period}: {pages} sheets");
        let (smallest, word) = smallest_cjk_text(&pdf);
        assert!(
            smallest >= 12.0 * 0.995,
            "{village} {period}: 「{word}」printed at {smallest:.1} pt"
        );
        let first: String = pdftotext(&pdf, Some(1)).split_whitespace().collect();
        assert!(
            first.contains("签字"),
            "{village} {period}: signatures not on sheet 1"
        );
        assert!(
            !first.contains("收支明细"),
            "{village} {period}: ledger on sheet 1"
        );
    }
}

fn qr_code_on_the_notice_decodes_to_the_period_url() {
    let chromium = tools(&["zbarimg"]);
    let (tmp, out) = build_into(&root().join("content"));
    let pdf = tmp.path().join("notice.pdf");
    print_pdf(&chromium, &out.join("hexi/2025-q4/print.html"), &pdf);
    let png = tmp.path().join("page");
    run(
        Command::new("pdftoppm")
            .args(["-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile"])
            .arg(&pdf)
            .arg(&png),
        Duration::from_secs(60),
    );
    let decoded = run(
        Command::new("zbarimg")
            .args(["-q", "--raw"])
            .arg(png.with_extension("png")),
        Duration::from_secs(60),
    );
    let base = yaml(&root().join("content/site.yaml"))["base_url"]
        .as_str()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    assert_eq!(decoded.trim(), format!("{base}/hexi/2025-q4/"));
}

fn contact_sheet_prints_four_cards_per_page_front_and_back() {
    let chromium = tools(&[]);
    let content = root().join("content");
    let (tmp, out) = build_into(&content);
    let pdf = tmp.path().join("cards.pdf");
    print_pdf(&chromium, &out.join("qinglong/cards.html"), &pdf);
    let (pages, w, _) = pdfinfo(&pdf);
    assert_eq!(pages, 2, "fronts on page 1, backs on page 2");
    assert!((w - 595.0).abs() < 2.0);
    let front: String = pdftotext(&pdf, Some(1)).split_whitespace().collect();
    assert_eq!(front.matches("连心卡").count(), 4, "{front}");
    for c in yaml(&content.join("villages/qinglong/village.yaml"))["cadres"]
        .as_sequence()
        .unwrap()
    {
        let phone = c["phone"].as_str().unwrap();
        assert_eq!(
            front.matches(phone).count(),
            4,
            "phone {phone} on every card"
        );
        let duty = c["card_duty"].as_str().unwrap();
        assert_eq!(front.matches(duty).count(), 4, "分工 {duty} on every card");
    }
    let back: String = pdftotext(&pdf, Some(2)).split_whitespace().collect();
    let site = yaml(&content.join("site.yaml"));
    for list in ["supervision_phones", "service_phones"] {
        for p in site[list].as_sequence().unwrap() {
            let phone = p["phone"].as_str().unwrap();
            assert_eq!(
                back.matches(phone).count(),
                4,
                "{list} {phone} on every card back"
            );
        }
    }
    assert_eq!(back.matches("接待日").count(), 4);
    let (right, width) = max_right_edge(&pdf);
    assert!(right <= width - 14.0);
    let (smallest, word) = smallest_cjk_text(&pdf);
    assert!(
        smallest >= 12.0 * 0.995,
        "「{word}」printed at {smallest:.1} pt"
    );
}

fn town_print_has_a_cover_then_each_village_on_a_new_page_and_a3_landscape_is_an_option() {
    let chromium = tools(&[]);
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("content"), &content);
    let site = fs::read_to_string(content.join("site.yaml")).unwrap();
    let site = if site.contains("paper:") {
        site.replace("paper: A4", "paper: A3")
    } else {
        format!("{site}\npaper: A3\n")
    };
    let site = site.replace("orientation: 纵向", "orientation: 横向");
    let site = if site.contains("orientation:") {
        site
    } else {
        format!("{site}\norientation: 横向\n")
    };
    fs::write(content.join("site.yaml"), site).unwrap();
    let (t2, out) = build_into(&content);
    let pdf = t2.path().join("all.pdf");
    print_pdf(&chromium, &out.join("print/2025-q3/index.html"), &pdf);
    let (pages, w, h) = pdfinfo(&pdf);
    assert!(
        (w - 1191.0).abs() < 2.0 && (h - 842.0).abs() < 2.0,
        "A3 landscape expected, got {w} x {h}"
    );
    // Sheet 1 is the cover: every village that published, with its figures.
    let cover: String = pdftotext(&pdf, Some(1)).split_whitespace().collect();
    assert!(cover.contains("各村本季度的数字"), "{cover}");
    for v in ["dongshan", "hexi", "qinglong"] {
        let name = yaml(&content.join(format!("villages/{v}/village.yaml")))["name"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(cover.contains(&name), "cover lacks {name}");
        let acc = yaml(&content.join(format!("villages/{v}/2025-q3/accounts.yaml")));
        let income: Money = acc["income"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|e| amount(&e["amount"]))
            .sum();
        assert!(
            cover.contains(&income.grouped()),
            "cover lacks {name}'s income"
        );
    }
    // Each village's notice starts on a new page with its title; every sheet carries the
    // village and period at the top, so a loose sheet can be put back, and the village's
    // last sheet says it is the last.
    let mut starts = Vec::new();
    let mut current = String::new();
    let mut ends = 0;
    for p in 2..=pages {
        let t = pdftotext(&pdf, Some(p));
        let lines: Vec<&str> = t.lines().map(str::trim).collect();
        if let Some(title) = lines.iter().find(|l| l.ends_with("村「三晒」公开")) {
            starts.push(title.to_string());
            current = title.trim_end_matches("「三晒」公开").to_string();
        }
        let header = format!("{current} 2025年第三季度「三晒」公开");
        assert!(
            lines.contains(&header.as_str()),
            "page {p} lacks the header {header}"
        );
        ends += t.matches("公开内容到此结束").count();
    }
    assert_eq!(ends, 3);
    // Every id on the page is unique: each chart's and table's name is its own village's.
    let html = fs::read_to_string(out.join("print/2025-q3/index.html")).unwrap();
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|t| &t[..t.find('"').unwrap()])
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids on the town print");
    assert_eq!(
        starts,
        vec![
            "东山村「三晒」公开",
            "河西村「三晒」公开",
            "青龙村「三晒」公开"
        ]
    );
}
