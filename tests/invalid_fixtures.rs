//! Every folder under `tests/fixtures/invalid/` is a broken copy of `tests/fixtures/minimal/`,
//! and the report `sanshai check` must give for it.
//!
//! A case folder holds:
//!
//! - `expected.txt`: lines that must appear in the report, each with file, line and column
//!   (a line may stop early, e.g. before a long hint);
//! - `unexpected.txt` (optional): text that must not appear anywhere in the report (follow-on
//!   noise of the first problem, e.g. `对不上` after an amount that could not be read); each
//!   non-empty line is one such text;
//! - `patch.txt` (optional): the lines changed in the minimal site's files, in the format below;
//! - whole files (optional), at their path under `content/`: they are added, or replace the
//!   minimal site's file. Used for new files and for files that are deliberately whole (not
//!   UTF-8, indented with tabs, cut short). An empty `.keep` file makes its folder exist;
//! - `DELETE` (optional): files of the minimal site to remove, one path a line;
//! - `WARNINGS_ONLY` (optional, empty): the run must pass with warnings instead of failing.
//!
//! The run must fail (or, for `WARNINGS_ONLY`, pass), report every listed problem at once, and
//! never panic.
//!
//! # `patch.txt`
//!
//! A tiny line-based patch, so that a case shows the lines it changes next to the report they
//! cause:
//!
//! ```text
//! # A comment. Comment lines and blank lines are ignored.
//! === villages/demo/2025-q3/accounts.yaml
//! @13
//! -    amount: 12000.00
//! +    amount: 12000.005
//! @37
//!      approvers: [王书记, 李主任, 赵会计]
//! +transfers:
//! +  - date: 2025-08-01
//! ```
//!
//! - `=== <path>` starts the changes to one file of the minimal site (path under `content/`).
//! - `@<n>` starts a hunk at line `n` (1-based) of the **original** file; hunks of a file go
//!   downwards and do not overlap. `@<last line + 1>` appends at the end.
//! - In a hunk, each line starts with one marker character:
//!   `-` removes the next original line, which must read exactly as written after the `-`;
//!   `+` puts the text after it into the new file; a space keeps the next original line, which
//!   must read as written (context, to show where an insertion goes).
//!
//! So `-` then `+` replaces a line, `-` alone deletes one, `+` alone inserts before line `n`.
//! The line numbers in `expected.txt` are those of the patched file. A `-` or context line that
//! does not match the minimal site (because the minimal site was edited) fails the test with the
//! line that differs.

mod support;

use std::fs;
use std::path::Path;
use support::*;

/// Files of a case folder that are not content.
const CASE_FILES: [&str; 5] = [
    "expected.txt",
    "unexpected.txt",
    "patch.txt",
    "DELETE",
    "WARNINGS_ONLY",
];

/// One `@<n>` hunk: the original line it starts at and its marked lines.
struct Hunk {
    at: usize,
    lines: Vec<(char, String)>,
}

