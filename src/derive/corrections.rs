//! Publication records as the pages show them: each period's version and its 更正记录
//! (corrections: when, why, who approved, what changed, old and new fingerprints, a link to the
//! version before), the earlier versions of corrected periods as reports of their own (rendered
//! at `<村>/<期>/v<n>/`), and the head of the register printed on every notice and page footer.
//!
//! A villager holding an old paper compares its version and register number with the web page:
//! if they differ, something was published or corrected since, and the period page says what.
//! Every sentence is made here; templates only place them.

use super::changes::changes;
use super::period::{period_report, PeriodReport};
use crate::calc::ledger;
use crate::model::record::{ArchivedVersion, Record};
use crate::model::*;
use serde::Serialize;

/// The register's last record, as every page footer and notice prints it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegisterHead {
    /// False when nothing has been recorded yet (no `published.yaml`, or no record in it).
    pub recorded: bool,
    /// How many records the register holds.
    pub count: usize,
    /// The last record's hash, and its first 16 hex digits.
    pub head: String,
    pub head_short: String,
    /// The footer's sentence.
    pub sentence: String,
    /// The notice's shorter line.
    pub notice: String,
}

pub fn register_head(town: &Town) -> RegisterHead {
    let records = town.register.as_ref().map_or(&[][..], |r| &r.records[..]);
    let Some(last) = records.last() else {
        return RegisterHead {
            sentence: "公开登记簿:未登记。本站公开的各期还没有登记锁定,登记后改动已公开的内容要留下更正记录。".into(),
            notice: "公开登记簿:未登记".into(),
            ..RegisterHead::default()
        };
    };
    let short: String = last.hash.chars().take(16).collect();
    RegisterHead {
        recorded: true,
        count: records.len(),
        sentence: format!(
            "公开登记簿共 {} 条记录,最新一条的编号是 {short}。公告上印的编号和这里不一样,说明之后又有公开或更正;每一期改过什么,写在那一期页面的「更正记录」里。",
            records.len()
        ),
        notice: format!("公开登记簿共 {} 条记录,最新编号 {short}", records.len()),
        head: last.hash.clone(),
        head_short: short,
    }
}

/// One correction of a period.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    /// The version the correction made (2 for the first correction).
    pub version: u32,
    /// `第 2 版:2025年8月6日更正`.
    pub title: String,
    pub date: String,
    pub reason: String,
    pub approved_by: String,
    /// What changed, one sentence each (see [`changes`]).
    pub changes: Vec<String>,
    pub old_fingerprint: String,
    pub old_fingerprint_short: String,
    pub new_fingerprint: String,
    pub new_fingerprint_short: String,
    /// `第 1 版(更正前)`.
    pub previous_label: String,
    /// The previous version's page, from the site root (`dongshan/2025-q2/v1/index.html`).
    pub previous_path: String,
    /// Its absolute address ("" without a base URL), for paper.
    pub previous_url: String,
}

/// Shown at the top of an earlier version's page.
#[derive(Debug, Clone, Serialize)]
pub struct OldVersionBanner {
    /// 这是更正前的版本.
    pub title: String,
    pub sentence: String,
    /// The current version's page, from the site root.
    pub current_path: String,
    pub current_label: String,
}

/// A period's place in the register.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PeriodRecord {
    /// False when the period is not recorded as published yet.
    pub recorded: bool,
    /// The version shown (1 for the first publication; 0 when not recorded).
    pub version: u32,
    /// `第 2 版(2025年7月8日公开,2025年8月6日更正)` / `未登记`.
    pub status: String,
    /// On the current version of a corrected period, said at the top of its page:
    /// `本期公开后更正过 1 次(最近一次 2025年8月6日),改了什么见「更正记录」。` ("" otherwise).
    pub corrected_note: String,
    /// The corrections up to the version shown, oldest first.
    pub corrections: Vec<CorrectionView>,
    /// Why the fingerprint differs from the recorded one although the books are as recorded
    /// (`site.yaml`, `village.yaml` or an earlier quarter's requests changed), or "".
    pub fingerprint_note: String,
    /// Set on the page of an earlier version.
    pub old_version: Option<OldVersionBanner>,
}

/// An earlier version of a corrected period, as its own report.
#[derive(Debug, Clone, Serialize)]
pub struct OldVersionReport {
    pub version: u32,
    /// The folder it is rendered in, under the period's (`v1`).
    pub dir: String,
    pub report: PeriodReport,
}

fn archive<'a>(
    town: &'a Town,
    v: &Village,
    p: PeriodId,
    version: u32,
) -> Option<&'a ArchivedVersion> {
    town.archives
        .iter()
        .find(|a| a.village == v.slug && a.period == p && a.version == version)
}

fn short(hash: &str) -> String {
    hash.chars().take(16).collect()
}

/// `dongshan/2025-q2/v1/index.html`.
pub fn version_path(village: &str, period: PeriodId, version: u32) -> String {
    format!("{village}/{}/v{version}/index.html", period.slug())
}

fn absolute(base_url: &str, path: &str) -> String {
    if base_url.is_empty() {
        return String::new();
    }
    let dir = path.strip_suffix("index.html").unwrap_or(path);
    format!("{}/{dir}", base_url.trim_end_matches('/'))
}

