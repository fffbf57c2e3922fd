//! Published periods are locked: the checks of the register `published.yaml` and of the
//! archived versions, and of the books of every period the register names.
//!
//! - The register is a chain: each record's `hash` must be what its fields give, and its
//!   `prev` the hash of the record before it; a record edited, inserted or deleted breaks the
//!   chain at that record's line.
//! - Each village period's records are its first publication (公开) and then its corrections
//!   (更正), in date order, each 更正 naming who approved it, why, and the version it replaces.
//! - Record n of a period has its files archived in `published/<村>/<期>/<n>/`, which must
//!   still be what was recorded; an archive without a record means records were deleted.
//! - The books of a published period must be what its last record locked: any other change is
//!   an error that names the period and the command that records it as a correction.

use super::Cx;
use crate::calc::digest;
use crate::diag::{Diagnostic, Severity};
use crate::model::record::{ArchivedVersion, Record, RecordKind, Register, ARCHIVE_DIR};
use crate::model::{cn_date, Located, Period, PeriodId, Town, Village};
use std::collections::BTreeMap;

/// The content folder as messages show it, for the commands they suggest.
fn content_root(town: &Town) -> String {
    let site = &town.sources.files[town.site_file].display;
    site.strip_suffix("site.yaml")
        .unwrap_or("content/")
        .trim_end_matches('/')
        .to_string()
}

/// `--content X ` when the content folder is not the default one.
fn content_arg(town: &Town) -> String {
    match content_root(town).as_str() {
        "content" | "" => String::new(),
        root => format!(" --content {}", quote_arg(root)),
    }
}

/// A command-line argument, quoted when it holds a space.
fn quote_arg(s: &str) -> String {
    if s.contains([' ', '"']) {
        format!("\"{}\"", s.replace('"', "\\\""))
    } else {
        s.to_string()
    }
}

fn short(hash: &str) -> &str {
    hash.get(..16).unwrap_or(hash)
}

/// What the books of `v`'s period `p` look like against its last record: the error that
/// `check` reports when they were changed after it, or `None` when they are as recorded (or
/// were never published). `sanshai correct` records exactly this change.
pub fn change_error(town: &Town, v: &Village, p: &Period) -> Option<Diagnostic> {
    let register = town.register.as_ref()?;
    let latest = register.latest(&v.slug, p.id)?;
    let books = digest::books_hash(&town.sources, &v.slug, p);
    if books == latest.books {
        return None;
    }
    let version = register.of_period(&v.slug, p.id).count();
    let archive = archive_of(town, &v.slug, p.id, version as u32);
    let (names, first_file) = changed_files(town, p, archive);
    let index = v.periods.iter().position(|q| q.id == p.id).unwrap_or(0);
    let now = digest::period_fingerprint(town, v, index);
    let root = content_root(town);
    let folder = format!("{root}/villages/{}/{}", v.slug, p.id.slug());
    let first_published = register
        .of_period(&v.slug, p.id)
        .next()
        .map_or(latest.date, |r| r.date);
    Some(Diagnostic {
        severity: Severity::Error,
        file: first_file.unwrap_or_else(|| folder.clone()),
        line: 0,
        col: 0,
        message: format!(
            "{} {} 已于 {} 公开并登记(现在是第 {version} 版),之后{}被改动过:登记时的数据指纹 {},现在是 {}",
            v.info.name,
            p.id.label(),
            cn_date(first_published),
            names,
            short(&latest.fingerprint),
            short(&now),
        ),
        hint: Some(format!(
            "公开过的内容不能悄悄改。这是经过批准的更正,就运行 sanshai correct {} {}{} --reason \"更正原因\" --approved-by \"批准人\" 登记这次更正,网页和公告上会列出更正记录,原来的版本仍可查看;是误改,就从 {root}/{ARCHIVE_DIR}/{}/{}/{version}/ 把原来的文件复制回 {folder}/",
            v.slug,
            p.id.slug(),
            content_arg(town),
            v.slug,
            p.id.slug(),
        )),
    })
}

