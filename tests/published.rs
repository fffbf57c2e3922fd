//! Published periods are locked and corrections are visible, through the real command line
//! on a copy of `tests/fixtures/minimal`:
//! - `publish` records every period (and archives its files); a later change of a published
//!   period fails `check` and `build`, naming the period, both fingerprints and the exact
//!   `sanshai correct` command; with the correction recorded, the period page and the notice
//!   show the 更正记录 (what changed, old → new amounts by voucher) and the earlier version is
//!   its own page with a banner;
//! - the register is a chain: an edited date, hash or books hash, an inserted or deleted record
//!   is reported at the record's line; a deleted last record is found by its archive, or by the
//!   register head the published site printed;
//! - archived versions are masked like the books, and `correct` and `publish` refuse what they
//!   should.

mod support;

use sanshai::publish::{correct, publish, Correction};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::*;

fn bin(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sanshai"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn minimal_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    (tmp, content)
}

const ACCOUNTS: &str = "villages/demo/2025-q3/accounts.yaml";

/// Changes two expenses and the closing balances they move (the books still balance).
fn change_books(content: &Path) {
    let file = content.join(ACCOUNTS);
    let text = fs::read_to_string(&file).unwrap();
    let changed = text
        .replace("    amount: 300\n", "    amount: 350\n")
        .replace("amount: \"3,000.00\"", "amount: \"2,950.00\"")
        .replace("  现金: 700.00", "  现金: 650.00")
        .replace("  基本户: 59000.00", "  基本户: 59050.00");
    assert_ne!(text, changed);
    fs::write(&file, changed).unwrap();
}

fn correction(reason: &str, date: &str) -> Correction {
    Correction {
        village: "demo".into(),
        period: "2025-q3".into(),
        reason: reason.into(),
        approved_by: "村务监督委员会 孙监督".into(),
        date: Some(sanshai::model::parse_date(date).unwrap()),
    }
}

fn check_report(content: &Path) -> (bool, String) {
    let (_, diags) = sanshai::build::check(content);
    (
        diags.has_errors(),
        report_without_prefix(&diags.report(), content),
    )
}

/// The value of `key` in the n-th record (from 0) of the register text.
fn field<'a>(register: &'a str, n: usize, key: &str) -> &'a str {
    let record = register.split("\n  - kind:").nth(n + 1).unwrap();
    let at = record.find(&format!("\n    {key}: ")).unwrap() + key.len() + 7;
    record[at..].lines().next().unwrap().trim_matches('"')
}

/// The line of the n-th record (from 0), where its `- kind:` is.
fn record_line(register: &str, n: usize) -> usize {
    let at = register.match_indices("\n  - kind:").nth(n).unwrap().0;
    register[..at].matches('\n').count() + 2
}

