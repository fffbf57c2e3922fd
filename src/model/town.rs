//! The town as written: the site file, its villages and their periods, and every source file
//! of the run with the tree of its YAML nodes from the one parse of that file (so that any
//! later stage can point at a line without reading or parsing the file again).

use super::spans::{Pos, Tree};
use super::{AccountsFile, ConductFile, PerformanceFile};
use super::{FileId, PeriodId, SiteFile, VillageFile};
use crate::diag::{Diagnostic, Severity};

/// One source file: how it is named in messages, its parsed YAML (for positions) and its
/// SHA-256.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path shown in messages (the content folder joined with the relative path).
    pub display: String,
    /// Path relative to the content folder, with `/` separators.
    pub rel: String,
    /// The nodes of the file with their positions; empty for `notes.md` and unparsable files.
    pub spans: Tree,
    pub sha256: [u8; 32],
    /// SHA-256 of the text with a byte-order mark and the CR of each CRLF left out, so that
    /// an editor or Git changing line endings does not change it (the register of
    /// publications locks books by it).
    pub text_sha256: [u8; 32],
}

/// All files of a run, indexed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

impl Sources {
    /// Where `path` (`expenses[3].amount`) is written in `file`, or its nearest written parent.
    pub fn find(&self, file: FileId, path: &str) -> Option<Pos> {
        self.files[file].spans.find(path)
    }

    /// A diagnostic at `path` inside `file` (line 1 when the file has no such node).
    pub fn diag(
        &self,
        severity: Severity,
        file: FileId,
        path: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        let f = &self.files[file];
        let pos = f.spans.find(path).unwrap_or(Pos { line: 1, col: 1 });
        Diagnostic {
            severity,
            file: f.display.clone(),
            line: pos.line,
            col: pos.col,
            message: message.into(),
            hint,
        }
    }
}

/// The whole town as written.
#[derive(Debug, Clone)]
pub struct Town {
    pub site: SiteFile,
    pub site_file: FileId,
    pub villages: Vec<Village>,
    pub sources: Sources,
    /// `published.yaml`, the register of publications and corrections (`None` when the
    /// content folder has none, or it could not be read: already reported).
    pub register: Option<super::record::Register>,
    /// The archived versions of published periods (`published/<村>/<期>/<版>/`), sorted.
    pub archives: Vec<super::record::ArchivedVersion>,
}

#[derive(Debug, Clone)]
pub struct Village {
    /// Folder name, used in URLs.
    pub slug: String,
    pub file: FileId,
    pub info: VillageFile,
    /// Sorted by period.
    pub periods: Vec<Period>,
}

#[derive(Debug, Clone)]
pub struct Period {
    pub id: PeriodId,
    pub accounts: Option<AccountsFile>,
    pub performance: Option<PerformanceFile>,
    pub conduct: Option<ConductFile>,
    /// `notes.md`, as written.
    pub notes: Option<String>,
    /// Every source file of the period, for its fingerprint.
    pub files: Vec<FileId>,
    /// Names of the files found in the folder, readable or not (so that a broken file is
    /// never also reported as missing).
    pub present: Vec<String>,
}
