//! What a rebuild may skip: the fingerprint of everything a unit of the site (one town of a
//! county) is made from, and the record of the last build kept in the output folder.
//!
//! A unit's inputs are every file of its content folder (names and bytes), the county file,
//! the theme (every template and static file), the options that change pages (`--base-url`)
//! and the program itself (its version and the bytes of the running executable, so a changed
//! program never reuses pages an older one made). The record is only ever a shortcut: a
//! missing, unreadable or foreign record, a unit it does not name, or a unit whose folder is
//! missing from the published site means that unit is built again.

use crate::derive::county::TownRow;
use crate::output::Theme;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// The record's file name in the output folder.
pub const RECORD_FILE: &str = ".sanshai-inputs.json";
const RECORD_FORMAT: u32 = 1;

/// The last build's record: per unit, the fingerprint of its inputs and what the county page
/// needs from it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Record {
    pub format: u32,
    pub units: BTreeMap<String, UnitRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitRecord {
    pub inputs: String,
    /// The fingerprint of the unit's files' names, sizes, times and inode numbers (see
    /// [`stats`]); "" when it may not be trusted.
    #[serde(default)]
    pub stats: String,
    /// The unit's folder in the site as this build left it (`write::stage::tree_stats`), so
    /// that a folder changed since is never taken over.
    #[serde(default)]
    pub output: String,
    pub row: TownRow,
    pub pages: usize,
    pub files: usize,
}

impl Record {
    /// The record of the site at `output`, or an empty one when there is none usable.
    pub fn read(output: &Path) -> Record {
        std::fs::read(output.join(RECORD_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice::<Record>(&b).ok())
            .filter(|r| r.format == RECORD_FORMAT)
            .unwrap_or_default()
    }

    pub fn new() -> Record {
        Record {
            format: RECORD_FORMAT,
            units: BTreeMap::new(),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = serde_json::to_vec_pretty(self).unwrap_or_default();
        b.push(b'\n');
        b
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The program's own fingerprint: its version and the running executable's bytes.
fn program() -> &'static [u8; 32] {
    static PROGRAM: OnceLock<[u8; 32]> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        match std::env::current_exe().and_then(std::fs::read) {
            Ok(exe) => h.update(&exe),
            // Unknown program: a fingerprint no record holds, so everything is built.
            Err(_) => h.update(std::process::id().to_le_bytes()),
        }
        h.finalize().into()
    })
}

/// The fingerprint of what is shared by every unit: the theme, the county file, the options.
pub fn shared(theme: &Theme, county: &[u8], base_url: Option<&str>) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(program());
    for (name, text) in &theme.templates {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    for (name, bytes) in &theme.statics {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.update((county.len() as u64).to_le_bytes());
    h.update(county);
    h.update(base_url.unwrap_or("\u{0}").as_bytes());
    h.finalize().into()
}

/// A cheap stand-in for [`unit`]: `shared` and the name, size, modification time and inode
/// number of every file under `dir` ([`crate::write::tree_stats_from`]), as `git status`
/// compares files. A file saved since gets a new time (or a new inode, when an editor replaces
/// it), so equal stats mean equal files, except for a file changed within the clock's
/// resolution of the moment its stats were taken: so stats with a file modified in the last
/// two seconds are not returned, and that unit is read and hashed whole ([`unit`]) on the next
/// build.
pub fn stats(shared: &[u8; 32], dir: &Path) -> Option<String> {
    use std::time::{Duration, SystemTime};
    let recent = SystemTime::now().checked_sub(Duration::from_secs(2))?;
    crate::write::tree_stats_from(dir, shared, Some(recent))
}

/// The fingerprint of a unit: `shared` and every file under `dir` (hidden ones included, so
/// anything at all that changes there rebuilds it), read and hashed in parallel. `None` when
/// a file cannot be read (the build then reports it).
pub fn unit(shared: &[u8; 32], dir: &Path) -> Option<String> {
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.ok())
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    let hashes: Vec<Option<[u8; 32]>> = files
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).ok()?;
            let mut h = Sha256::new();
            h.update(p.strip_prefix(dir).ok()?.to_string_lossy().as_bytes());
            h.update([0]);
            h.update(&bytes);
            Some(h.finalize().into())
        })
        .collect();
    let mut h = Sha256::new();
    h.update(shared);
    for x in hashes {
        h.update(x?);
    }
    Some(hex(&h.finalize()))
}
