//! The sample town in `content/` builds, and its pages show the figures that follow from its
//! YAML. Expected values are computed here straight from the YAML files (with `serde_norway`
//! values, not the crate's model), so a bug in loading, deriving or rendering shows up as a
//! mismatch.

mod support;

use sanshai::money::{to_capital, Money};
use serde_norway::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

fn content() -> PathBuf {
    root().join("content")
}

fn sum(list: &Value) -> Money {
    list.as_sequence()
        .map_or(Money::ZERO, |s| s.iter().map(entry_amount).sum())
}

/// The amounts an entry shows: its own, or each of its lines'.
fn shown_amounts(e: &Value) -> Vec<Money> {
    match e["lines"].as_sequence() {
        Some(lines) => lines.iter().map(|l| amount(&l["amount"])).collect(),
        None => vec![amount(&e["amount"])],
    }
}

/// (village slug, period slug) for every period folder of the sample.
fn periods() -> Vec<(String, String)> {
    period_folders(&content())
}

fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let report =
        build_to(&content(), &out).unwrap_or_else(|d| panic!("sample must build:\n{}", d.report()));
    assert!(report.pages > 10);
    (tmp, out)
}

#[test]
fn sample_is_a_town_of_three_villages_over_four_quarters() {
    let ps = periods();
    let villages: std::collections::BTreeSet<&str> = ps.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(villages.len(), 3, "{villages:?}");
    assert_eq!(ps.len(), 12);
    for (v, p) in &ps {
        let acc = yaml(&content().join(format!("villages/{v}/{p}/accounts.yaml")));
        let n = acc["income"].as_sequence().map_or(0, Vec::len)
            + acc["expenses"].as_sequence().map_or(0, Vec::len);
        assert!((20..=60).contains(&n), "{v}/{p} has {n} entries");
        let has_conduct = content()
            .join(format!("villages/{v}/{p}/conduct.yaml"))
            .exists();
        assert_eq!(
            has_conduct,
            p.ends_with("q2") || p.ends_with("q4"),
            "{v}/{p}"
        );
    }
}

#[test]
fn period_pages_show_totals_computed_from_the_yaml() {
    let (_tmp, out) = built();
    for (v, p) in periods() {
        let dir = content().join(format!("villages/{v}/{p}"));
        let acc = yaml(&dir.join("accounts.yaml"));
        let html = fs::read_to_string(out.join(format!("{v}/{p}/index.html"))).unwrap();
        let income = sum(&acc["income"]);
        let expense = sum(&acc["expenses"]);
        let closing: Money = acc["closing"]
            .as_mapping()
            .unwrap()
            .values()
            .map(amount)
            .sum();
        for (what, m) in [
            ("income", income),
            ("expense", expense),
            ("closing", closing),
        ] {
            assert!(
                html.contains(&m.yuan()),
                "{v}/{p}: {what} {} missing",
                m.yuan()
            );
        }
        assert!(
            html.contains(&to_capital(income.fen())),
            "{v}/{p}: capital income missing"
        );
        assert!(
            html.contains(&to_capital(expense.fen())),
            "{v}/{p}: capital expense missing"
        );
        // Every entry is listed, entry by entry.
        for list in ["income", "expenses"] {
            for e in acc[list].as_sequence().unwrap() {
                let voucher = match &e["voucher"] {
                    Value::String(s) => s.clone(),
                    other => format!("{}", other.as_u64().unwrap()),
                };
                assert!(
                    html.contains(&voucher),
                    "{v}/{p}: voucher {voucher} missing"
                );
                for m in shown_amounts(e) {
                    assert!(html.contains(&m.yuan()), "{v}/{p}: {voucher} {}", m.yuan());
                }
            }
        }
        // Per-account totals.
        let mut by_account: BTreeMap<String, Money> = BTreeMap::new();
        for e in acc["expenses"].as_sequence().unwrap() {
            *by_account
                .entry(e["account"].as_str().unwrap().into())
                .or_default() += entry_amount(e);
        }
        for (account, total) in by_account {
            assert!(
                html.contains(&account) && html.contains(&total.yuan()),
                "{v}/{p}: {account} {}",
                total.yuan()
            );
        }
        // Request ledger: counts and resolution rate, with requests carried across quarters.
        let l = &request_ledger(&content(), &v)[&p];
        let on_ledger = l.received + l.carried;
        let rate = sanshai::derive::percent_label(sanshai::derive::permille(
            l.resolved as u64,
            on_ledger as u64,
        ));
        let sentence = if l.carried > 0 {
            format!(
                "本季度受理群众诉求 {} 件，以前季度转入、还没落实的 {} 件，共 {on_ledger} 件",
                l.received, l.carried
            )
        } else {
            format!("受理群众诉求 {} 件", l.received)
        };
        assert!(html.contains(&sentence), "{v}/{p}: {sentence}");
        assert!(
            html.contains(&format!("落实 {} 件", l.resolved)),
            "{v}/{p}: resolved {}",
            l.resolved
        );
        assert!(html.contains(&rate), "{v}/{p}: rate {rate}");
        for id in &l.carried_ids {
            assert!(html.contains(id.as_str()), "{v}/{p}: carried {id}");
        }
        // Conduct: every cadre's satisfaction rate.
        if let Ok(text) = fs::read_to_string(dir.join("conduct.yaml")) {
            let conduct: Value = serde_norway::from_str(&text).unwrap();
            for c in conduct["cadres"].as_sequence().unwrap() {
                let s = &c["survey"];
                let n = |k: &str| s[k].as_u64().unwrap();
                let rate = sanshai::derive::percent_label(sanshai::derive::permille(
                    n("satisfied") + n("basic"),
                    n("respondents"),
                ));
                assert!(html.contains(c["name"].as_str().unwrap()));
                assert!(html.contains(&rate), "{v}/{p}: satisfaction {rate}");
            }
        }
    }
}

