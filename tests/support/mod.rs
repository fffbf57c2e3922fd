//! Helpers shared by the integration tests: building a content folder into a temporary
//! place, copying fixtures, and reading YAML figures independently of the crate's model.

#![allow(dead_code)]

use sanshai::build::{build, Options};
use sanshai::money::Money;
use serde_norway::Value;
use std::fs;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder tree (files only; skips nothing).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::create_dir_all(dest.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The report of `check` with the temporary folder's prefix removed from file names.
pub fn report_without_prefix(report: &str, prefix: &Path) -> String {
    let p = format!("{}/", prefix.display());
    report.replace(&p, "")
}

/// Builds `content` into a fresh temporary folder; panics with the report on any error.
pub fn build_into(content: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&Options {
        content: content.to_path_buf(),
        output: out.clone(),
        base_url: None,
        theme: None,
        allow_removal: false,
    })
    .unwrap_or_else(|d| panic!("{}", d.report()));
    (tmp, out)
}

/// A copy of the sample content without one village's quarter (a village behind the others).
/// A quarter never published has no record, so the copy has no register of publications.
pub fn sample_without(village: &str, period: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, copy) = sample_unpublished();
    fs::remove_dir_all(copy.join("villages").join(village).join(period)).unwrap();
    (tmp, copy)
}

/// A copy of the sample content without its register of publications (`published.yaml` and
/// the archived versions in `published/`), so that its books can be changed freely.
pub fn sample_unpublished() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("content");
    copy_tree(&root().join("content"), &copy);
    let _ = fs::remove_file(copy.join("published.yaml"));
    let _ = fs::remove_dir_all(copy.join("published"));
    (tmp, copy)
}

pub fn yaml(path: &Path) -> Value {
    serde_norway::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// An amount as written in the YAML (number or text), parsed exactly.
pub fn amount(v: &Value) -> Money {
    match v {
        Value::Number(n) => Money::parse(&n.to_string()).unwrap(),
        Value::String(s) => Money::parse(s).unwrap(),
        other => panic!("not an amount: {other:?}"),
    }
}

/// One quarter's request ledger (民情台账), counted from the YAML.
#[derive(Default, Debug)]
pub struct Ledger {
    /// Requests received in the quarter.
    pub received: usize,
    /// Requests received earlier and still open when the quarter began.
    pub carried: usize,
    /// Resolved at the quarter's end, new or carried.
    pub resolved: usize,
    pub carried_ids: Vec<String>,
    /// `performance.yaml` files (relative paths) that received or updated a carried request.
    pub carried_files: std::collections::BTreeSet<String>,
}

/// The request ledger of each quarter (folder name → ledger) of village `v` under `content`,
/// as docs/format.md describes it: an entry whose `id` is that of a request received in an
/// earlier quarter updates it; any other entry is a new request, whose id, when none is
/// written, is `<quarter>-<place by date>`; a request not 已落实 at a quarter's end is on the
/// next quarter's ledger too.
pub fn request_ledger(content: &Path, v: &str) -> std::collections::BTreeMap<String, Ledger> {
    use std::collections::BTreeMap;
    // id → (status, files it comes from)
    let mut book: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut out = BTreeMap::new();
    let mut quarters: Vec<String> = fs::read_dir(content.join("villages").join(v))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    quarters.sort();
    for p in quarters {
        let rel = format!("villages/{v}/{p}/performance.yaml");
        let reqs = fs::read_to_string(content.join(&rel))
            .ok()
            .map(|t| serde_norway::from_str::<Value>(&t).unwrap())
            .and_then(|y| y["requests"].as_sequence().cloned())
            .unwrap_or_default();
        let open: Vec<String> = book
            .iter()
            .filter(|(_, (s, _))| s.as_str() != "已落实")
            .map(|(id, _)| id.clone())
            .collect();
        let id_of = |r: &Value| r["id"].as_str().unwrap_or("").to_string();
        let (updates, mut new): (Vec<Value>, Vec<Value>) =
            reqs.into_iter().partition(|r| book.contains_key(&id_of(r)));
        new.sort_by_key(|r| r["date"].as_str().map(str::to_string));
        let mut l = Ledger {
            received: new.len(),
            carried: open.len(),
            carried_ids: open.clone(),
            ..Ledger::default()
        };
        for r in &updates {
            let entry = book.get_mut(&id_of(r)).unwrap();
            entry.0 = r["status"].as_str().unwrap().to_string();
            entry.1.push(rel.clone());
        }
        for (i, r) in new.iter().enumerate() {
            let id = match id_of(r) {
                id if id.is_empty() => format!("{p}-{}", i + 1),
                id => id,
            };
            let s = r["status"].as_str().unwrap().to_string();
            l.resolved += usize::from(s == "已落实");
            book.insert(id, (s, vec![rel.clone()]));
        }
        for id in &open {
            l.resolved += usize::from(book[id].0 == "已落实");
            l.carried_files.extend(book[id].1.iter().cloned());
        }
        out.insert(p, l);
    }
    out
}

/// An entry's amount: written on it, or the sum of its `lines` (a voucher with several lines).
pub fn entry_amount(e: &Value) -> Money {
    match e["lines"].as_sequence() {
        Some(lines) => lines.iter().map(|l| amount(&l["amount"])).sum(),
        None => amount(&e["amount"]),
    }
}

/// (village, period) of every period folder of `content`.
pub fn period_folders(content: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for v in fs::read_dir(content.join("villages")).unwrap() {
        let v = v.unwrap();
        if !v.file_type().unwrap().is_dir() {
            continue;
        }
        for p in fs::read_dir(v.path()).unwrap() {
            let p = p.unwrap();
            if p.file_type().unwrap().is_dir() {
                out.push((
                    v.file_name().to_string_lossy().into(),
                    p.file_name().to_string_lossy().into(),
                ));
            }
        }
    }
    out.sort();
    out
}
