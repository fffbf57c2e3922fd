//! The examples in `docs/format.md` (the accountants' manual) are checked by the program, so
//! the manual cannot drift from what `sanshai check` accepts and prints.
//!
//! An HTML comment on the line before a fenced block (blank lines between are allowed) says
//! what the block is; it does not show when the Markdown is read:
//!
//! - `<!-- check: <path> -->` before a `yaml` block: the whole file at `<path>` under
//!   `content/`. All such examples are put into a copy of `tests/fixtures/minimal/` at their
//!   paths, and `sanshai check` must find no error and no warning but those in
//!   [`EXPECTED_WARNINGS`]. The examples of one village refer to each other (names, funds), so
//!   they are checked together; a quarter folder that holds an example but no `accounts.yaml`
//!   or `performance.yaml` gets one with no entries (balances carried into the next quarter's
//!   example).
//! - `<!-- check: part of <path> -->`: some top-level keys of that file. They are put into the
//!   whole example of `<path>` (for `accounts.yaml`, in place of its entries, with the closing
//!   balances worked out again), which must then pass.
//! - `<!-- check: county.yaml -->`: the county file of section 1.3. It is put above two copies
//!   of `tests/fixtures/minimal/` as the towns of a county, which must check and build.
//! - `<!-- check: YAML only -->`: shows YAML itself, not a content file: it must parse.
//! - `<!-- check: report of 例 N -->` before a `text` block: the lines `sanshai check` prints
//!   (to the letter, with line and column) for the broken input that example N of section 6
//!   describes. The broken input is made here, in [`BROKEN`], from the `accounts.yaml` example.
//!
//! Every `yaml` block must carry a marker; a new one without it fails the test.

mod support;

use sanshai::money::Money;
use serde_norway::{Mapping, Value};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use support::*;

/// A changed line: (line, as written in the example, changed to).
type Edit = (usize, &'static str, &'static str);

/// The broken inputs of section 6: (example, file, its changed lines). The lines are those of
/// the file's example in the manual, which the reports cite.
const BROKEN: [(&str, &str, &[Edit]); 4] = [
    (
        "例 1",
        "villages/dongshan/2025-q3/accounts.yaml",
        &[(7, "  农商行基本户: 156540.35", "  农商行基本户: 157540.35")],
    ),
    (
        "例 2",
        "villages/dongshan/2025-q3/accounts.yaml",
        &[
            (35, "    amount: 37500.00", "    amount: \"3,7500.00\""),
            (42, "    account: 管理费用", "    account: 办公费"),
        ],
    ),
    (
        "例 3",
        "villages/dongshan/2025-q3/accounts.yaml",
        &[(
            69,
            "    approvers: [王建国, 陈海燕, 张志强]",
            "    approvers: [王建国, 陈海燕]",
        )],
    ),
    (
        // The request carried in from the second quarter, typed again with its old date
        // instead of updated by its id (an edit may hold several lines).
        "例 4",
        "villages/dongshan/2025-q3/performance.yaml",
        &[
            (
                40,
                "  - id: MQ-2025-007                # 二季度转入的诉求：只写编号和变了的内容",
                "  - date: 2025-06-18\n    source: 接待日\n    from: 三组村民陈某\n    summary: 机耕路雨后积水，农机下不了田",
            ),
            (41, "    status: 已落实", "    status: 已落实\n    handler: 王建国"),
        ],
    ),
];

/// Warnings the whole examples give on purpose: the conduct example shows two cadres and ends
/// with「# ……其余干部照此填写」.
const EXPECTED_WARNINGS: [&str; 1] = ["没有述职和测评"];

/// What a marker says a block is.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Whole(String),
    Part(String),
    YamlOnly,
    Report(String),
}

/// A fenced block of the manual.
#[derive(Debug)]
struct Block {
    /// Line of the opening fence in docs/format.md.
    line: usize,
    lang: String,
    kind: Option<Kind>,
    text: String,
}

impl Block {
    fn place(&self) -> String {
        format!("docs/format.md:{}", self.line)
    }
}

fn blocks() -> Vec<Block> {
    let doc = fs::read_to_string(root().join("docs/format.md")).unwrap();
    let mut out = Vec::new();
    let mut marker: Option<(usize, String)> = None;
    let mut open: Option<Block> = None;
    for (i, line) in doc.lines().enumerate() {
        if let Some(block) = &mut open {
            if line.trim_end() == "```" {
                out.push(open.take().unwrap());
            } else {
                block.text.push_str(line);
                block.text.push('\n');
            }
        } else if let Some(lang) = line.strip_prefix("```") {
            let kind = marker.take().map(|(at, m)| parse_marker(&m, at));
            open = Some(Block {
                line: i + 1,
                lang: lang.trim().to_string(),
                kind,
                text: String::new(),
            });
        } else if let Some(m) = line.trim().strip_prefix("<!-- check:") {
            let m = m.strip_suffix("-->").expect("marker on one line");
            marker = Some((i + 1, m.trim().to_string()));
        } else if !line.trim().is_empty() {
            marker = None;
        }
    }
    assert!(open.is_none(), "unclosed code block in docs/format.md");
    out
}

