//! Open data of the sample site, checked from the outside:
//! - every CSV file starts with a UTF-8 byte-order mark (so Excel and WPS read Chinese right),
//!   is UTF-8 with CRLF line ends, has the columns its `datapackage.json` names, and adds up
//!   to the figures computed here straight from the YAML (with `serde_norway`, not the crate's
//!   model); its text reads back as written;
//! - `data.json` holds every period with the same figures, fingerprints and existing paths;
//! - the period page and the notice say where the data is;
//! - text that a spreadsheet would run as a formula is neutralised, and the feed and sitemap
//!   stay valid XML whatever the YAML holds;
//! - two builds give the same bytes.
//!
//! `tests/feed_sitemap.rs` checks the feed, sitemap and robots.txt; `tests/frictionless.rs`
//! runs the Frictionless validator on every package.

mod support;

use sanshai::money::Money;
use serde_norway::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use support::*;

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn content() -> PathBuf {
    root().join("content")
}

/// (village, period) of every period folder of `content`.
fn periods(content: &Path) -> Vec<(String, String)> {
    period_folders(content)
}

/// A CSV file as a spreadsheet reads it: BOM checked and removed, then header → rows of
/// column → text.
fn read_csv(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(bytes.starts_with(BOM), "{} has no BOM", path.display());
    let text = std::str::from_utf8(&bytes[BOM.len()..]).expect("UTF-8");
    assert!(
        text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\r'),
        "{}: CRLF line ends",
        path.display()
    );
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

fn money(s: &str) -> Money {
    Money::parse(s).unwrap_or_else(|e| panic!("「{s}」: {e}"))
}

fn list(v: &Value) -> Vec<Value> {
    v.as_sequence().cloned().unwrap_or_default()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Null => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

/// (date, voucher, amount, summary, fund) of every line of an income or expense list: an
/// entry with `lines` (one voucher paid from several funds) is one line each, taking the
/// entry's summary and fund where the line writes none.
type Line = (String, String, Money, String, String);

fn entry_lines(entries: &Value) -> Vec<Line> {
    let mut out = Vec::new();
    for e in list(entries) {
        let parts = list(&e["lines"]);
        let parts = if parts.is_empty() {
            vec![e.clone()]
        } else {
            parts
        };
        for part in parts {
            let or_entry = |k: &str| {
                let own = text(&part[k]);
                if own.is_empty() {
                    text(&e[k])
                } else {
                    own
                }
            };
            out.push((
                text(&e["date"]),
                text(&e["voucher"]),
                amount(&part["amount"]),
                or_entry("summary"),
                or_entry("via"),
            ));
        }
    }
    out
}

fn total(entries: &Value) -> Money {
    entry_lines(entries).iter().map(|l| l.2).sum()
}

fn sum_of(
    rows: &[BTreeMap<String, String>],
    column: &str,
    keep: impl Fn(&BTreeMap<String, String>) -> bool,
) -> Money {
    rows.iter()
        .filter(|r| keep(r))
        .map(|r| money(&r[column]))
        .sum()
}

/// The sample built once for the tests that only read it, under Cargo's temporary folder for
/// integration tests (rebuilt on every run).
fn sample() -> &'static Path {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("open_data_sample");
        let _ = fs::remove_dir_all(&out);
        sanshai::build::build(&sanshai::build::Options {
            content: content(),
            output: out.clone(),
            base_url: None,
            theme: None,
            allow_removal: true,
        })
        .unwrap_or_else(|d| panic!("{}", d.report()));
        out
    })
}

