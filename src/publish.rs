//! The two commands that write the register of publications (公开登记簿), as library
//! functions: `sanshai publish` records the first publication of every period not recorded yet;
//! `sanshai correct` records a correction of a published period whose books were changed.
//!
//! Both refuse when `check` finds an error (for `correct`, any error but changes of published
//! books, which corrections record one period at a time), so the register only ever locks
//! books that pass. Each new record gets the period's
//! files archived under `published/<村>/<期>/<版>/` first (copied, then checked against the hash
//! read at load time, then renamed into place), and then the register is written whole to a
//! temporary file and renamed over the old one: records are only ever appended, the earlier
//! text is kept byte for byte, and what is about to be written is read back by the loader and
//! its chain checked before it replaces anything. A lock file keeps two runs apart.

use crate::build;
use crate::calc::digest;
use crate::derive;
use crate::diag::Diagnostics;
use crate::model::record::{Record, RecordKind, ARCHIVE_DIR, REGISTER_FILE};
use crate::model::{cn_date, PeriodId, Town};
use crate::privacy;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// What a command recorded.
#[derive(Debug)]
pub struct Outcome {
    /// One line per new record, for the command line.
    pub lines: Vec<String>,
    /// The register's head after the run ("" when nothing is recorded at all).
    pub head: String,
    /// How many records the register holds now.
    pub count: usize,
    /// Warnings of the check that ran first.
    pub warnings: Diagnostics,
}

/// A correction to record.
#[derive(Debug, Clone)]
pub struct Correction {
    pub village: String,
    pub period: String,
    pub reason: String,
    pub approved_by: String,
    /// The day of the correction; today when not given.
    pub date: Option<NaiveDate>,
}

fn fail(file: &str, message: impl Into<String>, hint: Option<&str>) -> Diagnostics {
    let mut d = Diagnostics::new();
    d.file_error(file, message, hint);
    d
}

/// The lock file that keeps two runs on one content folder apart.
fn lock_file(content: &Path) -> Result<fd_lock::RwLock<fs::File>, Diagnostics> {
    if !content.is_dir() {
        // The check says what is wrong with the folder.
        return Err(build::check(content).1);
    }
    let path = content.join(".published.lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            fail(
                &path.display().to_string(),
                format!("无法创建锁文件: {e}"),
                None,
            )
        })?;
    Ok(fd_lock::RwLock::new(file))
}

fn busy(content: &Path) -> Diagnostics {
    fail(
        &content.join(".published.lock").display().to_string(),
        "另一个 sanshai publish 或 sanshai correct 正在登记",
        Some("等它结束再试"),
    )
}