fn parse_marker(m: &str, line: usize) -> Kind {
    if m == "YAML only" {
        Kind::YamlOnly
    } else if let Some(path) = m.strip_prefix("part of ") {
        Kind::Part(path.trim().to_string())
    } else if let Some(example) = m.strip_prefix("report of ") {
        Kind::Report(example.trim().to_string())
    } else {
        assert!(
            m.ends_with(".yaml") && !m.contains(' '),
            "docs/format.md:{line}: marker `{m}` is not a file path, `part of <path>`, \
             `YAML only` or `report of 例 N`"
        );
        Kind::Whole(m.to_string())
    }
}

/// The county file's example: not part of a town, checked by `the_county_example_builds`.
const COUNTY: &str = "county.yaml";

/// The whole-file examples: path under `content/` → text.
fn whole_examples(blocks: &[Block]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for b in blocks {
        if let Some(Kind::Whole(path)) = &b.kind {
            if path == COUNTY {
                continue; // not a file of a town (see `the_county_example_builds`)
            }
            let old = out.insert(path.clone(), b.text.clone());
            assert!(
                old.is_none(),
                "{}: a second whole example of {path}",
                b.place()
            );
        }
    }
    out
}

/// A copy of the minimal site with `files` (path under `content/` → text) written into it, and
/// an `accounts.yaml` and a `performance.yaml` with no entries added to any quarter folder of
/// theirs that lacks one.
fn site_with(files: &BTreeMap<String, String>) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    for (path, text) in files {
        let dest = content.join(path);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::write(dest, text).unwrap();
    }
    for path in files.keys() {
        let dir = Path::new(path).parent().unwrap();
        let quarter = dir.file_name().unwrap_or_default().to_string_lossy();
        if !quarter.contains("-q") {
            continue;
        }
        let accounts = dir.join("accounts.yaml");
        if !files.contains_key(accounts.to_str().unwrap()) {
            fs::write(content.join(&accounts), empty_quarter(&quarter, dir, files)).unwrap();
        }
        let performance = dir.join("performance.yaml");
        if !files.contains_key(performance.to_str().unwrap()) {
            fs::write(
                content.join(&performance),
                "work: []\ngoals: []\nrequests: []\n",
            )
            .unwrap();
        }
    }
    (tmp, content)
}

/// An `accounts.yaml` for quarter `quarter` (e.g. `2025-q2`) of the village folder above `dir`:
/// no entries, its balances those the next quarter's example opens with, reviewed by the first
/// supervisor of the village's example and posted early in the following month.
fn empty_quarter(quarter: &str, dir: &Path, files: &BTreeMap<String, String>) -> String {
    let (year, q) = quarter.split_once("-q").unwrap();
    let (year, q): (u32, u32) = (year.parse().unwrap(), q.parse().unwrap());
    let next = if q == 4 {
        format!("{}-q1", year + 1)
    } else {
        format!("{year}-q{}", q + 1)
    };
    let village_dir = dir.parent().unwrap();
    let key = |p: &Path| p.to_str().unwrap().to_string();
    let next_accounts = files
        .get(&key(&village_dir.join(&next).join("accounts.yaml")))
        .unwrap_or_else(|| panic!("no accounts.yaml example for {next} to carry {quarter} into"));
    let opening: Value = serde_norway::from_str::<Value>(next_accounts).unwrap()["opening"].clone();
    let village: Value =
        serde_norway::from_str(&files[&key(&village_dir.join("village.yaml"))]).unwrap();
    let reviewer = village["supervisors"][0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let (post_year, post_month) = if q == 4 {
        (year + 1, 1)
    } else {
        (year, q * 3 + 1)
    };
    let balances = serde_norway::to_string(&opening).unwrap();
    let balances = balances.trim_end().replace('\n', "\n  ");
    format!(
        "opening:\n  {balances}\nclosing:\n  {balances}\nincome: []\nexpenses: []\n\
         review:\n  reviewed_by: [{reviewer}]\n  reviewed_on: {post_year}-{post_month:02}-03\n  \
         posted_on: {post_year}-{post_month:02}-05\n  days: 15\n"
    )
}

/// `check` on a site; panics with the report when there is an error.
fn assert_passes(content: &Path, what: &str) -> String {
    let (_, diags) = sanshai::build::check(content);
    let report = report_without_prefix(&diags.report(), content);
    assert!(
        !diags.has_errors(),
        "{what} fails `sanshai check`:\n{report}"
    );
    report
}

#[test]
fn every_yaml_example_is_marked() {
    let blocks = blocks();
    let yaml: Vec<&Block> = blocks.iter().filter(|b| b.lang == "yaml").collect();
    assert!(yaml.len() >= 7, "only {} yaml blocks found", yaml.len());
    for b in &yaml {
        assert!(
            matches!(
                b.kind,
                Some(Kind::Whole(_) | Kind::Part(_) | Kind::YamlOnly)
            ),
            "{}: a yaml block needs a marker before it saying which file it shows, e.g. \
             `<!-- check: villages/dongshan/village.yaml -->` (see tests/format_doc.rs)",
            b.place()
        );
    }
    let reports: Vec<String> = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            Some(Kind::Report(n)) => Some(n.clone()),
            _ => None,
        })
        .collect();
    let known: Vec<String> = BROKEN.iter().map(|(n, _, _)| n.to_string()).collect();
    assert_eq!(
        reports, known,
        "the reports marked in the manual and the broken inputs in BROKEN differ"
    );
}

