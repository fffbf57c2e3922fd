//! No villager's ID, mobile or bank-card number reaches any output unmasked, whatever text
//! field it was typed into, and `check` warns at each place.
//!
//! The fields are not listed by hand: every value of every file of the sample content is a
//! candidate, grouped by its shape (`expenses[*].summary` of an accounts file). A payload of
//! the three kinds of number is appended to one value of each shape in a small content folder;
//! shapes that then fail to load are typed values (dates, amounts, choices, names that other
//! files refer to) and are left out. Every remaining shape — the text fields, as the types
//! accept them — gets the payload in the full sample, which is built; then no file of the site
//! may hold a full number, every page kind shows the masked forms, and each payload is warned.

mod support;

use serde_norway::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use support::*;

const MOBILE: &str = "13812345678";
const ID: &str = "11010519491231002X";
const CARD: &str = "6217000010001234569";
const MASKED: [&str; 3] = ["138****5678", "110105********002X", "6217 **** **** 4569"];

fn payload() -> String {
    format!(" 联系人张三 {MOBILE} 身份证 {ID} 卡号 {CARD}")
}

/// A step of a path into a YAML value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every string value of `v` with its path.
fn strings(v: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::String(_) => out.push(path.clone()),
        Value::Sequence(items) => {
            for (i, x) in items.iter().enumerate() {
                path.push(Step::Index(i));
                strings(x, path, out);
                path.pop();
            }
        }
        Value::Mapping(m) => {
            for (k, x) in m {
                let Value::String(k) = k else { continue };
                path.push(Step::Key(k.clone()));
                strings(x, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match (step, v) {
        (Step::Index(i), Value::Sequence(items)) => &mut items[*i],
        (Step::Key(k), Value::Mapping(m)) => m.get_mut(k.as_str()).unwrap(),
        (s, v) => panic!("{s:?} not in {v:?}"),
    })
}

/// `expenses[*].summary`-like shape of a path, with the file's name.
fn shape(file: &str, path: &[Step]) -> String {
    let mut s = file.to_string();
    for step in path {
        match step {
            Step::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Step::Index(_) => s.push_str("[*]"),
        }
    }
    s
}

/// The file name a shape is keyed by (`accounts.yaml`, `village.yaml`, `site.yaml` …).
fn kind(rel: &str) -> String {
    rel.rsplit('/').next().unwrap().to_string()
}

fn yaml_files(content: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(content).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(content)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // The register of publications and its archived copies are written by sanshai, not
        // typed (tests/published.rs checks that archived copies are masked).
        if rel.ends_with(".yaml") && rel != "published.yaml" && !rel.starts_with("published/") {
            out.push(rel);
        }
    }
    out
}

/// Appends the payload to the values at `paths` of the file `rel` under `content`.
fn inject(content: &Path, rel: &str, paths: &[Vec<Step>]) {
    let file = content.join(rel);
    let mut v = yaml(&file);
    for p in paths {
        let slot = get_mut(&mut v, p);
        let Value::String(s) = slot else {
            unreachable!()
        };
        s.push_str(&payload());
    }
    fs::write(&file, serde_norway::to_string(&v).unwrap()).unwrap();
}

/// For one period folder: the sample's site, that village, that period and the village's
/// earlier periods (whose open requests carry into it and are updated there by id).
fn small_copy(village: &str, period: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    let src = root().join("content");
    fs::create_dir_all(c.join("villages").join(village)).unwrap();
    fs::copy(src.join("site.yaml"), c.join("site.yaml")).unwrap();
    let v = format!("villages/{village}/village.yaml");
    fs::copy(src.join(&v), c.join(&v)).unwrap();
    for entry in fs::read_dir(src.join("villages").join(village)).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() && name.as_str() <= period {
            copy_tree(&entry.path(), &c.join("villages").join(village).join(&name));
        }
    }
    (tmp, c)
}

