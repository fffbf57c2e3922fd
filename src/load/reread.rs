//! Re-reading single files of a loaded town, for a live preview (`sanshai serve`) that keeps the
//! town in memory and, after a save, reads only the file that changed instead of the whole
//! content folder (a county of a thousand villages takes seconds to load, one file
//! milliseconds).
//!
//! A re-read file turns out exactly as a full [`load`](super::load) would read it — same parser,
//! same file id, same masking of personal numbers with the same published phones — as long as
//! the content folder still holds the same files. [`discover_files`] tells the caller whether
//! it does; when it does not, or when a change reaches beyond one file (`site.yaml`, or a
//! village file whose published phones changed, which masks every other file differently),
//! [`reread`] answers [`Reread::NeedsFullLoad`] and the caller loads everything again. The
//! published phones are collected once ([`published_phones_of`]) and kept by the caller: a
//! re-read that succeeds never changes them.

use super::{discover, parse_file, published_phones, Found, Kind, Parsed};
use crate::diag::Diagnostics;
use crate::model::{FileId, PeriodId, Town};
use std::collections::BTreeSet;
use std::path::Path;

/// What re-reading one file did.
#[derive(Debug)]
pub enum Reread {
    /// The town now holds the file as a full load would; these are the file's own problems
    /// (what a full load reports under its name).
    Done(Diagnostics),
    /// This change can only be taken in by loading the whole folder again.
    NeedsFullLoad,
}

/// The content files of `content` in file-id order (relative paths with `/`), and the
/// warnings and errors about files and folders that are not content, as a full load finds
/// them. When the list equals the relative paths of a loaded town's sources, every file id of
/// that town still names the same file.
pub fn discover_files(content: &Path) -> (Vec<String>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let display_root = content.display().to_string();
    let show = |rel: &str| format!("{}/{}", display_root.trim_end_matches('/'), rel);
    let found = discover(content, &show, &mut diags);
    (found.into_iter().map(|f| f.rel).collect(), diags)
}

/// Reads file `id` of `town` again from `content` and puts it in place. `published` is
/// [`published_phones_of`] the town.
pub fn reread(town: &mut Town, content: &Path, id: FileId, published: &BTreeSet<String>) -> Reread {
    let Some(source) = town.sources.files.get(id) else {
        return Reread::NeedsFullLoad;
    };
    let rel = source.rel.clone();
    let display = source.display.clone();
    let parts: Vec<&str> = rel.split('/').collect();
    let (kind, village, period) = match parts.as_slice() {
        ["villages", slug, "village.yaml"] => (Kind::Village, *slug, None),
        ["villages", slug, dir, file] => {
            let kind = match *file {
                "accounts.yaml" => Kind::Accounts,
                "performance.yaml" => Kind::Performance,
                "conduct.yaml" => Kind::Conduct,
                "notes.md" => Kind::Notes,
                _ => return Reread::NeedsFullLoad,
            };
            match PeriodId::parse(dir) {
                Some(p) => (kind, *slug, Some(p)),
                None => return Reread::NeedsFullLoad,
            }
        }
        // site.yaml: its phones, rules and address reach every file and page.
        _ => return Reread::NeedsFullLoad,
    };
    let Some(vi) = town.villages.iter().position(|v| v.slug == village) else {
        return Reread::NeedsFullLoad;
    };
    let found = Found {
        kind,
        path: content.join(&rel),
        rel: rel.clone(),
        village: Some(village.to_string()),
        period,
    };
    if kind == Kind::Village {
        let (source, parsed, diags) = parse_file(id, &found, &display, &BTreeSet::new());
        let Parsed::Village(info) = parsed else {
            // A village file that no longer reads drops the village: a full load says how.
            return Reread::NeedsFullLoad;
        };
        let old = std::mem::replace(&mut town.villages[vi].info, *info);
        if published_phones_of(town) != *published {
            town.villages[vi].info = old;
            return Reread::NeedsFullLoad;
        }
        town.sources.files[id] = source;
        return Reread::Done(diags);
    }
    let Some(p) = town.villages[vi]
        .periods
        .iter_mut()
        .find(|p| Some(p.id) == period && p.files.contains(&id))
    else {
        return Reread::NeedsFullLoad;
    };
    let (source, parsed, diags) = parse_file(id, &found, &display, published);
    match (kind, parsed) {
        (_, Parsed::Accounts(a)) => p.accounts = Some(*a),
        (_, Parsed::Performance(x)) => p.performance = Some(*x),
        (_, Parsed::Conduct(c)) => p.conduct = Some(*c),
        (_, Parsed::Notes(n)) => p.notes = Some(n),
        (Kind::Accounts, _) => p.accounts = None,
        (Kind::Performance, _) => p.performance = None,
        (Kind::Conduct, _) => p.conduct = None,
        (Kind::Notes, _) => p.notes = None,
        _ => return Reread::NeedsFullLoad,
    }
    town.sources.files[id] = source;
    Reread::Done(diags)
}

/// The phones the town publishes on purpose (in `site.yaml` and the village files), which
/// masking leaves in the other files, as the loader collects them.
pub fn published_phones_of(town: &Town) -> BTreeSet<String> {
    let parsed: Vec<Parsed> = std::iter::once(Parsed::Site(Box::new(town.site.clone())))
        .chain(
            town.villages
                .iter()
                .map(|v| Parsed::Village(Box::new(v.info.clone()))),
        )
        .collect();
    published_phones(parsed.iter())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn copy_sample(to: &Path) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let dest = to.join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                fs::create_dir_all(&dest).unwrap();
            } else {
                fs::copy(e.path(), &dest).unwrap();
            }
        }
    }

    fn id_of(town: &Town, rel: &str) -> FileId {
        town.sources
            .files
            .iter()
            .position(|f| f.rel == rel)
            .unwrap()
    }

    #[test]
    fn a_reread_file_is_what_a_full_load_reads() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        copy_sample(&content);
        let (town, _) = super::super::load(&content);
        let mut town = town.unwrap();
        let rel = "villages/hexi/2025-q3/accounts.yaml";
        let path = content.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replacen("opening:", "opening:\n  # 改过\n", 1)).unwrap();
        let id = id_of(&town, rel);
        let published = published_phones_of(&town);
        assert!(matches!(
            reread(&mut town, &content, id, &published),
            Reread::Done(_)
        ));
        let (fresh, _) = super::super::load(&content);
        let fresh = fresh.unwrap();
        assert_eq!(format!("{town:?}"), format!("{fresh:?}"));
        let (files, _) = discover_files(&content);
        let rels: Vec<&str> = town.sources.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(files, rels);
        // site.yaml reaches everything.
        let site = id_of(&town, "site.yaml");
        assert!(matches!(
            reread(&mut town, &content, site, &published),
            Reread::NeedsFullLoad
        ));
    }
}
