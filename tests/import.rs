//! `sanshai import`, scaffolds and the accountant's path, end to end on the exports in
//! `tests/fixtures/import/` (made by `cargo run --example make_import_fixtures`):
//! - each export imported and compared with its hand-checked `accounts.yaml` in `expected/`;
//! - two periods from the .xlsx journal and from the GBK .csv: new period → import → review
//!   filled → check passes → build, and the published totals equal the spreadsheets' own
//!   column sums (read here with calamine and csv, not through the importer);
//! - a mistyped amount and a voucher that touches no fund reported with their cells, exit 1;
//! - a hand-edited file is not overwritten without `--force`, and the review is kept;
//! - `new period` followed by `check` gives only "fill this in" messages.

mod support;

use calamine::{Data, DataType, Reader};
use sanshai::diag::Severity;
use sanshai::import::{self, Request};
use sanshai::model::PeriodId;
use sanshai::money::Money;
use std::fs;
use std::path::{Path, PathBuf};
use support::*;

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/import")
}

fn period(s: &str) -> PeriodId {
    PeriodId::parse(s).unwrap()
}

/// A copy of the fixture town to import into.
fn town() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&fixtures().join("content"), &content);
    (tmp, content)
}

fn request(content: &Path, file: &str, village: &str, p: &str) -> Request {
    Request {
        content: content.to_path_buf(),
        input: fixtures().join(file),
        rules: (village == "hongqi").then(|| fixtures().join("红旗村导入规则.yaml")),
        village: village.into(),
        period: Some(period(p)),
        force: false,
    }
}

/// Imports and writes; panics on any error.
fn import_into(content: &Path, file: &str, village: &str, p: &str) -> String {
    let out = import::run(&request(content, file, village, p));
    assert!(!out.has_errors(), "{:#?}", out.problems);
    import::write(&out).unwrap();
    out.text.unwrap()
}

/// What an accountant does after the supervision committee's check: the review filled in.
fn fill_review(content: &Path, village: &str, p: &str) {
    let path = content.join(format!("villages/{village}/{p}/accounts.yaml"));
    let text = fs::read_to_string(&path).unwrap();
    let filled: String = text
        .lines()
        .map(|l| {
            for key in [
                "review:",
                "  reviewed_by",
                "  reviewed_on",
                "  posted_on",
                "  days",
                "  opinion",
            ] {
                if let Some(rest) = l.strip_prefix("# ").filter(|r| r.starts_with(key)) {
                    return rest.to_string() + "\n";
                }
            }
            l.to_string() + "\n"
        })
        .collect();
    fs::write(&path, filled).unwrap();
}

#[test]
fn each_export_gives_its_hand_checked_accounts_yaml() {
    let expected = |name: &str| fs::read_to_string(fixtures().join("expected").join(name)).unwrap();
    let (_t, content) = town();
    let q3 = import_into(&content, "红旗村序时账.xlsx", "hongqi", "2025-q3");
    assert_eq!(q3, expected("hongqi-2025-q3.yaml"));
    let q4 = import::run(&request(&content, "红旗村序时账.xlsx", "hongqi", "2025-q4"));
    assert_eq!(q4.text.unwrap(), expected("hongqi-2025-q4.yaml"));
    let q3 = import_into(&content, "青山村凭证汇总.csv", "qingshan", "2025-q3");
    assert_eq!(q3, expected("qingshan-2025-q3.yaml"));
    let q4 = import::run(&request(
        &content,
        "青山村凭证汇总.csv",
        "qingshan",
        "2025-q4",
    ));
    assert_eq!(q4.text.unwrap(), expected("qingshan-2025-q4.yaml"));
    // The 收支明细 sheet of the same quarter: the same entries, with their 资金来源.
    let (_t2, fresh) = town();
    let mut single = request(&fresh, "青山村收支明细.xlsx", "qingshan", "2025-q3");
    single.period = None;
    let out = import::run(&single);
    assert!(out.problems.is_empty(), "{:#?}", out.problems);
    assert_eq!(
        out.text.unwrap(),
        expected("qingshan-2025-q3-收支明细.yaml")
    );
}

/// Column sums of a journal, by quarter: per fund the debits minus credits, and the income
/// and expense accounts' own columns over the vouchers that touch a fund.
#[derive(Default, Debug)]
struct Sums {
    funds: std::collections::BTreeMap<String, Money>,
    income: Money,
    expense: Money,
}

/// Rows: (date, voucher, code, name, debit, credit) with the date carried down.
type Row = (chrono::NaiveDate, String, String, String, Money, Money);

fn sums(rows: &[Row], p: PeriodId, fund_of: impl Fn(&str) -> Option<&'static str>) -> Sums {
    let rows: Vec<&Row> = rows.iter().filter(|r| p.contains(r.0)).collect();
    let touches_fund = |v: &str| rows.iter().any(|r| r.1 == v && fund_of(&r.2).is_some());
    let mut s = Sums::default();
    for (_, v, code, name, debit, credit) in rows.iter().copied() {
        if let Some(f) = fund_of(code) {
            *s.funds.entry(f.to_string()).or_default() += *debit - *credit;
        } else if touches_fund(v) {
            let first = name.split(['—', '/']).next().unwrap_or_default();
            if ["补助收入", "发包及上交收入", "其他收入", "经营收入"].contains(&first)
                || code == "231"
            {
                s.income += *credit - *debit;
            } else if ["管理费用", "其他支出"].contains(&first) || code == "211" {
                s.expense += *debit - *credit;
            }
        }
    }
    s
}