#[test]
fn personal_numbers_in_any_text_field_are_masked_everywhere_and_warned() {
    let sample = root().join("content");
    // First place (file and path) of each shape.
    let mut first: BTreeMap<String, (String, Vec<Step>)> = BTreeMap::new();
    for rel in yaml_files(&sample) {
        let mut paths = Vec::new();
        strings(&yaml(&sample.join(&rel)), &mut Vec::new(), &mut paths);
        for p in paths {
            first
                .entry(shape(&kind(&rel), &p))
                .or_insert((rel.clone(), p));
        }
    }
    // Which shapes are text: those that still load with the payload in them.
    let mut text_shapes = BTreeSet::new();
    for (shape, (rel, path)) in &first {
        let parts: Vec<&str> = rel.split('/').collect();
        let (village, period) = match parts.as_slice() {
            ["villages", v, p, _] => (*v, *p),
            ["villages", v, _] => (*v, "2025-q4"),
            _ => ("dongshan", "2025-q4"),
        };
        // Phone fields of site.yaml and village.yaml and the village's own account numbers
        // are published on purpose.
        // A request's `id` is a reference between quarters (an update repeats it), not text.
        // A voucher number is what a reversal (`reverses`) names in another quarter.
        if shape.ends_with(".phone")
            || shape.ends_with("funds[*].number")
            || shape.ends_with("requests[*].id")
            || shape.ends_with("[*].voucher")
        {
            continue;
        }
        let (_tmp, c) = small_copy(village, period);
        inject(&c, rel, std::slice::from_ref(path));
        let (_, diags) = sanshai::build::check(&c);
        if !diags.has_errors() {
            text_shapes.insert(shape.clone());
        }
    }
    // Sanity: the free-text fields the rules care about are among them.
    for must in [
        "accounts.yaml.income[*].summary",
        "accounts.yaml.expenses[*].summary",
        "accounts.yaml.assets.receivables[*].note",
        "accounts.yaml.assets.contracts[*].counterparty",
        "performance.yaml.requests[*].summary",
        "performance.yaml.requests[*].action",
        "performance.yaml.visits[*].raised",
        "village.yaml.grid[*].members[*].promise",
        "village.yaml.schedules[*].note",
        "conduct.yaml.cadres[*].duty_report",
        "conduct.yaml.cadres[*].integrity",
        "village.yaml.intro",
    ] {
        assert!(
            text_shapes.contains(must),
            "{must} not found as text: {text_shapes:#?}"
        );
    }
    // Every value of every text shape in the whole sample gets the payload (the books are
    // changed, so the copy leaves out the register that locks them).
    let (_tmp, content) = sample_unpublished();
    let mut injected = 0usize;
    for rel in yaml_files(&content) {
        let mut paths = Vec::new();
        strings(&yaml(&content.join(&rel)), &mut Vec::new(), &mut paths);
        let chosen: Vec<Vec<Step>> = paths
            .into_iter()
            .filter(|p| text_shapes.contains(&shape(&kind(&rel), p)))
            .collect();
        injected += chosen.len();
        inject(&content, &rel, &chosen);
    }
    // notes.md too.
    let notes = content.join("villages/hexi/2025-q3/notes.md");
    let mut text = fs::read_to_string(&notes).unwrap_or_default();
    text.push_str(&format!("\n村民来信{}\n", payload()));
    fs::write(&notes, text).unwrap();
    injected += 1;

    let (_, diags) = sanshai::build::check(&content);
    let report = diags.report();
    assert!(!diags.has_errors(), "{report}");
    for full in [MOBILE, ID, CARD] {
        assert!(!report.contains(full), "the report repeats {full}");
    }
    let warned = report.matches("公开时已遮盖").count();
    assert_eq!(warned, injected * 3, "one warning per number");
    assert!(
        report.contains("hexi/2025-q3/notes.md:"),
        "notes.md warned with its line"
    );

    let (_tmp, out) = build_into(&content);
    let mut kinds_seen: BTreeMap<&str, usize> = BTreeMap::new();
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let bytes = fs::read(e.path()).unwrap();
        let body = String::from_utf8_lossy(&bytes);
        for full in [MOBILE, ID, CARD] {
            assert!(!body.contains(full), "{} holds {full}", e.path().display());
        }
        let rel = e
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let page_kind = if rel.ends_with(".csv") {
            "data file"
        } else if rel.starts_with("print/") {
            "town print"
        } else if rel.ends_with("/print.html") {
            "notice"
        } else if rel.matches('/').count() == 2 && rel.ends_with("index.html") {
            "period page"
        } else if rel.ends_with("cards.html") {
            "cards"
        } else if rel == "index.html" {
            "town page"
        } else if rel.ends_with("/index.html") {
            "village page"
        } else {
            continue;
        };
        if MASKED.iter().all(|m| body.contains(m)) {
            *kinds_seen.entry(page_kind).or_default() += 1;
        }
    }
    for k in [
        "period page",
        "notice",
        "town print",
        "village page",
        "town page",
        "data file",
    ] {
        assert!(
            kinds_seen.contains_key(k),
            "no masked payload on a {k}: {kinds_seen:?}"
        );
    }
}