#[test]
fn a_changed_published_period_needs_a_correction_which_the_pages_then_show() {
    let (tmp, content) = minimal_copy();
    let c = content.to_str().unwrap();

    let o = bin(tmp.path(), &["publish", "--content", c]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("已登记: 演示村 2025年第三季度: 2025年10月8日公开(第 1 版)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read(content.join("published/demo/2025-q3/1/accounts.yaml")).unwrap(),
        fs::read(content.join(ACCOUNTS)).unwrap()
    );
    let o = bin(tmp.path(), &["publish", "--content", c]);
    assert!(o.status.success() && stderr(&o).contains("没有要登记的"));
    let register = fs::read_to_string(content.join("published.yaml")).unwrap();
    let first_fp = field(&register, 0, "fingerprint").to_string();
    assert!(!content.join(".published.lock").exists());

    // A change to the published books stops check and build, saying how to record it.
    change_books(&content);
    for args in [
        vec!["check", "--content", c],
        vec!["build", "--content", c, "--output", "out"],
    ] {
        let o = bin(tmp.path(), &args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(&format!(
                "{c}/{ACCOUNTS}: 错误: 演示村 2025年第三季度 已于 2025年10月8日 公开并登记"
            )),
            "{err}"
        );
        assert!(
            err.contains(&format!("登记时的数据指纹 {}", &first_fp[..16])),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "sanshai correct demo 2025-q3 --content {c} --reason \"更正原因\" --approved-by \"批准人\""
            )),
            "{err}"
        );
    }
    assert!(!tmp.path().join("out").exists());
    let now = stderr(&bin(tmp.path(), &["check", "--content", c]));
    let now_fp = now.split("现在是 ").nth(1).unwrap()[..16].to_string();

    let o = bin(
        tmp.path(),
        &[
            "correct",
            "demo",
            "2025-q3",
            "--reason",
            "记-002 和 记-003 的金额录错",
            "--approved-by",
            "村务监督委员会 孙监督",
            "--date",
            "2025-10-20",
            "--content",
            c,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2025年10月20日更正(第 2 版)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(check_report(&content), (false, String::new()));
    let register = fs::read_to_string(content.join("published.yaml")).unwrap();
    assert_eq!(&field(&register, 1, "fingerprint")[..16], now_fp);
    let head = field(&register, 1, "hash").to_string();

    let o = bin(tmp.path(), &["build", "--content", c, "--output", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = tmp.path().join("out");
    let read = |p: &str| fs::read_to_string(out.join(p)).unwrap();
    let page = read("demo/2025-q3/index.html");
    for want in [
        "本期公开后更正过 1 次(最近一次 2025年10月20日)",
        "更正记录",
        "登记：第 2 版(2025年10月8日公开,2025年10月20日更正)。",
        "第 2 版:2025年10月20日更正",
        "更正原因：记-002 和 记-003 的金额录错",
        "批准：村务监督委员会 孙监督",
        "支出 记-002「买打印纸」:金额 ¥300.00 → ¥350.00",
        "支出 记-003「修路灯」:金额 ¥3,000.00 → ¥2,950.00",
        "期末余额「现金」¥700.00 → ¥650.00",
        &format!("更正前 <code>{}</code>", &first_fp[..16]),
        &format!("更正后 <code>{now_fp}</code>"),
        "href=\"../../demo/2025-q3/v1/index.html\"",
        &format!("最新一条的编号是 {}", &head[..16]),
    ] {
        assert!(page.contains(want), "period page lacks {want}");
    }
    let old = read("demo/2025-q3/v1/index.html");
    for want in [
        "这是更正前的版本",
        "这是演示村 2025年第三季度 三晒公开的第 1 版,2025年10月8日公开。2025年10月20日已更正为第 2 版",
        "href=\"../../../demo/2025-q3/index.html\">看现在的版本(第 2 版)",
        &format!("<code>{first_fp}</code>"),
        "300.00",
    ] {
        assert!(old.contains(want), "old version lacks {want}");
    }
    assert!(!old.contains("350.00"));
    let notice = read("demo/2025-q3/print.html");
    assert!(notice.contains("<h2>更正记录</h2>"));
    assert!(notice.contains("支出 记-002「买打印纸」:金额 ¥300.00 → ¥350.00"));
    assert!(notice.contains(&format!(
        "登记：第 2 版(2025年10月8日公开,2025年10月20日更正)；公开登记簿共 2 条记录,最新编号 {}。",
        &head[..16]
    )));
    assert!(read("demo/2025-q3/v1/print.html").contains("这是更正前的版本"));
    assert!(read("index.html").contains(&head[..16]));
    let info: serde_json::Value = serde_json::from_str(&read("build-info.json")).unwrap();
    assert_eq!(info["register"]["head"], head.as_str());
    assert_eq!(info["periods"][0]["version"], 2);
    assert_eq!(
        &info["periods"][0]["fingerprint"].as_str().unwrap()[..16],
        now_fp
    );
    assert_eq!(
        info["periods"][0]["old_versions"][0],
        "demo/2025-q3/v1/index.html"
    );
}

#[test]
fn build_publish_records_then_builds() {
    let (tmp, content) = minimal_copy();
    let c = content.to_str().unwrap();
    let o = bin(
        tmp.path(),
        &["build", "--publish", "--content", c, "--output", "out"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("已登记: 演示村"));
    let footer = fs::read_to_string(tmp.path().join("out/index.html")).unwrap();
    assert!(footer.contains("公开登记簿共 1 条记录"), "{footer}");
    let notice = fs::read_to_string(tmp.path().join("out/demo/2025-q3/print.html")).unwrap();
    assert!(notice.contains("登记：第 1 版(2025年10月8日公开)"));
    // Without a record, pages say so.
    let (t2, c2) = minimal_copy();
    let (_t, out) = build_into(&c2);
    let page = fs::read_to_string(out.join("demo/2025-q3/index.html")).unwrap();
    assert!(page.contains("登记：未登记。") && page.contains("公开登记簿:未登记"));
    drop(t2);
}

/// A copy with three records for demo 2025-q3: published, corrected, corrected again.
fn three_records() -> (tempfile::TempDir, PathBuf) {
    let (tmp, content) = minimal_copy();
    publish(&content, None).unwrap_or_else(|d| panic!("{}", d.report()));
    change_books(&content);
    correct(&content, &correction("金额录错", "2025-10-20"))
        .unwrap_or_else(|d| panic!("{}", d.report()));
    fs::write(
        content.join("villages/demo/2025-q3/notes.md"),
        "记-002 的发票复印件张贴在公开栏。\n",
    )
    .unwrap();
    correct(&content, &correction("补充说明", "2025-10-22"))
        .unwrap_or_else(|d| panic!("{}", d.report()));
    assert_eq!(check_report(&content), (false, String::new()));
    (tmp, content)
}

#[test]
fn a_tampered_register_is_reported_at_the_record() {
    let (_tmp, content) = three_records();
    let path = content.join("published.yaml");
    let good = fs::read_to_string(&path).unwrap();
    let tamper = |text: String| -> String {
        fs::write(&path, text).unwrap();
        let (errors, report) = check_report(&content);
        fs::write(&path, &good).unwrap();
        assert!(errors, "{report}");
        report
    };
    // An edited date, reason or recorded books hash: the record's own hash no longer fits.
    for (n, from, to) in [
        (0, "date: 2025-10-08", "date: 2025-10-07"),
        (1, "reason: \"金额录错\"", "reason: \"笔误\""),
        (2, field(&good, 2, "books"), &"0".repeat(64)[..]),
    ] {
        let report = tamper(good.replacen(from, to, 1));
        let at = format!(
            "published.yaml:{}:5: 错误: 第 {} 条记录",
            record_line(&good, n),
            n + 1
        );
        assert!(
            report.contains(&at) && report.contains("写下以后被改过"),
            "{at}\n{report}"
        );
    }
    // An edited hash: that record, and the link of the next one.
    let hash = field(&good, 1, "hash");
    let report = tamper(good.replacen(
        &format!("hash: \"{hash}\""),
        &format!("hash: \"{}\"", "a".repeat(64)),
        1,
    ));
    assert!(
        report.contains(&format!(
            "published.yaml:{}:5: 错误: 第 2 条记录",
            record_line(&good, 1)
        )),
        "{report}"
    );
    assert!(
        report.contains("第 3 条记录的 prev 不是前一条记录的编号 hash"),
        "{report}"
    );
    // A deleted record in the middle: the next one's prev, at its line.
    let records: Vec<&str> = good.split("\n  - kind:").collect();
    let without_second = format!(
        "{}\n  - kind:{}",
        records[0..2].join("\n  - kind:"),
        records[3]
    );
    let report = tamper(without_second.clone());
    let prev_line = without_second[..without_second.find(&format!("prev: \"{hash}\"")).unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(
        report.contains(&format!(
            "published.yaml:{prev_line}:11: 错误: 第 2 条记录的 prev 不是前一条记录的编号 hash"
        )),
        "{report}"
    );
    // A deleted last record: its archive has no record.
    let report = tamper(records[0..3].join("\n  - kind:"));
    assert!(
        report.contains("published/demo/2025-q3/3: 错误: 这个存档(第 3 版)在登记簿 published.yaml 里没有对应的记录"),
        "{report}"
    );
    // An archived file changed.
    let archived = content.join("published/demo/2025-q3/1/accounts.yaml");
    let before = fs::read_to_string(&archived).unwrap();
    fs::write(&archived, before.replace("买打印纸", "买纸")).unwrap();
    let (errors, report) = check_report(&content);
    assert!(
        errors
            && report.contains(
                "published/demo/2025-q3/1: 错误: 演示村 2025年第三季度 第 1 版的存档和登记时不一样"
            ),
        "{report}"
    );
    fs::write(&archived, before).unwrap();
    assert_eq!(check_report(&content), (false, String::new()));
}

#[test]
fn a_deleted_last_record_and_archive_are_found_by_the_published_site() {
    let (tmp, content) = three_records();
    let out = tmp.path().join("public");
    let build = |allow_removal| {
        sanshai::build::build(&sanshai::build::Options {
            content: content.clone(),
            output: out.clone(),
            base_url: None,
            theme: None,
            allow_removal,
        })
    };
    build(false).unwrap_or_else(|d| panic!("{}", d.report()));
    // Roll the register and the books back by one correction, as if it never happened.
    let path = content.join("published.yaml");
    let good = fs::read_to_string(&path).unwrap();
    let records: Vec<&str> = good.split("\n  - kind:").collect();
    fs::write(&path, records[0..3].join("\n  - kind:")).unwrap();
    fs::remove_dir_all(content.join("published/demo/2025-q3/3")).unwrap();
    fs::remove_file(content.join("villages/demo/2025-q3/notes.md")).unwrap();
    assert_eq!(check_report(&content), (false, String::new()));
    let err = build(false).unwrap_err().report();
    assert!(
        err.contains("网站上已公开的登记簿最新编号")
            && err.contains(&field(&good, 2, "hash")[..16]),
        "{err}"
    );
    assert!(err.contains("--allow-removal"), "{err}");
    build(true).unwrap_or_else(|d| panic!("{}", d.report()));
}

#[test]
fn archived_versions_are_masked_like_the_books() {
    const MOBILE: &str = "13812345678";
    let (_tmp, content) = minimal_copy();
    let file = content.join(ACCOUNTS);
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace(
            "summary: 买打印纸",
            &format!("summary: 买打印纸 联系 {MOBILE}"),
        ),
    )
    .unwrap();
    publish(&content, None).unwrap_or_else(|d| panic!("{}", d.report()));
    fs::write(&file, &text).unwrap();
    correct(&content, &correction("删去村民手机号", "2025-10-20"))
        .unwrap_or_else(|d| panic!("{}", d.report()));
    // The archive keeps the number (it is the copy of what was recorded), unwarned.
    let (errors, report) = check_report(&content);
    assert!(!errors && report.is_empty(), "{report}");
    let (_t, out) = build_into(&content);
    let old = fs::read_to_string(out.join("demo/2025-q3/v1/index.html")).unwrap();
    assert!(old.contains("138****5678"), "masked in the old version");
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let body = String::from_utf8_lossy(&fs::read(e.path()).unwrap()).into_owned();
            assert!(!body.contains(MOBILE), "{}", e.path().display());
        }
    }
}

#[test]
fn correct_and_publish_refuse_what_they_should() {
    let (_tmp, content) = minimal_copy();
    let refused = |r: Result<sanshai::publish::Outcome, sanshai::diag::Diagnostics>, want: &str| {
        let report = r.unwrap_err().report();
        assert!(report.contains(want), "{want}: {report}");
    };
    refused(
        correct(&content, &correction("x", "2025-10-20")),
        "还没有登记公开",
    );
    // Books with an error are not published.
    let file = content.join(ACCOUNTS);
    let good = fs::read_to_string(&file).unwrap();
    fs::write(&file, good.replace("  现金: 700.00", "  现金: 701.00")).unwrap();
    refused(publish(&content, None), "对不上");
    assert!(!content.join("published.yaml").exists());
    fs::write(&file, &good).unwrap();
    publish(&content, None).unwrap();
    refused(
        correct(&content, &correction("x", "2025-10-20")),
        "没有要更正的改动",
    );
    change_books(&content);
    let register = fs::read_to_string(content.join("published.yaml")).unwrap();
    for (c, want) in [
        (correction("", "2025-10-20"), "--reason 更正原因不能是空的"),
        (correction("村民 13812345678 反映", "2025-10-20"), "手机号"),
        (
            correction("金额录错", "2025-10-01"),
            "早于上一次登记的 2025年10月8日",
        ),
        (
            Correction {
                period: "2025-q4".into(),
                ..correction("x", "2025-10-20")
            },
            "演示村没有「2025-q4」这一期",
        ),
        (
            Correction {
                village: "xishan".into(),
                ..correction("x", "2025-10-20")
            },
            "没有「xishan」这个村",
        ),
    ] {
        refused(correct(&content, &c), want);
    }
    // Another error in the books stops a correction too.
    let changed = fs::read_to_string(&file).unwrap();
    fs::write(&file, changed.replace("  现金: 650.00", "  现金: 651.00")).unwrap();
    refused(
        correct(&content, &correction("金额录错", "2025-10-20")),
        "对不上",
    );
    assert_eq!(
        fs::read_to_string(content.join("published.yaml")).unwrap(),
        register,
        "nothing was recorded"
    );
    assert!(!content.join("published/demo/2025-q3/2").exists());
}

#[test]
fn the_loader_takes_the_register_and_archives_and_names_strangers() {
    let (_tmp, content) = minimal_copy();
    publish(&content, None).unwrap();
    fs::write(content.join("published/readme.txt"), "x").unwrap();
    fs::create_dir_all(content.join("published/demo/2025-q3/v2")).unwrap();
    let (errors, report) = check_report(&content);
    assert!(!errors, "{report}");
    assert!(
        report.contains("published/readme.txt: 警告: 不认识的文件或文件夹"),
        "{report}"
    );
    assert!(
        report.contains("published/demo/2025-q3/v2: 警告: 不认识的文件或文件夹"),
        "{report}"
    );
    assert_eq!(report.matches("警告").count(), 2, "{report}");
    // A link is refused there as anywhere in the content folder.
    #[cfg(unix)]
    {
        let secret = content.parent().unwrap().join("secret.txt");
        fs::write(&secret, "秘密").unwrap();
        let notes = content.join("published/demo/2025-q3/1/notes.md");
        std::os::unix::fs::symlink(&secret, &notes).unwrap();
        let (errors, report) = check_report(&content);
        assert!(errors, "{report}");
        assert!(
            report.contains("published/demo/2025-q3/1/notes.md: 错误: 这是一个链接"),
            "{report}"
        );
        assert!(!report.contains("秘密"));
    }
}

#[test]
fn line_endings_and_a_byte_order_mark_do_not_unlock_a_period() {
    let (_tmp, content) = minimal_copy();
    publish(&content, None).unwrap();
    // Git or Notepad on Windows rewrites every file with CRLF and a byte-order mark.
    for e in walkdir::WalkDir::new(&content) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let text = fs::read_to_string(e.path()).unwrap();
            fs::write(e.path(), format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
        }
    }
    assert_eq!(check_report(&content), (false, String::new()));
    // A changed word is still a change.
    let file = content.join(ACCOUNTS);
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("买打印纸", "买打印纸和墨盒")).unwrap();
    let (errors, report) = check_report(&content);
    assert!(
        errors && report.contains("之后 accounts.yaml 被改动过"),
        "{report}"
    );
}

