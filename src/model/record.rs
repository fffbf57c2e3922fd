//! The register of publications (公开登记簿), `content/published.yaml`, and the archived
//! versions of published periods under `content/published/<村>/<期>/<版>/`.
//!
//! A period's books are locked once they are published: the register records, for each first
//! publication (公开) and each later correction (更正), the date, the hash of the period
//! folder's files and the period's fingerprint; each record also carries the hash of the record
//! before it, so that the file is a chain that cannot be rewritten without it showing. Every
//! record has the period's files copied beside it, so any version that was ever on the notice
//! board stays readable. These types hold what the file says, as written; the checks are in
//! `validate::record`, the hashes in `calc::digest`, the commands that write it in `publish`.

use super::{de_date, de_text, FileId, Located, Period, PeriodId};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

/// The file name of the register, in the content folder.
pub const REGISTER_FILE: &str = "published.yaml";
/// The folder of archived versions, in the content folder.
pub const ARCHIVE_DIR: &str = "published";

/// What a record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum RecordKind {
    /// 公开: the first publication of a village period.
    #[serde(rename = "公开")]
    Publish,
    /// 更正: a correction of a period that was published before.
    #[serde(rename = "更正")]
    Correction,
}

impl RecordKind {
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Publish => "公开",
            RecordKind::Correction => "更正",
        }
    }
}

/// One record of the register, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub kind: RecordKind,
    /// The village folder name (`dongshan`).
    #[serde(deserialize_with = "de_text")]
    pub village: String,
    #[serde(deserialize_with = "de_period")]
    pub period: PeriodId,
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    /// SHA-256 over the period folder's files (hex): what the record locks.
    #[serde(deserialize_with = "de_text")]
    pub books: String,
    /// The period's fingerprint (数据指纹) when recorded: the paper notice prints its start.
    #[serde(deserialize_with = "de_text")]
    pub fingerprint: String,
    /// 更正 only: why the books were changed.
    #[serde(default, deserialize_with = "de_text")]
    pub reason: String,
    /// 更正 only: who approved the correction.
    #[serde(default, deserialize_with = "de_text")]
    pub approved_by: String,
    /// 更正 only: the books hash of the version it replaces.
    #[serde(default, deserialize_with = "de_text")]
    pub previous_books: String,
    /// 更正 only: the fingerprint of the version it replaces.
    #[serde(default, deserialize_with = "de_text")]
    pub previous_fingerprint: String,
    /// The `hash` of the record before this one (all zeros for the first record).
    #[serde(deserialize_with = "de_text")]
    pub prev: String,
    /// SHA-256 over `prev` and this record (see `calc::digest::record_hash`).
    #[serde(deserialize_with = "de_text")]
    pub hash: String,
}

/// Serde adapter for a period written as its folder name, `2025-q3`.
pub fn de_period<'de, D: Deserializer<'de>>(d: D) -> Result<PeriodId, D::Error> {
    let text = de_text(d)?;
    PeriodId::parse(text.trim()).ok_or_else(|| {
        serde::de::Error::custom(format!("「{text}」不是期间,写成 年份-q季度,如 2025-q3"))
    })
}

/// `content/published.yaml` as read.
#[derive(Debug, Clone)]
pub struct Register {
    pub file: FileId,
    /// Every record that could be read, in file order, with its path (`records[3]`).
    pub records: Vec<Located<Record>>,
    /// Per record (same order): the hash its fields give, computed by the loader from the text
    /// as written, before personal numbers were masked. A record whose `hash` differs was
    /// changed after it was written.
    pub computed: Vec<String>,
}

impl Register {
    /// The records of one village period, in order: its publication and then its corrections.
    /// The version a record makes is its place in this list, counted from 1.
    pub fn of_period<'a>(
        &'a self,
        village: &'a str,
        period: PeriodId,
    ) -> impl Iterator<Item = &'a Located<Record>> + 'a {
        self.records
            .iter()
            .filter(move |r| r.village == village && r.period == period)
    }

    /// The last record of one village period.
    pub fn latest(&self, village: &str, period: PeriodId) -> Option<&Located<Record>> {
        self.records
            .iter()
            .rfind(|r| r.village == village && r.period == period)
    }

    /// The hash of the last record ("" when there is none).
    pub fn head(&self) -> &str {
        self.records.last().map_or("", |r| r.hash.as_str())
    }
}

/// The files of one published version of a period, kept under
/// `published/<村>/<期>/<版>/`: read like a period folder, never checked like current books.
#[derive(Debug, Clone)]
pub struct ArchivedVersion {
    pub village: String,
    pub period: PeriodId,
    /// 1 for the version first published, 2 for the first correction …
    pub version: u32,
    /// The folder as shown in messages.
    pub folder: String,
    /// The archived files, read as a period (`files` are their source files).
    pub books: Period,
    /// False for the newest version of a period: it is the books as they are, so its files
    /// are hashed (to check the copy) but not read, and `books` holds no content.
    pub read: bool,
}

/// Where an archived file belongs: `published/<村>/<期>/<版>/<文件>` → (village, period,
/// version, file name).
pub fn archive_place(rel: &str) -> Option<(&str, PeriodId, u32, &str)> {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        [dir, village, period, version, file] if *dir == ARCHIVE_DIR => Some((
            village,
            PeriodId::parse(period)?,
            parse_version(version)?,
            file,
        )),
        _ => None,
    }
}

/// A version folder name: a whole number from 1, written without leading zeros.
pub fn parse_version(name: &str) -> Option<u32> {
    let n: u32 = name.parse().ok()?;
    (n >= 1 && n.to_string() == name).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_places() {
        let q3 = PeriodId {
            year: 2025,
            quarter: 3,
        };
        assert_eq!(
            archive_place("published/dongshan/2025-q3/2/accounts.yaml"),
            Some(("dongshan", q3, 2, "accounts.yaml"))
        );
        assert_eq!(archive_place("published/dongshan/2025-q3/02/a.yaml"), None);
        assert_eq!(archive_place("published/dongshan/2025-q3/0/a.yaml"), None);
        assert_eq!(
            archive_place("villages/dongshan/2025-q3/accounts.yaml"),
            None
        );
        assert_eq!(archive_place("published/dongshan/2025q3/1/a.yaml"), None);
    }
}