/// The files of the books that differ from the archive of the last version, in words, and the
/// first of them still present (to point the message at).
fn changed_files(
    town: &Town,
    p: &Period,
    archive: Option<&ArchivedVersion>,
) -> (String, Option<String>) {
    let files = |q: &Period| -> BTreeMap<String, ([u8; 32], String)> {
        q.files
            .iter()
            .map(|&f| {
                let s = &town.sources.files[f];
                let name = s.rel.rsplit('/').next().unwrap_or_default().to_string();
                (name, (s.text_sha256, s.display.clone()))
            })
            .collect()
    };
    let Some(archive) = archive else {
        return ("本期的文件".into(), None);
    };
    let (now, then) = (files(p), files(&archive.books));
    let mut words = Vec::new();
    let mut first = None;
    for (name, (sha, display)) in &now {
        match then.get(name) {
            Some((old, _)) if old == sha => {}
            Some(_) => words.push(name.clone()),
            None => words.push(format!("新加的 {name}")),
        }
        if words.len() == 1 && first.is_none() {
            first = Some(display.clone());
        }
    }
    for name in then.keys().filter(|n| !now.contains_key(*n)) {
        words.push(format!("删掉的 {name}"));
    }
    if words.is_empty() {
        return ("本期的文件".into(), None);
    }
    (format!(" {} ", words.join("、")), first)
}

fn archive_of<'a>(
    town: &'a Town,
    village: &str,
    period: PeriodId,
    version: u32,
) -> Option<&'a ArchivedVersion> {
    town.archives
        .iter()
        .find(|a| a.village == village && a.period == period && a.version == version)
}

/// `东山村 2025年第一季度` for a record (the folder name when the village is unknown).
fn period_name(town: &Town, r: &Record) -> String {
    let village = town
        .villages
        .iter()
        .find(|v| v.slug == r.village)
        .map_or(r.village.as_str(), |v| v.info.name.as_str());
    format!("{village} {}", r.period.label())
}

/// Runs every check of the register, the archives and the locked books.
pub(crate) fn register(cx: &mut Cx, town: &Town) {
    let empty = Register {
        file: town.site_file,
        records: Vec::new(),
        computed: Vec::new(),
    };
    let register = town.register.as_ref().unwrap_or(&empty);
    chain(cx, register);
    let mut by_period: BTreeMap<(&str, PeriodId), Vec<&Located<Record>>> = BTreeMap::new();
    for r in &register.records {
        by_period
            .entry((r.village.as_str(), r.period))
            .or_default()
            .push(r);
    }
    for (&(village, period), records) in &by_period {
        period_records(cx, town, register, village, period, records);
    }
    for a in &town.archives {
        let recorded = by_period
            .get(&(a.village.as_str(), a.period))
            .map_or(0, Vec::len);
        if a.version as usize > recorded {
            cx.diags.file_error(
                &a.folder,
                format!(
                    "这个存档(第 {} 版)在登记簿 published.yaml 里没有对应的记录:登记簿的记录可能被删掉了",
                    a.version
                ),
                Some("登记簿不能手改:从版本库(git)里找回原来的 published.yaml。如果是 sanshai publish 或 correct 运行到一半被打断,删掉这个存档文件夹后重新运行"),
            );
        }
    }
    for v in &town.villages {
        for p in &v.periods {
            if let Some(d) = change_error(town, v, p) {
                cx.diags.push(d);
            }
        }
    }
}

/// Every record's own hash and its link to the record before.
fn chain(cx: &mut Cx, register: &Register) {
    let hint = Some(
        "登记簿 published.yaml 由 sanshai publish 和 sanshai correct 写入,不能手改:从版本库(git)里找回原来的文件。要更正已公开的内容,改好文件后运行 sanshai correct".to_string(),
    );
    let mut before = digest::GENESIS;
    for (i, (r, computed)) in register.records.iter().zip(&register.computed).enumerate() {
        let n = i + 1;
        for (key, value) in [
            ("hash", &r.hash),
            ("prev", &r.prev),
            ("books", &r.books),
            ("fingerprint", &r.fingerprint),
        ] {
            if !digest::is_hash(value) {
                cx.error(
                    register.file,
                    &r.field(key),
                    format!("第 {n} 条记录的 `{key}` 应是 64 位十六进制数字(0-9、a-f),写的是「{value}」"),
                    hint.clone(),
                );
            }
        }
        if r.prev != before {
            let what = if i == 0 {
                "第 1 条记录的 prev 应是 64 个 0(它前面没有记录)".to_string()
            } else {
                format!("第 {n} 条记录的 prev 不是前一条记录的编号 hash")
            };
            cx.error(
                register.file,
                &r.field("prev"),
                format!("{what}:它前面的记录被删掉、插入或改写过"),
                hint.clone(),
            );
        }
        if *computed != r.hash {
            cx.error(
                register.file,
                &r.path,
                format!(
                    "第 {n} 条记录({} {} {})写下以后被改过:按它的内容算出的编号和它的 hash 不一致",
                    r.village,
                    r.period.slug(),
                    r.kind.label()
                ),
                hint.clone(),
            );
        }
        before = &r.hash;
    }
}