/// Removes the lock file when a run that holds the lock ends (declared after the guard, so
/// dropped before it; a run that found the lock taken leaves the file to its holder).
struct Cleanup(PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Records the first publication of every village period that has no record yet, dated
/// `date` or, when not given, the day its notice was posted (`review.posted_on`).
pub fn publish(content: &Path, date: Option<NaiveDate>) -> Result<Outcome, Diagnostics> {
    let mut lock = lock_file(content)?;
    let _guard = lock.try_write().map_err(|_| busy(content))?;
    let _cleanup = Cleanup(content.join(".published.lock"));
    let (town, diags) = build::check(content);
    let Some(town) = town.filter(|_| !diags.has_errors()) else {
        return Err(diags);
    };
    let report = derive::town::town_report(&town);
    let mut new = Vec::new();
    for (v, vr) in town.villages.iter().zip(&report.village_reports) {
        for (p, pr) in v.periods.iter().zip(&vr.period_reports) {
            if town
                .register
                .as_ref()
                .is_some_and(|r| r.latest(&v.slug, p.id).is_some())
            {
                continue;
            }
            new.push(Record {
                kind: RecordKind::Publish,
                village: v.slug.clone(),
                period: p.id,
                date: date.unwrap_or(pr.published_on),
                books: digest::books_hash(&town.sources, &v.slug, p),
                fingerprint: pr.fingerprint.clone(),
                reason: String::new(),
                approved_by: String::new(),
                previous_books: String::new(),
                previous_fingerprint: String::new(),
                prev: String::new(),
                hash: String::new(),
            });
        }
    }
    write(content, &town, new, diags)
}

/// Records a correction of a published period whose books were changed since its last record.
pub fn correct(content: &Path, c: &Correction) -> Result<Outcome, Diagnostics> {
    let mut lock = lock_file(content)?;
    let _guard = lock.try_write().map_err(|_| busy(content))?;
    let _cleanup = Cleanup(content.join(".published.lock"));
    let (town, diags) = build::check(content);
    let Some(town) = town else {
        return Err(diags);
    };
    let arg = |what: &str| {
        fail(
            &format!("sanshai correct {} {}", c.village, c.period),
            what,
            None,
        )
    };
    let Some(v) = town.villages.iter().find(|v| v.slug == c.village) else {
        let known: Vec<&str> = town.villages.iter().map(|v| v.slug.as_str()).collect();
        return Err(fail(
            &format!("sanshai correct {}", c.village),
            format!("没有「{}」这个村", c.village),
            Some(&format!("村的文件夹名有: {}", known.join("、"))),
        ));
    };
    let Some(index) =
        PeriodId::parse(&c.period).and_then(|id| v.periods.iter().position(|p| p.id == id))
    else {
        return Err(arg(&format!(
            "{}没有「{}」这一期(写成 2025-q3 这样的文件夹名)",
            v.info.name, c.period
        )));
    };
    let p = &v.periods[index];
    let Some(latest) = town.register.as_ref().and_then(|r| r.latest(&v.slug, p.id)) else {
        return Err(arg(&format!(
            "{} {} 还没有登记公开,不需要更正:改好后运行 sanshai publish 登记公开",
            v.info.name,
            p.id.label()
        )));
    };
    // Every problem but a change of published books stops it: this correction records one;
    // others (a next quarter whose opening balance followed a corrected closing) get theirs.
    let changes: Vec<_> = town
        .villages
        .iter()
        .flat_map(|v| {
            v.periods
                .iter()
                .filter_map(|p| crate::validate::change_error(&town, v, p))
        })
        .collect();
    if crate::validate::change_error(&town, v, p).is_none() {
        return Err(arg(&format!(
            "{} {} 的文件和登记的第 {} 版一样,没有要更正的改动",
            v.info.name,
            p.id.label(),
            town.register
                .as_ref()
                .map_or(0, |r| r.of_period(&v.slug, p.id).count())
        )));
    }
    let mut rest = Diagnostics::new();
    for d in diags.iter().filter(|d| !changes.contains(d)) {
        rest.push(d.clone());
    }
    if rest.has_errors() {
        return Err(rest);
    }
    let reason = c.reason.trim();
    let approved_by = c.approved_by.trim();
    for (text, what) in [
        (reason, "--reason 更正原因"),
        (approved_by, "--approved-by 批准人"),
    ] {
        if text.is_empty() {
            return Err(arg(&format!("{what}不能是空的")));
        }
        if !privacy::find(text, &BTreeSet::new()).is_empty() {
            return Err(arg(&format!(
                "{what}里有村民的身份证号、手机号或银行卡号:登记簿会公开在网页和公告上,不要写这些号码"
            )));
        }
    }
    let date = c.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    if date < latest.date {
        return Err(arg(&format!(
            "更正日期 {} 早于上一次登记的 {}",
            cn_date(date),
            cn_date(latest.date)
        )));
    }
    let report = derive::village::village_report(&town, v);
    let record = Record {
        kind: RecordKind::Correction,
        village: v.slug.clone(),
        period: p.id,
        date,
        books: digest::books_hash(&town.sources, &v.slug, p),
        fingerprint: report.period_reports[index].fingerprint.clone(),
        reason: reason.to_string(),
        approved_by: approved_by.to_string(),
        previous_books: latest.books.clone(),
        previous_fingerprint: latest.fingerprint.clone(),
        prev: String::new(),
        hash: String::new(),
    };
    write(content, &town, vec![record], rest)
}

/// A string as a YAML double-quoted scalar (JSON's escapes are YAML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

const HEADER: &str = "\
# 公开登记簿:由 sanshai publish 和 sanshai correct 写入,不要手改。
# 每一期第一次公开记一条「公开」,以后每次更正记一条「更正」;每一版的文件原样存在 published/<村>/<季度>/<版本号>/。
# 每条记录的 hash 由它的内容和前一条记录的 hash(prev)算出:改动、插入或删掉任何一条,sanshai check 都会指出是哪一条。
records:
";

/// One record as the register writes it.
fn record_text(r: &Record) -> String {
    let mut t = format!(
        "\n  - kind: {}\n    village: {}\n    period: {}\n    date: {}\n",
        r.kind.label(),
        quoted(&r.village),
        r.period.slug(),
        r.date.format("%Y-%m-%d")
    );
    if r.kind == RecordKind::Correction {
        t.push_str(&format!(
            "    reason: {}\n    approved_by: {}\n",
            quoted(&r.reason),
            quoted(&r.approved_by)
        ));
    }
    t.push_str(&format!(
        "    books: \"{}\"\n    fingerprint: \"{}\"\n",
        r.books, r.fingerprint
    ));
    if r.kind == RecordKind::Correction {
        t.push_str(&format!(
            "    previous_books: \"{}\"\n    previous_fingerprint: \"{}\"\n",
            r.previous_books, r.previous_fingerprint
        ));
    }
    t.push_str(&format!(
        "    prev: \"{}\"\n    hash: \"{}\"\n",
        r.prev, r.hash
    ));
    t
}

/// Chains `new` onto the register, archives each new version, then writes the register.
fn write(
    content: &Path,
    town: &Town,
    mut new: Vec<Record>,
    warnings: Diagnostics,
) -> Result<Outcome, Diagnostics> {
    let path = content.join(REGISTER_FILE);
    let shown = path.display().to_string();
    let old = town.register.as_ref();
    let old_count = old.map_or(0, |r| r.records.len());
    if new.is_empty() {
        return Ok(Outcome {
            lines: Vec::new(),
            head: old.map_or(String::new(), |r| r.head().to_string()),
            count: old_count,
            warnings,
        });
    }
    // The text so far, kept as it is; a register without records is started afresh.
    let mut text = match old {
        Some(r) if !r.records.is_empty() => {
            fs::read_to_string(&path).map_err(|e| fail(&shown, format!("无法读取: {e}"), None))?
        }
        _ => HEADER.to_string(),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let mut prev = old.map_or(digest::GENESIS, |r| r.head()).to_string();
    if prev.is_empty() {
        prev = digest::GENESIS.to_string();
    }
    let mut lines = Vec::new();
    let mut versions = Vec::new();
    for r in &mut new {
        r.prev = prev.clone();
        r.hash = digest::record_hash(r);
        prev = r.hash.clone();
        text.push_str(&record_text(r));
        let version = old.map_or(0, |reg| reg.of_period(&r.village, r.period).count()) + 1;
        versions.push(version as u32);
        let name = town
            .villages
            .iter()
            .find(|v| v.slug == r.village)
            .map_or(r.village.as_str(), |v| v.info.name.as_str());
        lines.push(format!(
            "{name} {}: {}{}(第 {version} 版),数据指纹 {}",
            r.period.label(),
            cn_date(r.date),
            r.kind.label(),
            &r.fingerprint[..16.min(r.fingerprint.len())]
        ));
    }
    // What is about to be written reads back as the same chain.
    let (back, problems) = crate::load::register::read_text(&text, &shown);
    let chain_ok = back.as_ref().is_some_and(|b| {
        b.records.len() == old_count + new.len()
            && b.records.iter().zip(&b.computed).all(|(r, h)| r.hash == *h)
            && b.records.last().map(|r| r.hash.as_str()) == Some(prev.as_str())
    });
    if problems.has_errors() || !chain_ok {
        let mut d = problems;
        d.file_error(
            &shown,
            "登记簿的格式被改过,无法在后面接着登记",
            Some("从版本库(git)里找回 sanshai 写的 published.yaml 再运行"),
        );
        return Err(d);
    }
    for (r, version) in new.iter().zip(versions) {
        archive(content, town, r, version)?;
    }
    let tmp = content.join(format!(".{REGISTER_FILE}.tmp-{}", std::process::id()));
    fs::write(&tmp, text.as_bytes())
        .and_then(|()| fs::rename(&tmp, &path))
        .map_err(|e| {
            let _ = fs::remove_file(&tmp);
            fail(&shown, format!("无法写入: {e}"), None)
        })?;
    Ok(Outcome {
        lines,
        head: prev,
        count: old_count + new.len(),
        warnings,
    })
}

/// Copies the period's files to `published/<村>/<期>/<version>/`, checking each copy against
/// the hash the check read, so the archive holds exactly the books that were recorded.
fn archive(content: &Path, town: &Town, r: &Record, version: u32) -> Result<(), Diagnostics> {
    let dir = content
        .join(ARCHIVE_DIR)
        .join(&r.village)
        .join(r.period.slug());
    let target = dir.join(version.to_string());
    let tmp = dir.join(format!(".{version}.tmp-{}", std::process::id()));
    let shown = target.display().to_string();
    let err = |e: std::io::Error| fail(&shown, format!("无法写入存档: {e}"), None);
    let p = town
        .villages
        .iter()
        .find(|v| v.slug == r.village)
        .and_then(|v| v.periods.iter().find(|p| p.id == r.period))
        .ok_or_else(|| fail(&shown, "找不到这一期的文件", None))?;
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(err)?;
    for &id in &p.files {
        let source = &town.sources.files[id];
        let bytes = fs::read(content.join(&source.rel)).map_err(err)?;
        let sha: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(&bytes).into();
        if sha != source.sha256 {
            let _ = fs::remove_dir_all(&tmp);
            return Err(fail(
                &source.display,
                "登记的时候这个文件又被改动了",
                Some("等改完、检查通过后再运行一次"),
            ));
        }
        let name = source.rel.rsplit('/').next().unwrap_or_default();
        fs::write(tmp.join(name), &bytes).map_err(err)?;
    }
    // A folder left by an interrupted run has no record: it is replaced.
    if target.exists() {
        fs::remove_dir_all(&target).map_err(err)?;
    }
    fs::rename(&tmp, &target).map_err(err)
}