#[test]
fn every_csv_adds_up_to_the_yaml() {
    let out = sample();
    let ps = periods(&content());
    assert_eq!(ps.len(), 12);
    for (v, p) in &ps {
        let dir = out.join(v).join(p).join("data");
        let src = content().join("villages").join(v).join(p);
        let acc = yaml(&src.join("accounts.yaml"));
        let at = |f: &str| format!("{v}/{p}/{f}");

        // 收支明细: every entry, with its amount, date and text as written.
        let (_, entries) = read_csv(&dir.join("entries.csv"));
        for (side, key) in [("收入", "income"), ("支出", "expenses")] {
            let mut want = entry_lines(&acc[key]);
            let of_side: Vec<_> = entries.iter().filter(|r| r["收支"] == side).collect();
            assert_eq!(of_side.len(), want.len(), "{}", at(side));
            let csv_sum: Money = of_side.iter().map(|r| money(&r["金额"])).sum();
            assert_eq!(csv_sum, total(&acc[key]), "{}", at(side));
            let mut got: Vec<(String, String, Money, String, String)> = of_side
                .iter()
                .map(|r| {
                    (
                        r["日期"].clone(),
                        r["凭证号"].clone(),
                        money(&r["金额"]),
                        r["摘要"].clone(),
                        r["账户"].clone(),
                    )
                })
                .collect();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{}", at(side));
        }

        // 账户余额: opening and closing per fund as written, flows adding up.
        let (_, funds) = read_csv(&dir.join("funds.csv"));
        let opening = acc["opening"].as_mapping().unwrap();
        assert_eq!(funds.len(), opening.len(), "{}", at("funds"));
        for f in &funds {
            let name = Value::String(f["账户"].clone());
            assert_eq!(
                money(&f["期初余额"]),
                amount(&opening[&name]),
                "{}",
                at(&f["账户"])
            );
            if let Some(c) = acc["closing"].as_mapping().and_then(|m| m.get(&name)) {
                assert_eq!(money(&f["期末余额"]), amount(c), "{}", at(&f["账户"]));
            }
            let flow = money(&f["期初余额"]) + money(&f["收入"]) - money(&f["支出"])
                + money(&f["转入"])
                - money(&f["转出"])
                + money(&f["代收"])
                - money(&f["代付"]);
            assert_eq!(flow, money(&f["期末余额"]), "{}", at(&f["账户"]));
        }
        let income = total(&acc["income"]);
        assert_eq!(sum_of(&funds, "收入", |_| true), income, "{}", at("funds"));
        let moved: Money = list(&acc["transfers"])
            .iter()
            .map(|t| amount(&t["amount"]))
            .sum();
        assert_eq!(sum_of(&funds, "转入", |_| true), moved, "{}", at("funds"));
        assert_eq!(sum_of(&funds, "转出", |_| true), moved, "{}", at("funds"));

        // 代收代付: every line, and through the accounts.
        let (_, pass) = read_csv(&dir.join("pass-through.csv"));
        let lines = list(&acc["pass_through"]);
        assert_eq!(pass.len(), lines.len(), "{}", at("pass-through"));
        for (kind, col) in [("代收", "代收"), ("代付", "代付")] {
            let want: Money = lines
                .iter()
                .filter(|l| text(&l["kind"]) == kind)
                .map(|l| amount(&l["amount"]))
                .sum();
            assert_eq!(
                sum_of(&pass, "金额", |r| r["代收代付"] == kind),
                want,
                "{}",
                at(kind)
            );
            assert_eq!(sum_of(&funds, col, |_| true), want, "{}", at(kind));
        }

        // 科目汇总 and 内部转账.
        let (_, totals) = read_csv(&dir.join("account-totals.csv"));
        assert_eq!(
            sum_of(&totals, "本期金额", |r| r["收支"] == "收入"),
            income,
            "{}",
            at("totals")
        );
        let (_, transfers) = read_csv(&dir.join("transfers.csv"));
        assert_eq!(
            transfers.len(),
            list(&acc["transfers"]).len(),
            "{}",
            at("transfers")
        );
        assert_eq!(
            sum_of(&transfers, "金额", |_| true),
            moved,
            "{}",
            at("transfers")
        );

        // 三资 and 专项.
        let assets = &acc["assets"];
        let (_, fixed) = read_csv(&dir.join("fixed-assets.csv"));
        let cost: Money = list(&assets["fixed"])
            .iter()
            .map(|x| amount(&x["cost"]))
            .sum();
        assert_eq!(sum_of(&fixed, "原值", |_| true), cost, "{}", at("fixed"));
        let (_, resources) = read_csv(&dir.join("resources.csv"));
        assert_eq!(
            resources.len(),
            list(&assets["resources"]).len(),
            "{}",
            at("resources")
        );
        let (_, contracts) = read_csv(&dir.join("contracts.csv"));
        let annual: Money = list(&assets["contracts"])
            .iter()
            .map(|x| amount(&x["annual"]))
            .sum();
        assert_eq!(
            sum_of(&contracts, "年承包费", |_| true),
            annual,
            "{}",
            at("contracts")
        );
        let (_, claims) = read_csv(&dir.join("claims.csv"));
        for (kind, key) in [("应收款", "receivables"), ("应付款", "payables")] {
            let want: Money = list(&assets[key])
                .iter()
                .map(|x| amount(&x["amount"]))
                .sum();
            assert_eq!(
                sum_of(&claims, "金额", |r| r["类别"] == kind),
                want,
                "{}",
                at(kind)
            );
        }
        let (_, yi) = read_csv(&dir.join("yishiyiyi.csv"));
        let raised: Money = list(&acc["special"]["yishiyiyi"])
            .iter()
            .map(|x| amount(&x["raised"]))
            .sum();
        assert_eq!(sum_of(&yi, "筹资", |_| true), raised, "{}", at("yishiyiyi"));
        let (_, land) = read_csv(&dir.join("land-compensation.csv"));
        let total: Money = list(&acc["special"]["land_compensation"])
            .iter()
            .map(|x| amount(&x["total"]))
            .sum();
        assert_eq!(sum_of(&land, "补偿总额", |_| true), total, "{}", at("land"));

        // 民情台账: the requests received this quarter (entries with a date; an update of an
        // earlier request writes only what changed) as written, then the carried ones.
        let perf = yaml(&src.join("performance.yaml"));
        let (_, requests) = read_csv(&dir.join("requests.csv"));
        let entries = list(&perf["requests"]);
        let new: Vec<&Value> = entries.iter().filter(|r| !r["date"].is_null()).collect();
        let new_rows: Vec<_> = requests
            .iter()
            .filter(|r| r["类别"] == "本季度受理")
            .collect();
        assert_eq!(new_rows.len(), new.len(), "{}", at("requests"));
        for r in &new {
            let row = new_rows
                .iter()
                .find(|x| x["受理日期"] == text(&r["date"]) && x["事项"] == text(&r["summary"]))
                .unwrap_or_else(|| panic!("{}: {r:?}", at("requests")));
            assert_eq!(row["进展"], text(&r["status"]), "{}", at("requests"));
        }
        for r in entries.iter().filter(|r| r["date"].is_null()) {
            let row = requests
                .iter()
                .find(|x| x["编号"] == text(&r["id"]))
                .unwrap();
            assert_eq!(row["类别"], "往期转入", "{}", at("requests"));
            assert_eq!(row["进展"], text(&r["status"]), "{}", at("requests"));
        }
        let ids: BTreeSet<&str> = requests.iter().map(|r| r["编号"].as_str()).collect();
        assert_eq!(
            ids.len(),
            requests.len(),
            "{}: ids are unique",
            at("requests")
        );
        // Carried in: exactly the requests the previous quarter's file left open.
        let prev = ps.iter().rfind(|(w, q)| w == v && q < p);
        if let Some((_, q)) = prev {
            let (_, before) = read_csv(&out.join(v).join(q).join("data/requests.csv"));
            let open: BTreeSet<&str> = before
                .iter()
                .filter(|r| r["进展"] != "已落实")
                .map(|r| r["编号"].as_str())
                .collect();
            let carried: BTreeSet<&str> = requests
                .iter()
                .filter(|r| r["类别"] == "往期转入")
                .map(|r| r["编号"].as_str())
                .collect();
            assert_eq!(carried, open, "{}", at("requests carried"));
        }

        // 作风测评, only where the period has conduct.yaml.
        let conduct = src.join("conduct.yaml");
        assert_eq!(
            dir.join("survey.csv").exists(),
            conduct.exists(),
            "{}",
            at("survey")
        );
        if conduct.exists() {
            let c = yaml(&conduct);
            let (_, survey) = read_csv(&dir.join("survey.csv"));
            let cadres = list(&c["cadres"]);
            assert_eq!(survey.len(), cadres.len());
            for k in cadres {
                let row = survey
                    .iter()
                    .find(|r| r["姓名"] == text(&k["name"]))
                    .unwrap();
                for (col, key) in [
                    ("满意", "satisfied"),
                    ("基本满意", "basic"),
                    ("不满意", "unsatisfied"),
                    ("参评人数", "respondents"),
                ] {
                    assert_eq!(row[col], text(&k["survey"][key]), "{} {col}", at("survey"));
                }
            }
        }
    }
}