#[test]
fn the_sample_carries_requests_and_cadres_change() {
    // A request received in Q1, carried through Q2 and Q3, resolved in Q4.
    let dongshan = request_ledger(&content(), "dongshan");
    for q in ["2025-q2", "2025-q3", "2025-q4"] {
        assert!(
            dongshan[q].carried_ids.iter().any(|id| id == "MQ-2025-008"),
            "{q}"
        );
    }
    let (_tmp, out) = built();
    let q4 = fs::read_to_string(out.join("dongshan/2025-q4/index.html")).unwrap();
    assert!(q4.contains("MQ-2025-008") && q4.contains("10月30日"));
    // A cadre who left in November: on the village page as former, not on the card.
    let village = fs::read_to_string(out.join("dongshan/index.html")).unwrap();
    let former = &village[village.find("已离任的干部").expect("former cadres")..];
    assert!(former.contains("孙立军") && former.contains("周建明接任"));
    let cards = fs::read_to_string(out.join("dongshan/cards.html")).unwrap();
    assert!(!cards.contains("孙立军") && cards.contains("周建明"));
    // Older periods keep the names of their time.
    let q3 = fs::read_to_string(out.join("dongshan/2025-q3/index.html")).unwrap();
    assert!(q3.contains("孙立军"));
}

#[test]
fn town_page_ranks_villages_by_score_of_the_latest_period() {
    let (_tmp, out) = built();
    let latest = periods().into_iter().map(|(_, p)| p).max().unwrap();
    let mut scored: Vec<(u64, String)> = Vec::new();
    for v in fs::read_dir(content().join("villages")).unwrap() {
        let v = v.unwrap().path();
        let name = yaml(&v.join("village.yaml"))["name"]
            .as_str()
            .unwrap()
            .to_string();
        let perf = yaml(&v.join(&latest).join("performance.yaml"));
        let score = Money::parse(&perf["evaluation"]["score"].as_f64().unwrap().to_string())
            .unwrap()
            .fen() as u64;
        scored.push((score, name));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    let ranking = &html[html.find("id=\"ranking\"").expect("ranking section")..];
    let positions: Vec<usize> = scored
        .iter()
        .map(|(_, n)| ranking.find(n.as_str()).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "ranking order {scored:?}"
    );
}

#[test]
fn every_page_is_chinese_sample_marked_and_script_free() {
    let (_tmp, out) = built();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = fs::read_to_string(entry.path()).unwrap();
            assert!(
                html.contains("<html lang=\"zh-CN\""),
                "{}",
                entry.path().display()
            );
            assert!(html.contains("示例数据"), "{}", entry.path().display());
            assert!(
                !html.to_lowercase().contains("<script"),
                "{}",
                entry.path().display()
            );
            pages += 1;
        }
    }
    // town + 404 + 3 villages + 12 periods
    assert!(pages >= 17, "{pages} pages");
    assert!(out.join("404.html").exists());
    assert!(out.join("static/style.css").exists());
}

#[test]
fn builds_are_byte_identical() {
    let (_a, out_a) = built();
    let (_b, out_b) = built();
    let list = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert!(list(&out_a) == list(&out_b));
}

