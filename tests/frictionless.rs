//! Every data package of the sample site passes the Frictionless validator
//! (`frictionless validate`, PyPI `frictionless`): the CSV files match their table schemas —
//! types, required values, allowed values, primary and foreign keys.
//!
//! `.ci/run` installs the validator. When it is missing (as for the browser tests in
//! `tests/print.rs`):
//!
//! - outside CI, the test is reported as **ignored** (not passed), with a note saying how to
//!   install it; `cargo test --test frictionless -- --include-ignored` runs it anyway (and it
//!   fails);
//! - in CI (`CI` set), it runs and fails, naming what is missing.
//!
//! The validator is run as `python3 -m frictionless`, so a fresh `pip install` is found
//! without a shell's command cache. This file has its own `main` (`harness = false`) and uses
//! `libtest-mimic` so that a test can be ignored at run time.

mod support;

use libtest_mimic::{Arguments, Trial};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::*;

fn main() {
    let args = Arguments::from_args();
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    let missing = !installed();
    if missing && !in_ci {
        eprintln!(
            "note: frictionless_validates_every_package ignored: the Frictionless validator is \
             not installed; install it with `python3 -m pip install frictionless`"
        );
    }
    let trial = Trial::test("frictionless_validates_every_package", || {
        frictionless_validates_every_package();
        Ok(())
    })
    .with_ignored_flag(missing && !in_ci);
    libtest_mimic::run(&args, vec![trial]).exit();
}

fn validator() -> Command {
    let mut c = Command::new("python3");
    c.args(["-m", "frictionless"]);
    c
}

fn installed() -> bool {
    validator()
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Every `datapackage.json` under `dir`, sorted.
fn packages(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.file_name().is_some_and(|n| n == "datapackage.json"))
        .collect();
    out.sort();
    out
}

fn frictionless_validates_every_package() {
    assert!(
        installed(),
        "the Frictionless validator is not installed: CI must install it (see .ci/run); \
         elsewhere python3 -m pip install frictionless"
    );
    let (_tmp, out) = build_into(&root().join("content"));
    let found = packages(&out);
    assert_eq!(found.len(), 12, "one package per period of the sample");
    // All at once: each run spends most of its time starting Python.
    let runs: Vec<_> = found
        .iter()
        .map(|pkg| {
            validator()
                .args(["validate", "--json"])
                .arg(pkg)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("frictionless runs")
        })
        .collect();
    let mut failures = Vec::new();
    for (pkg, child) in found.iter().zip(runs) {
        let run = child.wait_with_output().expect("frictionless runs");
        let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: no JSON report ({e}): {}",
                pkg.display(),
                String::from_utf8_lossy(&run.stderr)
            )
        });
        let tasks = report["tasks"].as_array().map_or(0, Vec::len);
        if report["valid"] != true || !run.status.success() || tasks == 0 {
            failures.push(format!(
                "{}: {}",
                pkg.strip_prefix(&out).unwrap().display(),
                serde_json::to_string_pretty(&report["tasks"]).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