#[test]
fn every_csv_has_the_columns_its_package_describes() {
    let out = sample();
    let mut packages = 0;
    for (v, p) in periods(&content()) {
        let dir = out.join(&v).join(&p).join("data");
        let pkg: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("datapackage.json")).unwrap()).unwrap();
        assert_eq!(pkg["profile"], "tabular-data-package");
        assert_eq!(pkg["name"], format!("{v}-{p}"));
        let mut listed = BTreeSet::new();
        for r in pkg["resources"].as_array().unwrap() {
            let path = r["path"].as_str().unwrap();
            listed.insert(path.to_string());
            let (header, _) = read_csv(&dir.join(path));
            let names: Vec<&str> = r["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            assert_eq!(header, names, "{v}/{p}/{path}");
        }
        let on_disk: BTreeSet<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv"))
            .collect();
        assert_eq!(
            listed, on_disk,
            "{v}/{p}: every CSV is described, nothing else"
        );
        packages += 1;
    }
    assert_eq!(packages, 12);
}

#[test]
fn data_json_lists_every_period_with_its_figures() {
    let out = sample();
    let data: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("data.json")).unwrap()).unwrap();
    let info: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("build-info.json")).unwrap()).unwrap();
    let fingerprints: BTreeMap<String, String> = info["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                format!(
                    "{}/{}",
                    p["village"].as_str().unwrap(),
                    p["period"].as_str().unwrap()
                ),
                p["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut seen = Vec::new();
    for v in data["villages"].as_array().unwrap() {
        let slug = v["slug"].as_str().unwrap();
        assert!(out.join(v["page"].as_str().unwrap()).is_file());
        assert!(out.join(v["data_page"].as_str().unwrap()).is_file());
        for p in v["periods"].as_array().unwrap() {
            let period = p["period"].as_str().unwrap();
            let key = format!("{slug}/{period}");
            for link in ["page", "notice", "package"] {
                assert!(
                    out.join(p[link].as_str().unwrap()).is_file(),
                    "{key} {link}"
                );
            }
            assert_eq!(p["fingerprint"].as_str().unwrap(), fingerprints[&key]);
            let acc = yaml(&content().join(format!("villages/{key}/accounts.yaml")));
            let income = total(&acc["income"]);
            let expense = total(&acc["expenses"]);
            assert_eq!(
                money(p["accounts"]["income"].as_str().unwrap()),
                income,
                "{key}"
            );
            assert_eq!(
                money(p["accounts"]["expense"].as_str().unwrap()),
                expense,
                "{key}"
            );
            assert_eq!(
                p["published_on"].as_str().unwrap(),
                text(&acc["review"]["posted_on"]),
                "{key}"
            );
            seen.push(key);
        }
    }
    let want: Vec<String> = periods(&content())
        .iter()
        .map(|(v, p)| format!("{v}/{p}"))
        .collect();
    seen.sort();
    assert_eq!(seen, want);
}

