//! The staging folder a build streams its files into, from several threads at once, before
//! the whole folder is swapped in as the new site (see the module above for why).
//!
//! A rebuild mostly makes the files the site already has. So a file whose bytes equal the
//! file at the same path in the site now published is hard-linked from it instead of written
//! (`put`), and a whole folder the build knows to be unchanged is linked file by file without
//! being made at all (`link_dir`). The published site is never written through: a link only
//! adds a name to a file that no build changes in place (every build writes fresh files into
//! a fresh staging folder), so the old site stays whole until the swap. Where links are not
//! possible (another file system, Windows shares) the file is copied.

use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A staging folder being filled; see [`super::with_staging`].
pub struct Staging {
    root: PathBuf,
    /// The site now published at the output folder (when it is ours), whose unchanged files
    /// are linked rather than written again.
    old: Option<PathBuf>,
    made_dirs: Mutex<HashSet<PathBuf>>,
    written: AtomicUsize,
    linked: AtomicUsize,
}

/// How many files a build wrote and how many it took over unchanged from the old site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageCounts {
    pub written: usize,
    pub linked: usize,
}

impl Staging {
    pub(super) fn create(root: &Path, old: Option<&Path>) -> Result<Staging, String> {
        fs::create_dir_all(root).map_err(|e| format!("无法创建 {}: {e}", root.display()))?;
        fs::write(root.join(super::MARKER), "sanshai\n").map_err(|e| e.to_string())?;
        Ok(Staging {
            root: root.to_path_buf(),
            old: old.map(Path::to_path_buf),
            made_dirs: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            linked: AtomicUsize::new(0),
        })
    }

    /// The site now published (when there is one made by sanshai).
    pub fn old_site(&self) -> Option<&Path> {
        self.old.as_deref()
    }

    pub fn counts(&self) -> StageCounts {
        StageCounts {
            written: self.written.load(Ordering::Relaxed),
            linked: self.linked.load(Ordering::Relaxed),
        }
    }

    fn dir_for(&self, path: &Path) -> Result<(), String> {
        let Some(dir) = path.parent() else {
            return Ok(());
        };
        if self.made_dirs.lock().is_ok_and(|d| d.contains(dir)) {
            return Ok(());
        }
        fs::create_dir_all(dir).map_err(|e| format!("无法创建 {}: {e}", dir.display()))?;
        if let Ok(mut d) = self.made_dirs.lock() {
            d.insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Puts one file of the new site at `rel`: linked from the old site when its bytes are
    /// the same there, written otherwise.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        if rel.split('/').any(|part| part == ".." || part.is_empty()) {
            return Err(format!("不安全的输出路径 {rel}"));
        }
        let path = self.root.join(rel);
        self.dir_for(&path)?;
        if let Some(old) = &self.old {
            let before = old.join(rel);
            let same = fs::symlink_metadata(&before)
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
                && fs::read(&before).is_ok_and(|b| b == bytes);
            if same && fs::hard_link(&before, &path).is_ok() {
                self.linked.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        fs::write(&path, bytes).map_err(|e| format!("无法写入 {}: {e}", path.display()))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Puts `files` under the folder `prefix` ("" for the top), in parallel.
    pub fn put_all(&self, prefix: &str, files: &[(String, Vec<u8>)]) -> Result<(), String> {
        files.par_iter().try_for_each(|(rel, bytes)| {
            if prefix.is_empty() {
                self.put(rel, bytes)
            } else {
                self.put(&format!("{prefix}/{rel}"), bytes)
            }
        })
    }

    /// The [`tree_stats`] of folder `rel` of the staging folder, once filled.
    pub fn stats_of(&self, rel: &str) -> Option<String> {
        tree_stats(&self.root.join(rel))
    }

    /// Takes over the old site's folder `rel` as it is (its files linked, or copied where
    /// links fail), when its [`tree_stats`] are still `expected` (what the build that made
    /// it recorded: a file changed there since, by hand or by another program, and the
    /// folder is made again). False when the old site has no such folder or it changed: the
    /// caller must make it.
    pub fn link_dir(&self, rel: &str, expected: &str) -> Result<bool, String> {
        let Some(from) = self.old.as_ref().map(|o| o.join(rel)) else {
            return Ok(false);
        };
        if !fs::symlink_metadata(&from).is_ok_and(|m| m.is_dir())
            || expected.is_empty()
            || tree_stats(&from).as_deref() != Some(expected)
        {
            return Ok(false);
        }
        let to = self.root.join(rel);
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&from).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("无法读取 {}: {e}", from.display()))?;
            let sub = entry.path().strip_prefix(&from).unwrap_or(entry.path());
            let dest = to.join(sub);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&dest)
                    .map_err(|e| format!("无法创建 {}: {e}", dest.display()))?;
            } else if entry.file_type().is_file() {
                files.push((entry.into_path(), dest));
            } else {
                return Ok(false); // a link or device someone put there: made again
            }
        }
        files.par_iter().try_for_each(|(src, dest)| {
            if fs::hard_link(src, dest).is_err() {
                fs::copy(src, dest).map_err(|e| format!("无法复制 {}: {e}", src.display()))?;
            }
            Ok::<(), String>(())
        })?;
        self.linked.fetch_add(files.len(), Ordering::Relaxed);
        Ok(true)
    }
}

/// A fingerprint of a folder as it is on disk: every entry's name, kind, size, modification
/// time and inode number (hard links share the last three, so a folder linked into the next
/// site keeps its fingerprint, and a file rewritten in it changes it). `None` when the folder
/// cannot be read.
pub fn tree_stats(dir: &Path) -> Option<String> {
    tree_stats_from(dir, &[], None)
}

/// [`tree_stats`] with `seed` hashed first. With `settled`, `None` as well when a file was
/// modified at or after that moment: a file changed within the clock's resolution of the
/// moment its stats are taken could change again with the same stats, so such stats are not
/// to be trusted later (the caller then reads the files themselves).
pub fn tree_stats_from(
    dir: &Path,
    seed: &[u8],
    settled: Option<std::time::SystemTime>,
) -> Option<String> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(seed);
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.ok()?;
        let meta = entry.metadata().ok()?;
        h.update(
            entry
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .as_bytes(),
        );
        h.update([0, u8::from(meta.is_dir())]);
        if !meta.is_dir() {
            let modified = meta.modified().ok()?;
            if settled.is_some_and(|t| modified >= t) {
                return None;
            }
            let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
            h.update(meta.len().to_le_bytes());
            h.update(since.as_nanos().to_le_bytes());
            #[cfg(unix)]
            h.update(std::os::unix::fs::MetadataExt::ino(&meta).to_le_bytes());
        }
    }
    Some(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Removes a folder tree, its top-level entries in parallel (an old site of a county holds
/// tens of thousands of files).
pub fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.par_iter().for_each(|p| {
            if p.is_dir() {
                let _ = fs::remove_dir_all(p);
            } else {
                let _ = fs::remove_file(p);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}
