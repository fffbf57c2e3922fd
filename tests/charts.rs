//! Charts of the sample site: every SVG is well-formed XML with a title and a description,
//! shows the figures that follow from the YAML, stays small, and escapes hostile names.

mod support;

use sanshai::money::Money;
use serde_norway::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use support::*;

/// Every `<svg>…</svg>` element of a page.
fn svgs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        let end = rest[i..].find("</svg>").unwrap() + i + "</svg>".len();
        out.push(rest[i..end].to_string());
        rest = &rest[end..];
    }
    out
}

/// The SVG whose `<title>` element has the given id prefix (e.g. `chart-expense`).
fn chart<'a>(all: &'a [String], id: &str) -> Option<&'a String> {
    all.iter()
        .find(|s| s.contains(&format!("<title id=\"{id}-t\">")))
}

/// All text nodes of an SVG, joined by `|`.
fn texts(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect::<Vec<_>>()
        .join("|")
}

fn html_files(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn every_svg_is_xml_with_title_and_desc() {
    let (_t, out) = build_into(&root().join("content"));
    let mut count = 0;
    for page in html_files(&out) {
        for svg in svgs(&fs::read_to_string(&page).unwrap()) {
            let doc = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|e| panic!("{}: {e}", page.display()));
            let root = doc.root_element();
            assert_eq!(root.attribute("role"), Some("img"));
            let kids: Vec<&str> = root
                .children()
                .filter(|n| n.is_element())
                .map(|n| n.tag_name().name())
                .take(2)
                .collect();
            assert_eq!(kids, ["title", "desc"], "{}", page.display());
            count += 1;
        }
    }
    // 12 period pages × ≥ 5 charts + 3 village pages × 3 + town × 3.
    assert!(count >= 12 * 5 + 9 + 3, "{count} charts");
}

#[test]
fn chart_labels_match_the_yaml() {
    let (_t, out) = build_into(&root().join("content"));
    let villages = root().join("content/villages");
    for v in fs::read_dir(&villages).unwrap() {
        let v = v.unwrap();
        let slug = v.file_name().to_string_lossy().into_owned();
        for p in ["2025-q1", "2025-q2", "2025-q3", "2025-q4"] {
            let html = fs::read_to_string(out.join(format!("{slug}/{p}/index.html"))).unwrap();
            let all = svgs(&html);
            let dir = v.path().join(p);
            let acc: Value =
                serde_norway::from_str(&fs::read_to_string(dir.join("accounts.yaml")).unwrap())
                    .unwrap();
            for (list, id) in [("income", "chart-income"), ("expenses", "chart-expense")] {
                let mut by: BTreeMap<String, Money> = BTreeMap::new();
                for e in acc[list].as_sequence().unwrap() {
                    *by.entry(e["account"].as_str().unwrap().to_string())
                        .or_default() += entry_amount(e);
                }
                let t = texts(chart(&all, id).unwrap_or_else(|| panic!("{slug}/{p} {id}")));
                for (account, total) in by {
                    assert!(
                        t.contains(&format!("{account}|{}", total.yuan())),
                        "{slug}/{p} {id}: {account} {} in {t}",
                        total.yuan()
                    );
                }
            }
            // The funnel starts from the quarter's whole ledger: received and carried in.
            let l = &request_ledger(&root().join("content"), &slug)[p];
            let (on_ledger, resolved) = (l.received + l.carried, l.resolved);
            let first = if l.carried > 0 {
                "受理和转入"
            } else {
                "受理"
            };
            let t = texts(chart(&all, "chart-funnel").unwrap());
            assert!(t.contains(&format!("{first}|{on_ledger} 件")), "{t}");
            assert!(t.contains(&format!("落实|{resolved} 件")), "{t}");
            let rate = sanshai::derive::percent_label(sanshai::derive::permille(
                resolved as u64,
                on_ledger as u64,
            ));
            assert!(t.contains(&format!("落实率 {rate}")), "{t}");
            if let Ok(text) = fs::read_to_string(dir.join("conduct.yaml")) {
                let c: Value = serde_norway::from_str(&text).unwrap();
                let t = texts(chart(&all, "chart-satisfaction").unwrap());
                for cadre in c["cadres"].as_sequence().unwrap() {
                    let name = cadre["name"].as_str().unwrap();
                    let sat = cadre["survey"]["satisfied"].as_u64().unwrap();
                    let basic = cadre["survey"]["basic"].as_u64().unwrap();
                    let un = cadre["survey"]["unsatisfied"].as_u64().unwrap();
                    assert!(t.contains(&format!("{name}  满意率")), "{name} {t}");
                    let counts = format!("满意 {sat} · 基本满意 {basic} · 不满意 {un}");
                    assert!(t.contains(&counts), "{name} {t}");
                }
            } else {
                assert!(chart(&all, "chart-satisfaction").is_none());
            }
            // Closing balances of every fund, as written, in the balances chart's desc.
            let bal = chart(&all, "chart-balances").unwrap();
            for (fund, closing) in acc["closing"].as_mapping().unwrap() {
                let want = format!(
                    "{}本期末 {}",
                    fund.as_str().unwrap(),
                    amount(closing).yuan()
                );
                assert!(bal.contains(&want), "{slug}/{p}: {want}");
            }
        }
    }
}

#[test]
fn charts_add_less_than_60_kb_to_a_period_page() {
    let (_t, out) = build_into(&root().join("content"));
    for page in html_files(&out) {
        let bytes: usize = svgs(&fs::read_to_string(&page).unwrap())
            .iter()
            .map(String::len)
            .sum();
        assert!(
            bytes < 60 * 1024,
            "{}: {bytes} bytes of SVG",
            page.display()
        );
    }
}

#[test]
fn hostile_names_are_escaped_in_svg_and_html() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let hostile = "<script>alert(\"村\")</script> & '名'";
    let village = content.join("villages/demo/village.yaml");
    let text = fs::read_to_string(&village).unwrap().replace(
        "name: 演示村",
        &format!("name: '{}'", hostile.replace('\'', "''")),
    );
    fs::write(&village, text).unwrap();
    let (_t, out) = build_into(&content);
    let mut seen = 0;
    for page in html_files(&out) {
        let html = fs::read_to_string(&page).unwrap();
        assert!(!html.contains("<script>"), "{}", page.display());
        for svg in svgs(&html) {
            roxmltree::Document::parse(&svg).unwrap();
            if svg.contains("&lt;script&gt;") {
                seen += 1;
            }
        }
    }
    assert!(
        seen >= 2,
        "the town charts carry the village name, escaped ({seen})"
    );
}