/// Parses `patch.txt` into (file, hunks) pairs.
fn parse_patch(text: &str, case: &str) -> Vec<(String, Vec<Hunk>)> {
    let mut files: Vec<(String, Vec<Hunk>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let here = format!("[{case}] patch.txt:{}", i + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(path) = line.strip_prefix("=== ") {
            files.push((path.trim().to_string(), Vec::new()));
        } else if let Some(n) = line.strip_prefix('@') {
            let at: usize = n
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{here}: `@` wants a line number, got {line:?}"));
            let (_, hunks) = files
                .last_mut()
                .unwrap_or_else(|| panic!("{here}: `@` before any `=== <file>`"));
            hunks.push(Hunk {
                at,
                lines: Vec::new(),
            });
        } else {
            let mark = line.chars().next().unwrap();
            assert!(
                matches!(mark, '-' | '+' | ' '),
                "{here}: a hunk line starts with `-`, `+` or a space, got {line:?}"
            );
            let hunk = files
                .last_mut()
                .and_then(|(_, h)| h.last_mut())
                .unwrap_or_else(|| panic!("{here}: {line:?} before any `@<line>`"));
            hunk.lines.push((mark, line[1..].to_string()));
        }
    }
    files
}

/// Applies the hunks to `original`; panics (naming the case) where a line does not match.
fn apply(original: &str, hunks: &[Hunk], what: &str) -> String {
    let old: Vec<&str> = original.lines().collect();
    let mut new: Vec<String> = Vec::new();
    let mut next = 0; // index of the next original line not yet copied
    for hunk in hunks {
        assert!(
            hunk.at > next && hunk.at <= old.len() + 1,
            "{what}: hunk @{} is out of order or past the end ({} lines)",
            hunk.at,
            old.len()
        );
        new.extend(old[next..hunk.at - 1].iter().map(|l| l.to_string()));
        next = hunk.at - 1;
        for (mark, text) in &hunk.lines {
            if *mark == '+' {
                new.push(text.clone());
                continue;
            }
            let found = old.get(next).copied();
            assert_eq!(
                found,
                Some(text.as_str()),
                "{what}: line {} of the minimal file is not what the patch says",
                next + 1
            );
            if *mark == ' ' {
                new.push(text.clone());
            }
            next += 1;
        }
    }
    new.extend(old[next..].iter().map(|l| l.to_string()));
    let mut out = new.join("\n");
    if original.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Builds the case's content folder in `content` (a fresh folder).
fn make_case(case: &Path, content: &Path) {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    copy_tree(&root().join("tests/fixtures/minimal"), content);
    let mut whole = Vec::new();
    for entry in walkdir::WalkDir::new(case).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(case).unwrap();
        let rel_s = rel.to_string_lossy();
        if CASE_FILES.contains(&rel_s.as_ref()) {
            continue;
        }
        let dest = content.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else if !rel_s.ends_with(".keep") {
            fs::create_dir_all(dest.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &dest).unwrap();
            whole.push(rel_s.into_owned());
        }
    }
    if let Ok(text) = fs::read_to_string(case.join("patch.txt")) {
        for (file, hunks) in parse_patch(&text, &name) {
            assert!(
                !whole.contains(&file),
                "[{name}] {file} is both patched and given whole"
            );
            let target = content.join(&file);
            let original = fs::read_to_string(&target).unwrap_or_else(|e| {
                panic!("[{name}] patch.txt: {file} is not a file of the minimal site: {e}")
            });
            fs::write(
                &target,
                apply(&original, &hunks, &format!("[{name}] {file}")),
            )
            .unwrap();
        }
    }
    if let Ok(list) = fs::read_to_string(case.join("DELETE")) {
        for line in list.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(content.join(line.trim())).unwrap();
        }
    }
}

/// (has errors, report with the temporary folder's prefix removed).
fn run_case(case: &Path) -> (bool, String) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    make_case(case, &content);
    let (_, diags) = sanshai::build::check(&content);
    (
        diags.has_errors(),
        report_without_prefix(&diags.report(), &content),
    )
}

/// The non-empty lines of a case file (none when the file does not exist).
fn lines_of(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .map(|t| {
            t.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
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
        let case_dir = dir.join(case);
        let (has_errors, report) = run_case(&case_dir);
        // A case marked WARNINGS_ONLY must pass with its warnings; all others must fail.
        let warnings_only = case_dir.join("WARNINGS_ONLY").exists();
        if has_errors == warnings_only {
            failures.push(format!(
                "[{case}] errors: {has_errors}, expected {}:\n{report}",
                !warnings_only
            ));
        }
        let expected = lines_of(&case_dir.join("expected.txt"));
        assert!(!expected.is_empty(), "[{case}] has no expected.txt");
        for want in &expected {
            if !report.contains(want.as_str()) {
                failures.push(format!(
                    "[{case}] missing line:\n  {want}\nreport:\n{report}"
                ));
            }
        }
        for unwanted in lines_of(&case_dir.join("unexpected.txt")) {
            if report.contains(unwanted.as_str()) {
                failures.push(format!(
                    "[{case}] the report must not contain:\n  {unwanted}\nreport:\n{report}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The patch format itself, on a small text: replace, delete, insert with context, append.
#[test]
fn patch_format_replaces_deletes_and_inserts_lines() {
    let patch = "\
# comment
=== f.yaml
@1
-a: 1
+a: 2
@3
-c: 3
@5
 e: 5
+f: 6
@6
+g: 7
";
    let files = parse_patch(patch, "self-test");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "f.yaml");
    let out = apply("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n", &files[0].1, "self-test");
    assert_eq!(out, "a: 2\nb: 2\nd: 4\ne: 5\nf: 6\ng: 7\n");
}

#[test]
#[should_panic(expected = "line 2 of the minimal file is not what the patch says")]
fn patch_format_rejects_a_line_that_does_not_match() {
    let files = parse_patch("=== f.yaml\n@2\n-x: 9\n+x: 1\n", "self-test");
    apply("a: 1\nb: 2\n", &files[0].1, "self-test");
}
