//! Every folder under `tests/fixtures/invalid/` is a broken copy of `tests/fixtures/minimal/`:
//! its files replace the minimal site's files (a `DELETE` file lists files to remove). Its
//! `expected.txt` lists lines that must appear in the report of `sanshai check`, each with
//! file, line and column; an optional `unexpected.txt` lists text that must not appear
//! (follow-on noise of the first problem). The run must fail (or, for a case holding a
//! `WARNINGS_ONLY` file, pass with its warnings), report every listed problem at once, and
//! never panic.

mod support;

use std::fs;
use support::*;

fn run_case(name: &str) -> (bool, String) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let case = root().join("tests/fixtures/invalid").join(name);
    for entry in walkdir::WalkDir::new(&case) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&case).unwrap();
        let rel_s = rel.to_string_lossy();
        if rel_s == "expected.txt"
            || rel_s == "unexpected.txt"
            || rel_s == "DELETE"
            || rel_s.is_empty()
        {
            continue;
        }
        let dest = content.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else if !rel_s.ends_with(".keep") {
            fs::create_dir_all(dest.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
    if let Ok(list) = fs::read_to_string(case.join("DELETE")) {
        for line in list.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(content.join(line.trim())).unwrap();
        }
    }
    let (_, diags) = sanshai::build::check(&content);
    (
        diags.has_errors(),
        report_without_prefix(&diags.report(), &content),
    )
}

#[test]
fn the_minimal_fixture_is_valid() {
    let (_, diags) = sanshai::build::check(&root().join("tests/fixtures/minimal"));
    assert!(diags.is_empty(), "{}", diags.report());
}

#[test]
fn every_invalid_fixture_reports_its_problems_with_positions() {
    let dir = root().join("tests/fixtures/invalid");
    let mut cases: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 10,
        "expected at least 10 invalid fixtures, found {cases:?}"
    );
    let mut failures = Vec::new();
    for case in &cases {
        let (has_errors, report) = run_case(case);
        // A case marked WARNINGS_ONLY must pass with its warnings; all others must fail.
        let warnings_only = dir.join(case).join("WARNINGS_ONLY").exists();
        if has_errors == warnings_only {
            failures.push(format!(
                "[{case}] errors: {has_errors}, expected {}:\n{report}",
                !warnings_only
            ));
        }
        let expected = fs::read_to_string(dir.join(case).join("expected.txt")).unwrap();
        for want in expected.lines().filter(|l| !l.trim().is_empty()) {
            if !report.contains(want) {
                failures.push(format!(
                    "[{case}] missing line:\n  {want}\nreport:\n{report}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