#[test]
fn the_sample_is_published_and_shows_one_correction() {
    let sample = root().join("content");
    let (errors, report) = check_report(&sample);
    assert!(!errors, "{report}");
    let register = fs::read_to_string(sample.join("published.yaml")).unwrap();
    let (_t, out) = build_into(&sample);
    let info: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("build-info.json")).unwrap()).unwrap();
    let periods = info["periods"].as_array().unwrap();
    let records = register.matches("\n  - kind:").count();
    assert_eq!(info["register"]["records"], records);
    assert_eq!(
        info["register"]["head"],
        field(&register, records - 1, "hash")
    );
    // Every period is recorded; exactly one was corrected, once.
    let corrected: Vec<String> = periods
        .iter()
        .filter(|p| p["version"] != 1)
        .map(|p| {
            format!(
                "{}/{}",
                p["village"].as_str().unwrap(),
                p["period"].as_str().unwrap()
            )
        })
        .collect();
    assert!(periods.iter().all(|p| p["version"].as_u64() >= Some(1)));
    assert_eq!(corrected, ["qinglong/2025-q2"]);
    assert_eq!(records, periods.len() + 1);
    let page = fs::read_to_string(out.join("qinglong/2025-q2/index.html")).unwrap();
    assert!(
        page.contains("更正记录") && page.contains("支出 记-020"),
        "{page}"
    );
    let old = fs::read_to_string(out.join("qinglong/2025-q2/v1/index.html")).unwrap();
    assert!(old.contains("这是更正前的版本"));
    // Every notice carries its version and the register head.
    let head = &field(&register, records - 1, "hash")[..16];
    for p in periods {
        let notice = fs::read_to_string(out.join(p["notice"].as_str().unwrap())).unwrap();
        assert!(notice.contains("登记：第 ") && notice.contains(head), "{p}");
    }
}

