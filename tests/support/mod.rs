//! Helpers shared by the integration tests: building a content folder into a temporary
//! place, copying fixtures, and reading YAML figures independently of the crate's model.

#![allow(dead_code)]

use sanshai::build::{build, Options};
use sanshai::money::Money;
use serde_norway::Value;
use std::fs;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder tree (files only; skips nothing).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::create_dir_all(dest.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The report of `check` with the temporary folder's prefix removed from file names.
pub fn report_without_prefix(report: &str, prefix: &Path) -> String {
    let p = format!("{}/", prefix.display());
    report.replace(&p, "")
}

/// Builds `content` into `out` with no other options.
pub fn build_to(
    content: &Path,
    out: &Path,
) -> Result<sanshai::build::Report, sanshai::diag::Diagnostics> {
    build(&Options {
        content: content.to_path_buf(),
        output: out.to_path_buf(),
        base_url: None,
        theme: None,
        allow_removal: false,
    })
}

/// [`build_to`], panicking with the report on any error.
pub fn build_ok(content: &Path, out: &Path) {
    build_to(content, out).unwrap_or_else(|d| panic!("{}", d.report()));
}

/// Builds `content` into a fresh temporary folder; panics with the report on any error.
pub fn build_into(content: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_ok(content, &out);
    (tmp, out)
}

/// An HTTP answer: status, head and body.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// One HTTP/1.1 GET with a raw request target (sent exactly as given); the answer must come
/// within `wait`.
pub fn http_get(addr: std::net::SocketAddr, target: &str, wait: std::time::Duration) -> Reply {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(wait)).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok());
    Reply {
        status: status.unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A copy of the sample content without one village's quarter (a village behind the others).
/// A quarter never published has no record, so the copy has no register of publications.
pub fn sample_without(village: &str, period: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, copy) = sample_unpublished();
    fs::remove_dir_all(copy.join("villages").join(village).join(period)).unwrap();
    (tmp, copy)
}

/// A copy of the sample content without its register of publications (`published.yaml` and
/// the archived versions in `published/`), so that its books can be changed freely.
pub fn sample_unpublished() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("content");
    copy_tree(&root().join("content"), &copy);
    let _ = fs::remove_file(copy.join("published.yaml"));
    let _ = fs::remove_dir_all(copy.join("published"));
    (tmp, copy)
}

