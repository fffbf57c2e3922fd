//! Accessibility and validity in a real browser: axe-core (npm) runs in Debian's Chromium over
//! every page of the sample and of a busy quarter (500 entries) at 360, 768 and 1280 px, and
//! the W3C Nu validator (npm `vnu-jar`) checks every page's HTML. Both fail on any violation
//! or error. The same run measures what axe does not: no page wider than the screen, chart text
//! between 14 px and the body size, and how many screens the busy quarter takes on a phone
//! before anything is unfolded.
//!
//! `.ci/run` installs chromium, Java and the npm packages (`tests/browser`). When they are
//! missing the tests are ignored outside CI and fail in CI, as in `tests/print.rs`.

mod support;

use libtest_mimic::{Arguments, Trial};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

/// Window widths of a cheap phone, a tablet and a desktop.
const WIDTHS: &str = "360,768,1280";
/// A phone screen: 360 × 800 CSS px, the most common Android window.
const PHONE_SCREEN: f64 = 800.0;

fn browser_dir() -> PathBuf {
    root().join("tests/browser")
}

fn missing() -> Vec<&'static str> {
    let mut m = Vec::new();
    let on_path = |t: &str| {
        std::env::var_os("PATH")
            .into_iter()
            .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .any(|d| d.join(t).is_file())
    };
    if !on_path("chromium") {
        m.push("chromium");
    }
    if !on_path("node") {
        m.push("node");
    }
    if !on_path("java") {
        m.push("java");
    }
    let modules = browser_dir().join("node_modules");
    if !modules.join("axe-core").is_dir() || !modules.join("puppeteer-core").is_dir() {
        m.push("tests/browser/node_modules (npm ci)");
    }
    if !modules.join("vnu-jar").is_dir() {
        m.push("vnu-jar (npm ci)");
    }
    m
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    files.sort();
    files
}

fn run_axe(files: &[PathBuf]) -> Value {
    let out = Command::new("node")
        .current_dir(browser_dir())
        .arg("axe.mjs")
        .arg(WIDTHS)
        .args(files)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "axe run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("axe output is JSON")
}

/// Every axe violation, every page wider than its window, and chart text outside 14 px to the
/// body size, as lines of a report.
fn problems(result: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for v in result["violations"].as_array().unwrap() {
        out.push(format!(
            "{} @{}px: {} ({}) {}",
            v["page"].as_str().unwrap(),
            v["width"],
            v["id"].as_str().unwrap(),
            v["help"].as_str().unwrap(),
            v["targets"]
        ));
    }
    for l in result["layout"].as_array().unwrap() {
        let page = l["page"].as_str().unwrap();
        let width = l["width"].as_f64().unwrap();
        if l["scrollWidth"].as_f64().unwrap() > width {
            out.push(format!(
                "{page} @{width}px: the page is {} px wide",
                l["scrollWidth"]
            ));
        }
        if let (Some(min), Some(max)) = (l["chartTextMin"].as_f64(), l["chartTextMax"].as_f64()) {
            let body = l["body"].as_f64().unwrap();
            if min < 14.0 - 0.05 || max > body + 0.05 {
                out.push(format!(
                    "{page} @{width}px: chart text {min:.1}–{max:.1} px (body {body} px)"
                ));
            }
        }
    }
    out
}

fn axe_passes_on_every_sample_page() {
    let (_tmp, out) = build_into(&root().join("content"));
    let files = html_files(&out);
    assert!(files.len() > 30, "{} pages", files.len());
    let result = run_axe(&files);
    assert_eq!(
        result["pages"].as_u64().unwrap() as usize,
        files.len() * 3,
        "every page at every width"
    );
    let p = problems(&result);
    assert!(p.is_empty(), "{} problems:\n{}", p.len(), p.join("\n"));
}

fn busy_quarter_passes_axe_and_stays_short_on_a_phone() {
    let (_t, content) = busy_quarter(500);
    let (_tmp, out) = build_into(&content);
    // To look at the busy site: SANSHAI_BUSY_SITE=<folder> keeps a copy of it there.
    if let Some(keep) = std::env::var_os("SANSHAI_BUSY_SITE") {
        copy_tree(&out, Path::new(&keep));
    }
    let files = html_files(&out);
    let result = run_axe(&files);
    let p = problems(&result);
    assert!(p.is_empty(), "{} problems:\n{}", p.len(), p.join("\n"));
    let page = out.join("demo/2025-q3/index.html");
    let height = result["layout"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["width"] == 360 && Path::new(l["page"].as_str().unwrap()) == page)
        .map(|l| l["height"].as_f64().unwrap())
        .unwrap();
    let screens = height / PHONE_SCREEN;
    assert!(
        screens < 15.0,
        "the 500-entry quarter is {screens:.1} phone screens tall ({height} px)"
    );
    // Every entry is still on the page, one tap away.
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("记-001") && html.contains("记-500"));
}

fn nu_validator_finds_no_errors() {
    let (_t1, out) = build_into(&root().join("content"));
    let (_t2, content) = busy_quarter(500);
    let (_t3, busy) = build_into(&content);
    let mut files = html_files(&out);
    files.extend(html_files(&busy));
    let jar = browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let run = Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("run java");
    // vnu writes its JSON report on stderr.
    let report: Value = serde_json::from_slice(&run.stderr)
        .unwrap_or_else(|_| panic!("vnu report: {}", String::from_utf8_lossy(&run.stderr)));
    let messages: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"].as_str().unwrap_or(""),
                m["lastLine"],
                m["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        messages.is_empty(),
        "{} errors:\n{}",
        messages.len(),
        messages.join("\n")
    );
}

fn main() {
    let args = Arguments::from_args();
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    let missing = missing();
    if !missing.is_empty() && !in_ci {
        eprintln!(
            "note: accessibility tests ignored, not installed: {}\n\
             install them with `apt-get install chromium default-jre-headless` and \
             `npm ci --prefix tests/browser`",
            missing.join(", ")
        );
    }
    let tests: [(&str, fn()); 3] = [
        (
            "axe_passes_on_every_sample_page",
            axe_passes_on_every_sample_page,
        ),
        (
            "busy_quarter_passes_axe_and_stays_short_on_a_phone",
            busy_quarter_passes_axe_and_stays_short_on_a_phone,
        ),
        ("nu_validator_finds_no_errors", nu_validator_finds_no_errors),
    ];
    let trials = tests
        .into_iter()
        .map(|(name, test)| {
            let absent = missing.clone();
            Trial::test(name, move || {
                assert!(absent.is_empty(), "not installed: {absent:?} (see .ci/run)");
                test();
                Ok(())
            })
            .with_ignored_flag(!missing.is_empty() && !in_ci)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