#[test]
fn a_corrected_closing_balance_and_the_next_opening_are_corrected_one_after_the_other() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("content"), &content);
    let edit = |rel: &str, pairs: &[(&str, &str)]| {
        let file = content.join(rel);
        let mut text = fs::read_to_string(&file).unwrap();
        for (from, to) in pairs {
            assert_eq!(text.matches(from).count(), 1, "{rel}: {from}");
            text = text.replacen(from, to, 1);
        }
        fs::write(&file, text).unwrap();
    };
    // An income of Q3 was ¥100.00 more: Q3's closing and Q4's opening and closing follow.
    edit(
        "villages/qinglong/2025-q3/accounts.yaml",
        &[
            ("    amount: 48000.00\n", "    amount: 48100.00\n"),
            ("  农商行基本户: 229225.60", "  农商行基本户: 229325.60"),
        ],
    );
    edit(
        "villages/qinglong/2025-q4/accounts.yaml",
        &[
            ("  农商行基本户: 229225.60", "  农商行基本户: 229325.60"),
            ("  农商行基本户: 248718.76", "  农商行基本户: 248818.76"),
        ],
    );
    let (errors, report) = check_report(&content);
    assert!(errors, "{report}");
    assert_eq!(report.matches("错误").count(), 2, "{report}");
    let fix = |period: &str| Correction {
        village: "qinglong".into(),
        period: period.into(),
        reason: "记-002 收入少记 100 元".into(),
        approved_by: "村务监督委员会主任 邓永福".into(),
        date: Some(sanshai::model::parse_date("2026-02-02").unwrap()),
    };
    // Each correction goes through while the other period still waits for its own.
    correct(&content, &fix("2025-q3")).unwrap_or_else(|d| panic!("{}", d.report()));
    assert!(check_report(&content)
        .1
        .contains("青龙村 2025年第四季度 已于"));
    correct(&content, &fix("2025-q4")).unwrap_or_else(|d| panic!("{}", d.report()));
    assert_eq!(check_report(&content), (false, String::new()));
    let (_t, out) = build_into(&content);
    let q4 = fs::read_to_string(out.join("qinglong/2025-q4/index.html")).unwrap();
    assert!(q4.contains("期初余额「农商行基本户」¥229,225.60 → ¥229,325.60"));
    assert!(q4.contains("期末余额「农商行基本户」¥248,718.76 → ¥248,818.76"));
    let q3 = fs::read_to_string(out.join("qinglong/2025-q3/index.html")).unwrap();
    assert!(q3.contains(":金额 ¥48,000.00 → ¥48,100.00"), "q3 page");
}
