//! Reading the register of publications, `content/published.yaml` (see `model::record`), and
//! what loading does differently for the archived versions under `published/`.
//!
//! Each record's hash is computed here from the values exactly as written, before the privacy
//! pass masks any personal number in its text: the hash was taken over what the command wrote,
//! so a masked value would look like tampering. The records the model keeps are then read
//! from the masked tree, as every other file is, so no later stage holds a full number.

use super::read::{Doc, FileCtx};
use super::{personal, Found, Parsed};
use crate::calc::digest;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::record::{self, Record, Register};
use crate::model::spans::Tree;
use crate::model::town::SourceFile;
use crate::model::{FileId, Located, PeriodId};
use std::collections::{BTreeMap, BTreeSet};

/// The records of the register's tree: the list under `records`.
fn records(ctx: &mut FileCtx) -> Option<Vec<Located<Record>>> {
    let root = ctx.root_mapping()?;
    let mut doc = Doc::new(ctx, root);
    let list = doc.list("records");
    doc.finish();
    Some(list)
}

/// Reads the register from its parsed `tree` (masked in place); `diags` collects the file's
/// problems.
pub fn read(
    id: FileId,
    display: &str,
    tree: &mut Tree,
    published: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<Register> {
    let mut ctx = FileCtx {
        id,
        display,
        tree,
        diags: std::mem::take(diags),
    };
    let raw = records(&mut ctx);
    *diags = ctx.diags;
    let raw = raw?;
    let computed: Vec<(String, String)> = raw
        .iter()
        .map(|r| (r.path.clone(), digest::record_hash(r)))
        .collect();
    personal::mask_tree(tree, display, &[], published, diags);
    // The same items again, from the masked text (their problems are reported already).
    let mut ctx = FileCtx {
        id,
        display,
        tree,
        diags: Diagnostics::new(),
    };
    let records = records(&mut ctx).unwrap_or_default();
    let computed = records
        .iter()
        .map(|r| {
            computed
                .iter()
                .find(|(path, _)| *path == r.path)
                .map(|(_, h)| h.clone())
                .unwrap_or_default()
        })
        .collect();
    Some(Register {
        file: id,
        records,
        computed,
    })
}

/// Reads a register from its text alone (the `publish` commands check what they are about to
/// write with it).
pub fn read_text(text: &str, display: &str) -> (Option<Register>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut tree = match super::tree::parse(text, display) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    let register = read(0, display, &mut tree, &BTreeSet::new(), &mut diags);
    (register, diags)
}

/// The files of the newest archived version of each period (the highest version folder):
/// normally a copy of the books as they are, so they are hashed to check the copy but not
/// parsed — only earlier versions, which have pages of their own, are read.
pub(super) fn newest_archives(found: &[Found]) -> BTreeSet<FileId> {
    let mut newest: BTreeMap<(&str, PeriodId), u32> = BTreeMap::new();
    for f in found {
        if let Some((village, period, version, _)) = record::archive_place(&f.rel) {
            let n = newest.entry((village, period)).or_default();
            *n = (*n).max(version);
        }
    }
    found
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            record::archive_place(&f.rel)
                .is_some_and(|(village, period, version, _)| newest[&(village, period)] == version)
        })
        .map(|(id, _)| id)
        .collect()
}

/// A file that is only hashed, not parsed (see [`newest_archives`]).
pub(super) fn hash_file(f: &Found, display: &str) -> (SourceFile, Parsed, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut source = SourceFile {
        display: display.to_string(),
        rel: f.rel.clone(),
        spans: Tree::default(),
        sha256: [0; 32],
        text_sha256: [0; 32],
    };
    match std::fs::read(&f.path) {
        Ok(bytes) => {
            (source.sha256, source.text_sha256) = crate::calc::digest::file_hashes(&bytes);
        }
        Err(e) => diags.file_error(display, format!("无法读取文件: {e}"), None),
    }
    (source, Parsed::Failed, diags)
}

/// The problems of an archived file, as reported. An archive is a copy of books that were
/// published and cannot be changed any more, so what its copy in the books was warned about
/// (a personal number, masked all the same) is not said again; and what a stricter program
/// can no longer read in it must not stop the current books from being published: it is a
/// warning, and the old version's page shows what could be read.
pub(super) fn archived_problems(d: Diagnostics) -> Diagnostics {
    let mut out = Diagnostics::new();
    for x in d.iter().filter(|x| x.severity == Severity::Error) {
        out.push(Diagnostic {
            severity: Severity::Warning,
            message: format!("已公开版本的存档有读不出的地方: {}", x.message),
            hint: Some("存档是当时公开的原样副本,不要修改;旧版本页面上只显示读得出的部分".into()),
            ..x.clone()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "records:\n  - kind: 公开\n    village: demo\n    period: 2025-q3\n    date: 2025-10-08\n    books: \"b\"\n    fingerprint: \"f\"\n    prev: \"p\"\n    hash: \"h\"\n";

    #[test]
    fn records_are_read_with_their_paths_and_hashes() {
        let (r, d) = read_text(ONE, "published.yaml");
        assert!(d.is_empty(), "{}", d.report());
        let r = r.unwrap();
        assert_eq!(r.records.len(), 1);
        assert_eq!(r.records[0].path, "records[0]");
        assert_eq!(r.computed[0], digest::record_hash(&r.records[0]));
    }

    #[test]
    fn a_hash_is_taken_before_masking() {
        let text = ONE.replace("    prev:", "    kind2: x\n    prev:");
        let (_, d) = read_text(&text, "published.yaml");
        assert!(d.report().contains("不认识的键 `kind2`"), "{}", d.report());
        let with_phone = ONE.replace("    books:", "    reason: 联系 13812345678\n    books:");
        let (r, d) = read_text(&with_phone, "published.yaml");
        let r = r.unwrap();
        assert!(d.report().contains("公开时已遮盖"), "{}", d.report());
        assert_eq!(r.records[0].reason, "联系 138****5678");
        // The hash is that of the number as written.
        let mut unmasked = r.records[0].value.clone();
        unmasked.reason = "联系 13812345678".into();
        assert_eq!(r.computed[0], digest::record_hash(&unmasked));
    }
}