/// The correction that made `version` (≥ 2), from the record list of its period.
fn correction(
    town: &Town,
    v: &Village,
    current: &Period,
    records: &[&Record],
    version: u32,
) -> CorrectionView {
    let i = version as usize - 1;
    let (r, before) = (records[i], records[i - 1]);
    // The newest version is the books as they are (its archive is only hashed).
    let read = |n: u32| {
        archive(town, v, current.id, n)
            .filter(|a| a.read)
            .map(|a| &a.books)
    };
    let old = read(version - 1);
    let new = if version as usize == records.len() {
        Some(current)
    } else {
        read(version)
    };
    let mut list = match (old, new) {
        (Some(old), Some(new)) => changes(old, new),
        _ => vec!["有一个版本的存档不见了,无法列出改动的内容".into()],
    };
    if list.is_empty() {
        list.push("文件有改动,公开的内容没有变化(只改了注释、空格或格式)".into());
    }
    let previous_path = version_path(&v.slug, current.id, version - 1);
    CorrectionView {
        version,
        title: format!("第 {version} 版:{}更正", cn_date(r.date)),
        date: cn_date(r.date),
        reason: r.reason.clone(),
        approved_by: r.approved_by.clone(),
        changes: list,
        old_fingerprint_short: short(&before.fingerprint),
        old_fingerprint: before.fingerprint.clone(),
        new_fingerprint_short: short(&r.fingerprint),
        new_fingerprint: r.fingerprint.clone(),
        previous_label: format!("第 {} 版(更正前)", version - 1),
        previous_url: absolute(&town.site.base_url, &previous_path),
        previous_path,
    }
}

/// `第 2 版(2025年7月8日公开,2025年8月6日更正)`.
fn status(records: &[&Record], version: u32) -> String {
    let shown = &records[..version as usize];
    let mut parts = vec![format!("{}公开", cn_date(shown[0].date))];
    parts.extend(
        shown[1..]
            .iter()
            .map(|r| format!("{}更正", cn_date(r.date))),
    );
    format!("第 {version} 版({})", parts.join(","))
}

/// The record of `v`'s period `p` whose notice prints `fingerprint`.
pub fn period_record(town: &Town, v: &Village, p: &Period, fingerprint: &str) -> PeriodRecord {
    let records: Vec<&Record> = town
        .register
        .iter()
        .flat_map(|r| r.of_period(&v.slug, p.id))
        .map(|r| &r.value)
        .collect();
    let Some(last) = records.last() else {
        return PeriodRecord {
            status: "未登记".into(),
            ..PeriodRecord::default()
        };
    };
    let version = records.len() as u32;
    PeriodRecord {
        recorded: true,
        version,
        status: status(&records, version),
        corrections: (2..=version)
            .map(|n| correction(town, v, p, &records, n))
            .collect(),
        corrected_note: if version > 1 {
            format!(
                "本期公开后更正过 {} 次(最近一次 {}),改了什么见下面的「更正记录」。",
                version - 1,
                cn_date(last.date)
            )
        } else {
            String::new()
        },
        fingerprint_note: if last.fingerprint == fingerprint {
            String::new()
        } else {
            format!(
                "登记时的数据指纹是 {}。之后本期的账目没有改动,改动的是本村或本镇的基本信息(电话、网址等)或前几期的民情台账,所以现在的数据指纹不同。",
                short(&last.fingerprint)
            )
        },
        old_version: None,
    }
}

/// The earlier versions of every corrected period of `v`, each as the report of that period
/// with its archived books in place of the current ones. Figures that come from other
/// periods (本年累计, the balance chart, carried requests) are those of the current books.
pub fn old_versions(town: &Town, v: &Village) -> Vec<OldVersionReport> {
    let mut out = Vec::new();
    let Some(register) = &town.register else {
        return out;
    };
    for (index, p) in v.periods.iter().enumerate() {
        let records: Vec<&Record> = register
            .of_period(&v.slug, p.id)
            .map(|r| &r.value)
            .collect();
        let latest = records.len() as u32;
        for version in 1..latest {
            let Some(a) = archive(town, v, p.id, version).filter(|a| a.read) else {
                continue;
            };
            let mut old = v.clone();
            old.periods[index] = a.books.clone();
            let ledgers = ledger::ledgers(&old);
            let Some(l) = ledgers.get(index) else {
                continue;
            };
            let mut report = period_report(town, &old, index, l);
            let r = records[version as usize - 1];
            let next = records[version as usize];
            report.fingerprint = r.fingerprint.clone();
            report.fingerprint_short = short(&r.fingerprint);
            report.record = PeriodRecord {
                recorded: true,
                version,
                status: status(&records, version),
                corrections: (2..=version)
                    .map(|n| correction(town, v, p, &records, n))
                    .collect(),
                corrected_note: String::new(),
                fingerprint_note: String::new(),
                old_version: Some(OldVersionBanner {
                    title: "这是更正前的版本".into(),
                    sentence: format!(
                        "这是{} {} 三晒公开的第 {version} 版,{}{}。{}已更正为第 {} 版,原因:{}(批准:{})。这一页只供对照,以现在的版本为准。",
                        v.info.name,
                        p.id.label(),
                        cn_date(r.date),
                        if version == 1 { "公开" } else { "更正后公开" },
                        cn_date(next.date),
                        version + 1,
                        next.reason,
                        next.approved_by,
                    ),
                    current_path: format!("{}/{}/index.html", v.slug, p.id.slug()),
                    current_label: format!("看现在的版本(第 {latest} 版)"),
                }),
            };
            out.push(OldVersionReport {
                version,
                dir: format!("v{version}"),
                report,
            });
        }
    }
    out
}
