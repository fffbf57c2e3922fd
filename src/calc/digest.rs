//! The hashes that let anyone check what was published: the period's fingerprint (数据指纹,
//! every file its notice prints from), the books hash (the period folder's own files, which a
//! publication locks) and the hash of each record of the register (`published.yaml`).
//!
//! They live here because the loader (which checks each record as written), the checks, the
//! reports and the `publish` commands all compute them, and must compute them the same way.
//! Each is simple enough to recompute by hand with `sha256sum` and a few lines of any language;
//! `docs/format.md` says how.

use crate::model::record::Record;
use crate::model::{FileId, Period, Sources, Town, Village};
use sha2::{Digest, Sha256};

/// The `prev` of the first record: there is no record before it.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Lower-case hex of a hash.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 64 lower-case hex digits, as every hash of the register is written.
pub fn is_hash(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// SHA-256 over files given as (relative path, SHA-256 of the file): in path order, each
/// contributes its path, a zero byte and its own hash.
pub fn digest(mut files: Vec<(String, [u8; 32])>) -> String {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut h = Sha256::new();
    for (rel, sha) in &files {
        h.update(rel.as_bytes());
        h.update([0]);
        h.update(sha);
    }
    hex(&h.finalize())
}

/// The period's fingerprint (数据指纹): [`digest`] over the period folder's files, the
/// village's `village.yaml`, `site.yaml` and `earlier`, the files of earlier periods the notice
/// prints from (each file once) — every source the notice prints from. The reports print it
/// (`derive::period::fingerprint`); this is the same sum for the checks and the commands.
pub fn fingerprint(town: &Town, v: &Village, p: &Period, earlier: &[FileId]) -> String {
    let mut files: Vec<(String, [u8; 32])> = p
        .files
        .iter()
        .chain([&v.file, &town.site_file])
        .chain(earlier)
        .map(|&f| {
            let s = &town.sources.files[f];
            (s.rel.clone(), s.sha256)
        })
        .collect();
    files.sort();
    files.dedup_by(|a, b| a.0 == b.0);
    digest(files)
}

/// The fingerprint of period `index` of `v`: its notice also prints the requests carried in
/// from earlier quarters, from the files that received and updated them.
pub fn period_fingerprint(town: &Town, v: &Village, index: usize) -> String {
    let p = &v.periods[index];
    let earlier: Vec<FileId> = match &p.performance {
        Some(_) => super::ledger::ledgers(v)
            .get(index)
            .map(|l| {
                l.carried
                    .iter()
                    .flat_map(|t| t.files.iter().copied())
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    };
    fingerprint(town, v, p, &earlier)
}

/// SHA-256 of a file's bytes and its [`text_sha256`]; one hash when they are the same (no
/// byte-order mark, no carriage return), as they are for most files.
pub fn file_hashes(bytes: &[u8]) -> ([u8; 32], [u8; 32]) {
    let plain = !bytes.starts_with(b"\xef\xbb\xbf") && !bytes.contains(&b'\r');
    if plain {
        let h: [u8; 32] = Sha256::digest(bytes).into();
        (h, h)
    } else {
        (Sha256::digest(bytes).into(), text_sha256(bytes))
    }
}

/// SHA-256 of a text file as its words stand: without a leading byte-order mark, and with
/// each CRLF read as LF. Notepad, WPS or Git on Windows changing line endings leaves it alone.
pub fn text_sha256(bytes: &[u8]) -> [u8; 32] {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut h = Sha256::new();
    let mut rest = bytes;
    while let Some(i) = rest.windows(2).position(|w| w == b"\r\n") {
        h.update(&rest[..i]);
        rest = &rest[i + 1..];
    }
    h.update(rest);
    h.finalize().into()
}

/// The books hash of a period: [`digest`] over the files of the period folder alone (their
/// [`text_sha256`]), each named by its place in the books (`villages/<村>/<期>/<文件>`), so
/// that an archived copy (`published/<村>/<期>/<版>/<文件>`) gives the same hash as the folder
/// it was copied from. Phones or the site address changing in `site.yaml` or `village.yaml`
/// do not change it, nor do line endings.
pub fn books_hash(sources: &Sources, village: &str, p: &Period) -> String {
    let files = p
        .files
        .iter()
        .map(|&f| {
            let s = &sources.files[f];
            let name = s.rel.rsplit('/').next().unwrap_or_default();
            (
                format!("villages/{village}/{}/{name}", p.id.slug()),
                s.text_sha256,
            )
        })
        .collect();
    digest(files)
}

/// The text a record's hash is taken over: the compact JSON array of `prev` and the record's
/// fields in this order — kind, village, period, date (YYYY-MM-DD), books, fingerprint, reason,
/// approved_by, previous_books, previous_fingerprint (empty text for fields a 公开 record does
/// not have). Strings are escaped as JSON does; non-ASCII characters are kept as UTF-8.
pub fn canonical(r: &Record) -> String {
    let fields = [
        r.prev.as_str(),
        r.kind.label(),
        r.village.as_str(),
        &r.period.slug(),
        &r.date.format("%Y-%m-%d").to_string(),
        r.books.as_str(),
        r.fingerprint.as_str(),
        r.reason.as_str(),
        r.approved_by.as_str(),
        r.previous_books.as_str(),
        r.previous_fingerprint.as_str(),
    ];
    serde_json::to_string(&fields).unwrap_or_default()
}

/// SHA-256 of [`canonical`]: what a record's `hash` must be.
pub fn record_hash(r: &Record) -> String {
    hex(&Sha256::digest(canonical(r).as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::RecordKind;
    use crate::model::PeriodId;

    fn record() -> Record {
        Record {
            kind: RecordKind::Correction,
            village: "dongshan".into(),
            period: PeriodId {
                year: 2025,
                quarter: 2,
            },
            date: chrono::NaiveDate::from_ymd_opt(2025, 8, 6).unwrap(),
            books: "b".repeat(64),
            fingerprint: "f".repeat(64),
            reason: "金额录反\"了\"".into(),
            approved_by: "村务监督委员会".into(),
            previous_books: "a".repeat(64),
            previous_fingerprint: "e".repeat(64),
            prev: GENESIS.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn file_hashes_are_the_bytes_and_the_text_hash() {
        let plain = "a: 1\nb: 2\n".as_bytes();
        let windows = "\u{feff}a: 1\r\nb: 2\r\n".as_bytes();
        let bytes = |b: &[u8]| -> [u8; 32] { Sha256::digest(b).into() };
        assert_eq!(file_hashes(plain), (bytes(plain), text_sha256(plain)));
        assert_eq!(file_hashes(windows), (bytes(windows), text_sha256(windows)));
        assert_eq!(file_hashes(windows).1, file_hashes(plain).1);
        assert_ne!(file_hashes(windows).0, file_hashes(plain).0);
        let lone_cr = "a: 1\rb".as_bytes();
        assert_eq!(file_hashes(lone_cr), (bytes(lone_cr), text_sha256(lone_cr)));
    }

    #[test]
    fn canonical_form_is_a_json_array_in_documented_order() {
        let c = canonical(&record());
        assert!(c.starts_with(&format!(
            "[\"{GENESIS}\",\"更正\",\"dongshan\",\"2025-q2\",\"2025-08-06\","
        )));
        assert!(c.contains("\"金额录反\\\"了\\\"\",\"村务监督委员会\""));
        let back: Vec<String> = serde_json::from_str(&c).unwrap();
        assert_eq!(back.len(), 11);
    }

    #[test]
    fn every_field_and_the_previous_record_change_the_hash() {
        let base = record_hash(&record());
        assert!(is_hash(&base));
        let mut r = record();
        r.date = r.date.succ_opt().unwrap();
        assert_ne!(record_hash(&r), base);
        let mut r = record();
        r.prev = "1".repeat(64);
        assert_ne!(record_hash(&r), base);
        let mut r = record();
        r.reason.push('。');
        assert_ne!(record_hash(&r), base);
        // The hash field itself is not hashed.
        let mut r = record();
        r.hash = base.clone();
        assert_eq!(record_hash(&r), base);
    }

    #[test]
    fn line_endings_and_a_byte_order_mark_do_not_change_the_text_hash() {
        let unix = text_sha256("a: 1\nb: 2\n".as_bytes());
        assert_eq!(text_sha256("\u{feff}a: 1\r\nb: 2\r\n".as_bytes()), unix);
        assert_ne!(text_sha256("a: 1\nb: 3\n".as_bytes()), unix);
        // A lone CR is kept: only CRLF is a line ending.
        assert_ne!(
            text_sha256("a: 1\rb: 2\n".as_bytes()),
            text_sha256("a: 1b: 2\n".as_bytes())
        );
        assert_eq!(
            text_sha256(b""),
            <[u8; 32]>::try_from(Sha256::digest(b"").as_slice()).unwrap()
        );
    }

    #[test]
    fn hashes_are_lower_case_hex() {
        assert!(is_hash(GENESIS));
        assert!(!is_hash(&"A".repeat(64)));
        assert!(!is_hash("abc"));
        assert_eq!(
            digest(vec![]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
