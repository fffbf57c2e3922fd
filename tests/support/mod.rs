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
pub fn sample_without(village: &str, period: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("content");
    copy_tree(&root().join("content"), &copy);
    fs::remove_dir_all(copy.join("villages").join(village).join(period)).unwrap();
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
