//! Property tests that stay in the suite: arbitrary mutations of real content files and
//! arbitrary amount text never make `check` or `build` panic, and every problem they report
//! names a file and, for a YAML file that was read, a line.
//!
//! The number of cases is bounded (`PROPTEST_CASES`, 64 by default here) so the suite stays
//! quick; raise it locally to search longer.

mod support;

use proptest::prelude::*;
use sanshai::diag::Severity;
use sanshai::money::Money;
use std::fs;
use std::path::Path;
use support::*;

/// The minimal site's YAML files (relative paths) and their text.
fn files() -> Vec<(String, String)> {
    let base = root().join("tests/fixtures/minimal");
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(&base).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, fs::read_to_string(e.path()).unwrap()));
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace line `n` with text.
    Replace(usize, String),
    /// Insert text before line `n`.
    Insert(usize, String),
    Delete(usize),
    /// Repeat line `n`.
    Duplicate(usize),
    /// Replace the characters from byte `at` (on a char boundary) up to `len` chars.
    Splice(usize, usize, String),
}

/// Text that is likely to stress the reader: YAML syntax, numbers at the edges, dates,
/// Chinese, control characters.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(":".to_string()),
        Just("- ".to_string()),
        Just("  amount: 99999999999999999999".to_string()),
        Just("  amount: -0.001".to_string()),
        Just("  days: 4294967295".to_string()),
        Just("  satisfied: 4294967295".to_string()),
        Just("  date: 2025-02-30".to_string()),
        Just("\t- x".to_string()),
        Just("&a [*a, *a]".to_string()),
        Just("\"unclosed".to_string()),
        Just("{a: [1, 2".to_string()),
        Just("? [x]\n: y".to_string()),
        Just("---".to_string()),
        Just("金额：１２３".to_string()),
        Just("\u{0}\u{feff}".to_string()),
        "[ -~]{0,40}",
        "[\\PC]{0,20}",
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0usize..60, nasty()).prop_map(|(n, t)| Mutation::Replace(n, t)),
        (0usize..60, nasty()).prop_map(|(n, t)| Mutation::Insert(n, t)),
        (0usize..60).prop_map(Mutation::Delete),
        (0usize..60).prop_map(Mutation::Duplicate),
        (0usize..3000, 0usize..8, nasty()).prop_map(|(a, l, t)| Mutation::Splice(a, l, t)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len().max(1);
    match m {
        Mutation::Replace(i, t) if !lines.is_empty() => lines[i % n] = t.clone(),
        Mutation::Insert(i, t) => lines.insert(i % (n + 1).min(lines.len() + 1), t.clone()),
        Mutation::Delete(i) if !lines.is_empty() => {
            lines.remove(i % n);
        }
        Mutation::Duplicate(i) if !lines.is_empty() => {
            let l = lines[i % n].clone();
            lines.insert(i % n, l);
        }
        Mutation::Splice(at, len, t) => {
            let chars: Vec<char> = text.chars().collect();
            let at = at % (chars.len() + 1);
            let end = (at + len).min(chars.len());
            let mut s: String = chars[..at].iter().collect();
            s.push_str(t);
            s.extend(&chars[end..]);
            return s;
        }
        _ => {}
    }
    lines.join("\n") + "\n"
}

fn check_reports_positions(content: &Path) {
    let (_, diags) = sanshai::build::check(content);
    for d in diags.iter() {
        assert!(!d.file.is_empty(), "a problem without a file: {d:?}");
        let is_yaml = d.file.ends_with(".yaml");
        let exists = Path::new(&d.file).is_file();
        if d.severity == Severity::Error && is_yaml && exists {
            assert!(
                d.line >= 1,
                "an error in a YAML file without a line: {}",
                diags.report()
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_content_is_reported_not_panicked_on(
        which in 0usize..16,
        muts in proptest::collection::vec(mutation(), 1..4),
    ) {
        let files = files();
        let (rel, text) = &files[which % files.len()];
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        copy_tree(&root().join("tests/fixtures/minimal"), &content);
        let mut t = text.clone();
        for m in &muts {
            t = apply(&t, m);
        }
        fs::write(content.join(rel), &t).unwrap();
        check_reports_positions(&content);
        // A build of content that passes the checks must not panic either.
        let out = tmp.path().join("public");
        let _ = sanshai::build::build(&sanshai::build::Options {
            content: content.clone(),
            output: out,
            base_url: None,
            theme: None,
            allow_removal: false,
        });
    }

    #[test]
    fn amount_text_never_panics(s in "\\PC{0,30}") {
        let _ = Money::parse(&s);
    }

    #[test]
    fn amounts_round_trip(fen in -100_000_000_000_000i64..=100_000_000_000_000i64) {
        let m = Money::from_fen(fen);
        prop_assert_eq!(Money::parse(&m.yuan()), Ok(m));
        prop_assert_eq!(Money::parse(&m.grouped()), Ok(m));
        let _ = sanshai::money::to_capital(fen);
    }
}