#[test]
fn period_page_and_notice_say_where_the_data_is() {
    let out = sample();
    let page = fs::read_to_string(out.join("dongshan/2025-q3/index.html")).unwrap();
    assert!(page.contains("下载本期数据 (Excel 可打开)"));
    for file in [
        "entries.csv",
        "funds.csv",
        "requests.csv",
        "datapackage.json",
    ] {
        let href = format!(r#"href="../../dongshan/2025-q3/data/{file}""#);
        assert!(page.contains(&href), "{href}");
    }
    let notice = fs::read_to_string(out.join("dongshan/2025-q3/print.html")).unwrap();
    assert!(notice.contains("可下载的数据（Excel 可打开）：<a href=\"https://sanshai.example.cn/dongshan/2025-q3/#data\">"));
    for index in ["data.html", "dongshan/data.html"] {
        let html = fs::read_to_string(out.join(index)).unwrap();
        assert!(
            html.contains("dongshan/2025-q3/data/entries.csv"),
            "{index}"
        );
    }
}

#[test]
fn hostile_text_is_neutralised_in_csv_and_escaped_in_xml() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let village = content.join("villages/demo/village.yaml");
    let v = fs::read_to_string(&village).unwrap();
    // A village name with XML's special characters and a control character.
    fs::write(
        &village,
        v.replace("name: 演示村", "name: \"演示<村>&\\x01'\\\"\""),
    )
    .unwrap();
    let accounts = content.join("villages/demo/2025-q3/accounts.yaml");
    let a = fs::read_to_string(&accounts).unwrap();
    let a = a
        .replace(
            "summary: 收鱼塘承包费",
            "summary: \"=HYPERLINK(\\\"http://x\\\",\\\"点我\\\")\"",
        )
        .replace(
            "summary: 买打印纸",
            "summary: \"+1, \\\"引号\\\"\\n第二行\"",
        )
        .replace("summary: 修路灯", "summary: \"@SUM(A1)\"");
    fs::write(&accounts, a).unwrap();
    let (_tmp, out) = build_into(&content);

    let (_, rows) = read_csv(&out.join("demo/2025-q3/data/entries.csv"));
    let summaries: BTreeSet<&str> = rows.iter().map(|r| r["摘要"].as_str()).collect();
    let want: BTreeSet<&str> = [
        "'=HYPERLINK(\"http://x\",\"点我\")",
        "'+1, \"引号\"\n第二行",
        "'@SUM(A1)",
    ]
    .into();
    assert_eq!(summaries, want);

    let feed = fs::read(out.join("feed.xml")).unwrap();
    let parsed = feed_rs::parser::parse(&feed[..]).expect("the feed stays valid XML");
    let title = &parsed.entries[0].title.as_ref().unwrap().content;
    assert!(title.starts_with("演示<村>&'\""), "{title}");
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    roxmltree::Document::parse(&sitemap).unwrap();
    let data: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("data.json")).unwrap()).unwrap();
    assert_eq!(data["villages"][0]["name"], "演示<村>&\u{1}'\"");
}

#[test]
fn two_builds_give_the_same_files() {
    let (_tmp, again) = build_into(&content());
    let out = sample();
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(out).unwrap();
        let name = rel.to_string_lossy();
        let open_data = name.ends_with(".csv")
            || name.ends_with(".json")
            || name.ends_with(".xml")
            || name.ends_with(".txt")
            || name.ends_with("data.html");
        if entry.file_type().is_file() && open_data {
            assert_eq!(
                fs::read(entry.path()).unwrap(),
                fs::read(again.join(rel)).unwrap(),
                "{name}"
            );
            compared += 1;
        }
    }
    assert!(compared > 12 * 12, "{compared}");
}