/// The records of one village period: publication first, then corrections in date order,
/// each tied to the version before it and to its archive.
fn period_records(
    cx: &mut Cx,
    town: &Town,
    register: &Register,
    village: &str,
    period: PeriodId,
    records: &[&Located<Record>],
) {
    let file = register.file;
    let v = town.villages.iter().find(|v| v.slug == village);
    let Some(v) = v else {
        cx.error(
            file,
            &records[0].field("village"),
            format!("登记簿里的村「{village}」在 villages/ 里没有"),
            Some("已公开的村不能撤下:把这个村的文件夹找回来".into()),
        );
        return;
    };
    if !v.periods.iter().any(|p| p.id == period) {
        let root = content_root(town);
        cx.diags.file_error(
            &format!("{root}/villages/{village}/{}", period.slug()),
            format!(
                "{} {} 已经公开并登记,它的文件夹却不见了",
                v.info.name,
                period.label()
            ),
            Some(&format!(
                "已公开的一期不能撤下:从 {root}/{ARCHIVE_DIR}/{village}/{}/{}/ 把文件复制回这个文件夹",
                period.slug(),
                records.len()
            )),
        );
    }
    let name = period_name(town, records[0]);
    for (i, r) in records.iter().enumerate() {
        let version = i + 1;
        let expected = if i == 0 {
            RecordKind::Publish
        } else {
            RecordKind::Correction
        };
        if r.kind != expected {
            let msg = if i == 0 {
                format!("{name} 的第一条记录应是「公开」,写的是「更正」")
            } else {
                format!("{name} 已经公开过,第 {version} 条记录应是「更正」")
            };
            cx.error(file, &r.field("kind"), msg, None);
        }
        if let Some(before) = i.checked_sub(1).map(|j| records[j]) {
            if r.date < before.date {
                cx.error(
                    file,
                    &r.field("date"),
                    format!(
                        "{name} 第 {version} 版的日期 {} 早于上一版的 {}",
                        cn_date(r.date),
                        cn_date(before.date)
                    ),
                    None,
                );
            }
            if r.kind == RecordKind::Correction {
                for (key, value, want) in [
                    ("previous_books", &r.previous_books, &before.books),
                    (
                        "previous_fingerprint",
                        &r.previous_fingerprint,
                        &before.fingerprint,
                    ),
                ] {
                    if value != want {
                        cx.error(
                            file,
                            &r.field(key),
                            format!("{name} 第 {version} 版的 `{key}` 不是上一版记下的值"),
                            None,
                        );
                    }
                }
            }
        }
        if r.kind == RecordKind::Correction {
            for (key, value, what) in [
                ("reason", &r.reason, "更正原因"),
                ("approved_by", &r.approved_by, "批准人"),
            ] {
                if value.trim().is_empty() {
                    cx.error(
                        file,
                        &r.field(key),
                        format!("{name} 第 {version} 版的更正没有写{what}"),
                        None,
                    );
                }
            }
        }
        archive(cx, town, v, r, version as u32);
    }
}

/// The archive of record `r` (version `version`) must hold what it recorded.
fn archive(cx: &mut Cx, town: &Town, v: &Village, r: &Record, version: u32) {
    let root = content_root(town);
    let folder = format!(
        "{root}/{ARCHIVE_DIR}/{}/{}/{version}",
        v.slug,
        r.period.slug()
    );
    match archive_of(town, &v.slug, r.period, version) {
        None => cx.diags.file_error(
            &folder,
            format!(
                "{} {} 第 {version} 版的存档不见了,这一版公开的内容无法再查看",
                v.info.name,
                r.period.label()
            ),
            Some("从版本库(git)里找回这个文件夹;存档由 sanshai publish 和 sanshai correct 写入,不要删改"),
        ),
        Some(a) => {
            if digest::books_hash(&town.sources, &v.slug, &a.books) != r.books {
                cx.diags.file_error(
                    &folder,
                    format!(
                        "{} {} 第 {version} 版的存档和登记时不一样:存档里的文件被改过",
                        v.info.name,
                        r.period.label()
                    ),
                    Some("存档是当时公开内容的原样副本,不能改:从版本库(git)里找回原来的文件"),
                );
            }
        }
    }
}