fn money(d: &Data) -> Money {
    match d {
        Data::Float(f) => Money::from_fen((f * 100.0).round() as i64),
        Data::String(s) => Money::parse(s).unwrap(),
        Data::Empty => Money::ZERO,
        other => panic!("{other:?}"),
    }
}

fn hongqi_rows() -> Vec<Row> {
    let mut book = calamine::open_workbook_auto(fixtures().join("红旗村序时账.xlsx")).unwrap();
    let range = book.worksheet_range("序时账").unwrap();
    let mut out = Vec::new();
    let mut date = None;
    for row in range.rows().skip(3) {
        if let Data::DateTime(d) = &row[0] {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            date = chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), day.into());
        }
        if row[3].is_empty() {
            continue; // 本月合计, 本年累计
        }
        if !row[1].is_empty() {
            out.push((
                date.unwrap(),
                row[1].to_string(),
                row[3].to_string(),
                row[4].to_string(),
                money(&row[5]),
                money(&row[6]),
            ));
        } else {
            let v = out.last().map(|r: &Row| r.1.clone()).unwrap();
            out.push((
                date.unwrap(),
                v,
                row[3].to_string(),
                row[4].to_string(),
                money(&row[5]),
                money(&row[6]),
            ));
        }
    }
    out
}

fn qingshan_rows() -> Vec<Row> {
    let bytes = fs::read(fixtures().join("青山村凭证汇总.csv")).unwrap();
    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out: Vec<Row> = Vec::new();
    for rec in reader.records().skip(2) {
        let r = rec.unwrap();
        let m = |s: &str| {
            if s.is_empty() {
                Money::ZERO
            } else {
                Money::parse(s).unwrap()
            }
        };
        let (date, v) = if r[0].is_empty() {
            let last = out.last().unwrap();
            (last.0, last.1.clone())
        } else {
            (sanshai::model::parse_date(&r[0]).unwrap(), r[1].to_string())
        };
        out.push((
            date,
            v,
            r[3].to_string(),
            r[4].to_string(),
            m(&r[5]),
            m(&r[6]),
        ));
    }
    out
}