pub fn yaml(path: &Path) -> Value {
    serde_norway::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// An amount as written in the YAML (number or text), parsed exactly.
pub fn amount(v: &Value) -> Money {
    match v {
        Value::Number(n) => Money::parse(&n.to_string()).unwrap(),
        Value::String(s) => Money::parse(s).unwrap(),
        other => panic!("not an amount: {other:?}"),
    }
}

/// One quarter's request ledger (民情台账), counted from the YAML.
#[derive(Default, Debug)]
pub struct Ledger {
    /// Requests received in the quarter.
    pub received: usize,
    /// Requests received earlier and still open when the quarter began.
    pub carried: usize,
    /// Resolved at the quarter's end, new or carried.
    pub resolved: usize,
    pub carried_ids: Vec<String>,
    /// `performance.yaml` files (relative paths) that received or updated a carried request.
    pub carried_files: std::collections::BTreeSet<String>,
}

/// The request ledger of each quarter (folder name → ledger) of village `v` under `content`,
/// as docs/format.md describes it: an entry whose `id` is that of a request received in an
/// earlier quarter updates it; any other entry is a new request, whose id, when none is
/// written, is `<quarter>-<place by date>`; a request not 已落实 at a quarter's end is on the
/// next quarter's ledger too.
pub fn request_ledger(content: &Path, v: &str) -> std::collections::BTreeMap<String, Ledger> {
    use std::collections::BTreeMap;
    // id → (status, files it comes from)
    let mut book: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut out = BTreeMap::new();
    let mut quarters: Vec<String> = fs::read_dir(content.join("villages").join(v))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    quarters.sort();
    for p in quarters {
        let rel = format!("villages/{v}/{p}/performance.yaml");
        let reqs = fs::read_to_string(content.join(&rel))
            .ok()
            .map(|t| serde_norway::from_str::<Value>(&t).unwrap())
            .and_then(|y| y["requests"].as_sequence().cloned())
            .unwrap_or_default();
        let open: Vec<String> = book
            .iter()
            .filter(|(_, (s, _))| s.as_str() != "已落实")
            .map(|(id, _)| id.clone())
            .collect();
        let id_of = |r: &Value| r["id"].as_str().unwrap_or("").to_string();
        let (updates, mut new): (Vec<Value>, Vec<Value>) =
            reqs.into_iter().partition(|r| book.contains_key(&id_of(r)));
        new.sort_by_key(|r| r["date"].as_str().map(str::to_string));
        let mut l = Ledger {
            received: new.len(),
            carried: open.len(),
            carried_ids: open.clone(),
            ..Ledger::default()
        };
        for r in &updates {
            let entry = book.get_mut(&id_of(r)).unwrap();
            entry.0 = r["status"].as_str().unwrap().to_string();
            entry.1.push(rel.clone());
        }
        for (i, r) in new.iter().enumerate() {
            let id = match id_of(r) {
                id if id.is_empty() => format!("{p}-{}", i + 1),
                id => id,
            };
            let s = r["status"].as_str().unwrap().to_string();
            l.resolved += usize::from(s == "已落实");
            book.insert(id, (s, vec![rel.clone()]));
        }
        for id in &open {
            l.resolved += usize::from(book[id].0 == "已落实");
            l.carried_files.extend(book[id].1.iter().cloned());
        }
        out.insert(p, l);
    }
    out
}

/// An entry's amount: written on it, or the sum of its `lines` (a voucher with several lines).
pub fn entry_amount(e: &Value) -> Money {
    match e["lines"].as_sequence() {
        Some(lines) => lines.iter().map(|l| amount(&l["amount"])).sum(),
        None => amount(&e["amount"]),
    }
}

/// (village, period) of every period folder of `content`.
pub fn period_folders(content: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for v in fs::read_dir(content.join("villages")).unwrap() {
        let v = v.unwrap();
        if !v.file_type().unwrap().is_dir() {
            continue;
        }
        for p in fs::read_dir(v.path()).unwrap() {
            let p = p.unwrap();
            if p.file_type().unwrap().is_dir() {
                out.push((
                    v.file_name().to_string_lossy().into(),
                    p.file_name().to_string_lossy().into(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// A copy of the minimal fixture whose quarter has `n` entries (two in five income, the rest
/// expenses, spread over the quarter's three months, some with long summaries), balanced so
/// that it passes the checks, and a `notes.md` with a table wider than a phone: the busy
/// quarter the readability checks measure.
pub fn busy_quarter(n: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let dir = content.join("villages/demo/2025-q3");
    let mut income = String::new();
    let mut expenses = String::new();
    let mut bank = Money::from_fen(50_000_000);
    for i in 1..=n {
        let month = 7 + (i * 3 - 1) / n.max(1);
        let day = 1 + (i * 28 / n.max(1)) % 28;
        let fen = 10_000 + (i as i64 * 7_919) % 80_000;
        let long = if i % 7 == 0 {
            "，按村民代表会议决议和合同约定，经村务监督委员会审核后支付给承建方的阶段工程款"
        } else {
            ""
        };
        let entry = format!(
            "  - date: 2025-{month:02}-{day:02}\n    voucher: 记-{i:03}\n    account: {}\n    item: {}\n    summary: 第 {i} 笔{long}\n    amount: {}\n    via: 基本户\n    handler: 赵会计\n    approvers: [王书记, 李主任, 赵会计]\n",
            if i % 5 < 2 { "经营收入" } else { "公益支出" },
            if i % 5 < 2 { "鱼塘承包费" } else { "路灯" },
            Money::from_fen(fen).yuan().trim_start_matches('¥').replace(',', ""),
        );
        if i % 5 < 2 {
            bank += Money::from_fen(fen);
            income.push_str(&entry);
        } else {
            bank -= Money::from_fen(fen);
            expenses.push_str(&entry.replace(
                "    via: 基本户\n",
                "    via: 基本户\n    source: 集体自有资金\n",
            ));
        }
    }
    let accounts = format!(
        "opening:\n  现金: 1000.00\n  基本户: 500000.00\nclosing:\n  现金: 1000.00\n  基本户: {}\nincome:\n{income}expenses:\n{expenses}review:\n  reviewed_by: [孙监督, 周理财]\n  reviewed_on: 2025-10-05\n  posted_on: 2025-10-08\n  days: 15\n  opinion: 经审核，收支真实完整。\n",
        bank.yuan().trim_start_matches('¥').replace(',', "")
    );
    fs::write(dir.join("accounts.yaml"), accounts).unwrap();
    let mut notes = String::from("## 各组路灯维修明细\n\n| 组别 | 路段 | 灯杆编号 | 更换部件 | 数量 | 单价 | 金额 | 施工单位 | 验收人 | 备注 |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for g in 1..=6 {
        notes.push_str(&format!("| 第{g}组 | 村道东段至水库路口 | LD-2025-0{g}-001至LD-2025-0{g}-012 | 灯头、蓄电池、太阳能板 | 12 | 480.00 | 5,760.00 | 示例县某某照明工程有限公司 | 孙监督、周理财 | 已验收 |\n"));
    }
    fs::write(dir.join("notes.md"), notes).unwrap();
    (tmp, content)
}