#[test]
fn yaml_only_examples_parse() {
    for b in blocks().iter().filter(|b| b.kind == Some(Kind::YamlOnly)) {
        let v: Value = serde_norway::from_str(&b.text)
            .unwrap_or_else(|e| panic!("{}: not valid YAML: {e}", b.place()));
        assert!(v.is_mapping(), "{}: not a mapping", b.place());
    }
}

#[test]
fn whole_file_examples_pass_check() {
    let blocks = blocks();
    let examples = whole_examples(&blocks);
    assert!(
        examples.keys().any(|p| p == "site.yaml") && examples.len() >= 5,
        "expected examples of every kind of file, found {:?}",
        examples.keys()
    );
    let (_tmp, content) = site_with(&examples);
    let report = assert_passes(&content, "the manual's examples");
    for line in report.lines() {
        assert!(
            EXPECTED_WARNINGS.iter().any(|w| line.contains(w)),
            "the manual's examples give a warning they should not:\n{report}"
        );
    }
}

#[test]
fn partial_examples_pass_check_inside_their_file() {
    let blocks = blocks();
    let examples = whole_examples(&blocks);
    let mut parts = 0;
    for b in &blocks {
        let Some(Kind::Part(path)) = &b.kind else {
            continue;
        };
        parts += 1;
        let host = examples
            .get(path)
            .unwrap_or_else(|| panic!("{}: part of {path}, which has no whole example", b.place()));
        let mut host: Mapping = serde_norway::from_str(host).unwrap();
        let part: Mapping = serde_norway::from_str(&b.text)
            .unwrap_or_else(|e| panic!("{}: not valid YAML: {e}", b.place()));
        if path.ends_with("accounts.yaml") {
            for key in ["income", "expenses", "transfers"] {
                host.insert(key.into(), Value::Sequence(vec![]));
            }
        }
        for (k, v) in part {
            host.insert(k, v);
        }
        if path.ends_with("accounts.yaml") {
            rebalance(&mut host, &b.place());
        }
        let mut files = examples.clone();
        files.insert(path.clone(), serde_norway::to_string(&host).unwrap());
        let (_tmp, content) = site_with(&files);
        assert_passes(&content, &b.place());
    }
    assert!(parts > 0, "no `part of` example found");
}