/// Copies the sample and changes the first expense amount of dongshan's Q3 by 1 yuan.
fn broken_copy() -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("content");
    copy_tree(&content(), &copy);
    let file = copy.join("villages/dongshan/2025-q3/accounts.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let start = text.find("expenses:").unwrap();
    let at = start + text[start..].find("amount: ").unwrap() + "amount: ".len();
    let end = at + text[at..].find('\n').unwrap();
    let old = amount(&serde_norway::from_str(text[at..end].trim()).unwrap());
    let new = old + Money::from_fen(100);
    let changed = format!(
        "{}{}{}",
        &text[..at],
        new.grouped().replace(',', ""),
        &text[end..]
    );
    fs::write(&file, changed).unwrap();
    (tmp, copy, new.grouped())
}

#[test]
fn a_failed_build_leaves_the_old_site_intact() {
    let (_tmp, out) = built();
    let before = fs::read(out.join("dongshan/2025-q3/index.html")).unwrap();
    let (_t, copy, _) = broken_copy();
    let err = build_to(&copy, &out).unwrap_err();
    assert!(err.has_errors());
    assert_eq!(
        fs::read(out.join("dongshan/2025-q3/index.html")).unwrap(),
        before
    );
}

#[test]
fn cli_check_names_file_line_account_and_difference() {
    let bin = env!("CARGO_BIN_EXE_sanshai");
    let ok = Command::new(bin)
        .args(["check", "--content"])
        .arg(content())
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let (_t, copy, _) = broken_copy();
    let bad = Command::new(bin)
        .args(["check", "--content"])
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("对不上"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        line.contains("villages/dongshan/2025-q3/accounts.yaml:"),
        "{line}"
    );
    let pos: Vec<&str> = line
        .split("accounts.yaml:")
        .nth(1)
        .unwrap()
        .splitn(3, ':')
        .collect();
    assert!(
        pos[0].parse::<usize>().unwrap() > 1 && pos[1].parse::<usize>().unwrap() >= 1,
        "{line}"
    );
    assert!(line.contains("账户「"), "{line}");
    assert!(
        line.contains("相差 -¥1.00") || line.contains("相差 ¥1.00"),
        "{line}"
    );

    let out = tempfile::tempdir().unwrap();
    let failed = Command::new(bin)
        .args(["build", "--content"])
        .arg(&copy)
        .arg("--output")
        .arg(out.path().join("p"))
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    assert!(!out.path().join("p").exists());
}

#[test]
fn cli_rejects_a_base_url_that_is_not_an_address() {
    let bin = env!("CARGO_BIN_EXE_sanshai");
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(bin)
        .args(["build", "--base-url", "sanshai.example.cn", "--content"])
        .arg(content())
        .arg("--output")
        .arg(out.path().join("p"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr)
        .contains("--base-url: 错误: 网址「sanshai.example.cn」要以 https:// 或 http:// 开头"));
    assert!(!out.path().join("p").exists());
}

/// The rows of the ranking table on the town page.
fn ranking_section(html: &str) -> &str {
    let section = html.find("id=\"ranking\"").expect("ranking section");
    let start = section + html[section..].find("<tbody").expect("ranking table");
    let end = start + html[start..].find("</tbody>").unwrap();
    &html[start..end]
}

#[test]
fn every_sample_village_is_ranked_and_the_last_is_marked() {
    let (_tmp, out) = built();
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    let ranking = ranking_section(&html);
    assert!(!ranking.contains("未公开"), "{ranking}");
    assert_eq!(ranking.matches("排名末位").count(), 1, "{ranking}");
}

#[test]
fn a_village_behind_the_others_does_not_empty_the_ranking() {
    let (_copy_dir, copy) = sample_without("qinglong", "2025-q4");
    let (_tmp, out) = build_into(&copy);
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    let ranking = ranking_section(&html);
    assert!(
        html.contains("2025年第三季度"),
        "ranks the newest period all villages published"
    );
    for name in ["东山村", "河西村", "青龙村"] {
        assert!(ranking.contains(name), "{name} missing from the ranking");
    }
    assert!(!ranking.contains("未公开"));
}

#[test]
fn cli_mistakes_are_explained_in_chinese_and_exit_1() {
    let bin = env!("CARGO_BIN_EXE_sanshai");
    for args in [vec!["buidl"], vec!["build", "--outptu", "x"], vec![]] {
        let out = Command::new(bin).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("错误: "),
            "{args:?}"
        );
    }
}

#[test]
fn a_village_that_has_not_published_is_named_on_the_town_page_and_print() {
    let (_copy_dir, copy) = sample_without("qinglong", "2025-q4");
    let (_tmp, out) = build_into(&copy);
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("2025年第四季度还没有公开"),
        "town page names the missing quarter"
    );
    let print = fs::read_to_string(out.join("print/2025-q4/index.html")).unwrap();
    let cover = &print[print
        .find("还没有公开的村")
        .expect("the cover names the missing")..];
    let cover = &cover[..cover.find("</p>").unwrap()];
    assert!(cover.contains("青龙村"), "{cover}");
}
