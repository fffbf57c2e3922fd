//! Helpers shared by the integration tests: copying fixture folders into temporary places.

#![allow(dead_code)]

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