/// The first figure written after `label` in a page.
fn figure_after(html: &str, label: &str) -> String {
    let at = html.find(label).unwrap_or_else(|| panic!("no {label}"));
    let rest = &html[at + label.len()..];
    let start = rest.find(|c: char| c.is_ascii_digit()).unwrap();
    rest[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect()
}

#[test]
fn two_periods_import_check_build_and_totals_equal_the_column_sums() {
    let (tmp, content) = town();
    let hongqi_fund = |code: &str| match code {
        "101" => Some("现金"),
        c if c.starts_with("10201") => Some("农商行基本户"),
        c if c.starts_with("10202") => Some("邮储一事一议专户"),
        _ => None,
    };
    let qingshan_fund = |code: &str| match code {
        "101" => Some("现金"),
        "102" => Some("信用社基本户"),
        _ => None,
    };
    for p in ["2025-q3", "2025-q4"] {
        for (village, file) in [
            ("hongqi", "红旗村序时账.xlsx"),
            ("qingshan", "青山村凭证汇总.csv"),
        ] {
            let v = sanshai::build::check(&content).0.unwrap();
            let v = v.villages.into_iter().find(|v| v.slug == village).unwrap();
            sanshai::scaffold::new_period(&content, &v, period(p), false).unwrap();
            // Conduct is not what this test is about.
            let _ = fs::remove_file(content.join(format!("villages/{village}/{p}/conduct.yaml")));
            // The scaffold's money sections are generated: the import replaces them as is.
            import_into(&content, file, village, p);
            fill_review(&content, village, p);
        }
    }
    let (town, diags) = sanshai::build::check(&content);
    assert!(!diags.has_errors(), "{}", diags.report());
    let town = town.unwrap();
    let (_out_tmp, out) = build_into(&content);
    for (village, rows, fund_of) in [
        (
            "hongqi",
            hongqi_rows(),
            &hongqi_fund as &dyn Fn(&str) -> Option<&'static str>,
        ),
        ("qingshan", qingshan_rows(), &qingshan_fund),
    ] {
        let v = town.villages.iter().find(|v| v.slug == village).unwrap();
        for p in ["2025-q3", "2025-q4"] {
            let s = sums(&rows, period(p), fund_of);
            let page = fs::read_to_string(out.join(format!("{village}/{p}/index.html"))).unwrap();
            let notice = fs::read_to_string(out.join(format!("{village}/{p}/print.html"))).unwrap();
            // The ledger's total rows: 「收入合计（N 笔）」 then the amount.
            assert_eq!(
                figure_after(&notice, "笔）</td><td class=\"num\">"),
                s.income.grouped(),
                "{village} {p}"
            );
            assert_eq!(
                figure_after(&notice, "<td>支出合计</td>"),
                s.expense.grouped(),
                "{village} {p}"
            );
            assert!(page.contains(&s.income.yuan()) && page.contains(&s.expense.yuan()));
            let acc = v
                .periods
                .iter()
                .find(|q| q.id == period(p))
                .unwrap()
                .accounts
                .as_ref()
                .unwrap();
            for (fund, net) in &s.funds {
                assert_eq!(
                    acc.closing[fund] - acc.opening[fund],
                    *net,
                    "{village} {p} {fund}"
                );
                assert!(
                    page.contains(&acc.closing[fund].yuan()),
                    "{village} {p} {fund}"
                );
            }
        }
    }
    drop(tmp);
}

#[test]
fn a_bad_amount_and_a_voucher_without_fund_are_reported_by_cell() {
    let (_t, content) = town();
    let bin = env!("CARGO_BIN_EXE_sanshai");
    let run = std::process::Command::new(bin)
        .args([
            "import",
            "有错的序时账.csv",
            "--village",
            "qingshan",
            "--content",
        ])
        .arg(&content)
        .current_dir(fixtures())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(
        err.contains("有错的序时账.csv F4: 错误: 金额「3,0000.00」的千分位逗号位置不对"),
        "{err}"
    );
    assert!(
        err.contains(
            "有错的序时账.csv B6: 警告: 凭证 记-003(借方合计 ¥1,200.00)没有动用现金或银行存款"
        ),
        "{err}"
    );
    assert!(
        err.contains("导入未完成: 1 个错误, 1 个警告;没有写入任何文件"),
        "{err}"
    );
    assert!(!content.join("villages/qingshan/2025-q3").exists());
}

#[test]
fn a_hand_edited_file_is_kept_unless_forced_and_the_review_always_is() {
    let (_t, content) = town();
    import_into(&content, "青山村凭证汇总.csv", "qingshan", "2025-q3");
    fill_review(&content, "qingshan", "2025-q3");
    let path = content.join("villages/qingshan/2025-q3/accounts.yaml");
    // Filling in the review is not an edit of the money sections.
    let again = import_into(&content, "青山村凭证汇总.csv", "qingshan", "2025-q3");
    assert!(again.contains("\nreview:\n  reviewed_by: [钱玉林, 孙小梅]\n"));
    let edited = again.replace("amount: 900.00", "amount: 990.00");
    fs::write(&path, &edited).unwrap();
    let out = import::run(&request(
        &content,
        "青山村凭证汇总.csv",
        "qingshan",
        "2025-q3",
    ));
    assert!(out.has_errors());
    assert!(
        out.problems.iter().any(|p| p.message.contains("手工改过")),
        "{:?}",
        out.problems
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    let mut forced = request(&content, "青山村凭证汇总.csv", "qingshan", "2025-q3");
    forced.force = true;
    let out = import::run(&forced);
    assert_eq!(out.text.as_deref(), Some(again.as_str()));
}

#[test]
fn a_new_period_then_check_asks_only_to_fill_things_in() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("content"), &content);
    for (p, files) in [("2026-q1", 2), ("2026-q2", 3)] {
        let town = sanshai::build::check(&content).0.unwrap();
        let v = town.villages.iter().find(|v| v.slug == "dongshan").unwrap();
        let written = sanshai::scaffold::new_period(&content, v, period(p), false).unwrap();
        assert_eq!(written.len(), files, "conduct only in Q2 and Q4");
        let accounts =
            fs::read_to_string(content.join(format!("villages/dongshan/{p}/accounts.yaml")))
                .unwrap();
        assert!(accounts.starts_with(
            "# yaml-language-server: $schema=../../../../schema/accounts.schema.json\n"
        ));
        let (_, diags) = sanshai::build::check(&content);
        let ours: Vec<_> = diags
            .sorted()
            .into_iter()
            .filter(|d| d.file.contains(&format!("dongshan/{p}")))
            .collect();
        assert!(ours
            .iter()
            .any(|d| d.message == "缺少必填项 `review`" && d.severity == Severity::Error));
        for d in &ours {
            let fill_in =
                d.message.starts_with("缺少必填项") || d.message.ends_with("没有述职和测评");
            assert!(fill_in, "not a fill-this-in message: {d}");
        }
    }
    // The opening balances are the previous closing ones, so the balances have nothing to say.
    let town = sanshai::build::check(&content).0.unwrap();
    let v = town.villages.iter().find(|v| v.slug == "dongshan").unwrap();
    let acc = |p: &str| {
        v.periods
            .iter()
            .find(|q| q.id == period(p))
            .unwrap()
            .accounts
            .clone()
            .unwrap()
    };
    let open_at_q4_end: std::collections::BTreeMap<_, _> = acc("2025-q4")
        .closing
        .into_iter()
        .filter(|(name, _)| acc("2026-q1").opening.contains_key(name))
        .collect();
    assert_eq!(acc("2026-q1").opening, open_at_q4_end);
    assert_eq!(acc("2026-q2").opening, acc("2026-q1").closing);
}