/// Sets `closing` to what `opening` and the entries come to.
fn rebalance(accounts: &mut Mapping, place: &str) {
    let mut balance: BTreeMap<String, Money> = BTreeMap::new();
    let opening = accounts["opening"].as_mapping();
    for (fund, amount) in opening.unwrap_or_else(|| panic!("{place}: no opening balances")) {
        balance.insert(fund.as_str().unwrap().into(), support::amount(amount));
    }
    let entries = |key: &str| {
        accounts
            .get(key)
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default()
    };
    let mut add = |fund: &Value, amount: Money| {
        // An unknown fund gets a closing balance too: `check` names it.
        *balance
            .entry(fund.as_str().unwrap().into())
            .or_insert(Money::ZERO) += amount;
    };
    // An entry's lines (`lines:`) each count to their own fund (the entry's when not written).
    let lines = |e: &Value| -> Vec<(Value, Money)> {
        match e["lines"].as_sequence() {
            Some(parts) => parts
                .iter()
                .map(|l| {
                    let via = if l["via"].is_null() {
                        &e["via"]
                    } else {
                        &l["via"]
                    };
                    (via.clone(), support::amount(&l["amount"]))
                })
                .collect(),
            None => vec![(e["via"].clone(), support::amount(&e["amount"]))],
        }
    };
    for e in entries("income") {
        for (via, m) in lines(&e) {
            add(&via, m);
        }
    }
    for e in entries("expenses") {
        for (via, m) in lines(&e) {
            add(&via, -m);
        }
    }
    for e in entries("transfers") {
        add(&e["to"], support::amount(&e["amount"]));
        add(&e["from"], -support::amount(&e["amount"]));
    }
    for e in entries("pass_through") {
        let m = support::amount(&e["amount"]);
        if e["kind"].as_str() == Some("代收") {
            add(&e["via"], m);
        } else {
            add(&e["via"], -m);
        }
    }
    let closing: Mapping = balance
        .into_iter()
        .map(|(fund, m)| (fund.into(), m.grouped().replace(',', "").into()))
        .collect();
    accounts.insert("closing".into(), Value::Mapping(closing));
}

#[test]
fn error_reports_in_the_manual_are_what_check_prints() {
    let blocks = blocks();
    let examples = whole_examples(&blocks);
    for (example, path, edits) in BROKEN {
        let doc = blocks
            .iter()
            .find(|b| b.kind == Some(Kind::Report(example.to_string())))
            .unwrap_or_else(|| panic!("no `report of {example}` block in the manual"));
        let mut lines: Vec<String> = examples[path].lines().map(str::to_string).collect();
        for &(n, was, now) in edits {
            assert_eq!(
                lines[n - 1],
                was,
                "{example}: line {n} of the {path} example changed; update BROKEN"
            );
            lines[n - 1] = now.to_string();
        }
        // The file's own quarter, village and town, and the village's earlier `performance.yaml`
        // (whose open requests carry into the quarter), nothing else: the summary line counts
        // every warning of the site.
        let quarter = Path::new(path).parent().unwrap();
        let village = quarter.parent().unwrap().join("village.yaml");
        let earlier_requests = |p: &Path| {
            p.file_name().is_some_and(|n| n == "performance.yaml")
                && p.parent().and_then(Path::parent) == quarter.parent()
                && p.parent() < Some(quarter)
        };
        let mut files: BTreeMap<String, String> = examples
            .iter()
            .filter(|(p, _)| {
                let p = Path::new(p.as_str());
                p == Path::new("site.yaml")
                    || p == village
                    || p.parent() == Some(quarter)
                    || earlier_requests(p)
            })
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect();
        files.insert(path.to_string(), lines.join("\n") + "\n");
        let (tmp, _) = site_with(&files);
        // Run as the manual says, from the folder that holds `content`.
        let run = Command::new(env!("CARGO_BIN_EXE_sanshai"))
            .args(["check", "--content", "content"])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&run.stderr).into_owned();
        let printed_lines: Vec<&str> = printed.lines().collect();
        for want in doc.text.lines() {
            assert!(
                printed_lines.contains(&want),
                "{} ({example}): `sanshai check` does not print\n  {want}\nit prints:\n{printed}",
                doc.place()
            );
        }
        let fails = doc.text.contains(": 错误: ");
        assert_eq!(
            run.status.success(),
            !fails,
            "{example}: exit status {}\n{printed}",
            run.status
        );
    }
}

#[test]
fn the_county_example_builds() {
    let blocks = blocks();
    let example = blocks
        .iter()
        .find(|b| b.kind == Some(Kind::Whole(COUNTY.into())))
        .expect("docs/format.md shows county.yaml");
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(content.join(COUNTY), &example.text).unwrap();
    for town in ["beizhen", "nanzhen"] {
        copy_tree(
            &root().join("tests/fixtures/minimal"),
            &content.join("towns").join(town),
        );
    }
    let diags = sanshai::county::check(&content);
    assert!(
        !diags.has_errors() && diags.warning_count() == 0,
        "{}: {}",
        example.place(),
        diags.report()
    );
    let out = tmp.path().join("public");
    sanshai::build::build(&sanshai::build::Options {
        content: content.clone(),
        output: out.clone(),
        base_url: None,
        theme: None,
        allow_removal: false,
    })
    .unwrap_or_else(|d| panic!("{}: {}", example.place(), d.report()));
    let sitemap = fs::read_to_string(out.join("nanzhen/sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://county.example.cn/nanzhen/"));
}
