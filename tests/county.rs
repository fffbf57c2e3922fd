//! A county of towns (tests/fixtures/county: 北镇 with one village, 南镇 with two): the county
//! page's figures against figures counted here from the YAML; each town's site under its
//! folder; a rebuild after one changed amount byte-identical to a clean build, writing only
//! the files that changed and taking the unchanged town over as it was; a town with an error
//! stops the whole county before anything is written.

mod support;

use sanshai::build::{build, Options};
use sanshai::money::Money;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use support::*;

fn county_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/county"), &content);
    (tmp, content)
}

/// Every file under `dir`: relative path → (bytes, inode).
fn files(dir: &Path) -> BTreeMap<String, (Vec<u8>, u64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let ino = e.metadata().unwrap().ino();
            (rel, (fs::read(e.path()).unwrap(), ino))
        })
        .collect()
}

/// The county page's row of town `slug`: its cells' text, in order.
fn row(index: &str, slug: &str) -> Vec<String> {
    let link = index
        .find(&format!("<a href=\"{slug}/index.html\">"))
        .unwrap_or_else(|| panic!("no row for {slug}"));
    let start = index[..link].rfind("<tr>").unwrap();
    let body = &index[start..start + index[start..].find("</tr>").unwrap()];
    let mut cells = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("data-label=\"") {
        let after = &rest[i..];
        let open = after.find('>').unwrap() + 1;
        let close = after[open..].find("</t").unwrap();
        let text = &after[open..open + close];
        // Drop tags inside the cell (links).
        let mut plain = String::new();
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        cells.push(plain);
        rest = &after[open + close..];
    }
    cells
}

/// What the county page should say about a town, counted from its YAML: villages, villages
/// with the quarter 2025-q3, income and expenses of that quarter, requests on the ledger and
/// resolved.
fn expected(town: &Path) -> (usize, usize, Money, Money, usize, usize) {
    let villages: Vec<String> = fs::read_dir(town.join("villages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let (mut published, mut income, mut expense) = (0, Money::ZERO, Money::ZERO);
    let (mut on_ledger, mut resolved) = (0, 0);
    for v in &villages {
        let books = town.join("villages").join(v).join("2025-q3/accounts.yaml");
        if !books.exists() {
            continue;
        }
        published += 1;
        let y = yaml(&books);
        income += y["income"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(entry_amount)
            .sum();
        expense += y["expenses"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(entry_amount)
            .sum();
        let ledger = &request_ledger(town, v)["2025-q3"];
        on_ledger += ledger.received + ledger.carried;
        resolved += ledger.resolved;
    }
    (
        villages.len(),
        published,
        income,
        expense,
        on_ledger,
        resolved,
    )
}

#[test]
fn the_county_page_compares_the_towns_with_figures_counted_from_their_books() {
    let (tmp, content) = county_copy();
    let out = tmp.path().join("public");
    build_ok(&content, &out);
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("测试县各镇「三晒」公开"));
    let mut all_villages = 0;
    for (slug, name) in [("beizhen", "北镇"), ("nanzhen", "南镇")] {
        let (villages, published, income, expense, on_ledger, resolved) =
            expected(&content.join("towns").join(slug));
        all_villages += villages;
        let cells = row(&index, slug);
        assert_eq!(cells[0], name);
        assert_eq!(cells[1], "2025年第三季度");
        assert_eq!(cells[2], villages.to_string(), "{slug}: villages");
        assert_eq!(cells[3], published.to_string(), "{slug}: published");
        assert_eq!(cells[4], (villages - published).to_string());
        assert_eq!(cells[5], income.yuan(), "{slug}: income");
        assert_eq!(cells[6], expense.yuan(), "{slug}: expenses");
        assert!(
            cells[7].starts_with(&format!("{resolved}/{on_ledger}")),
            "{slug}: requests {cells:?}"
        );
        // Each town's own site, print page and open data under its folder, with the county's
        // address.
        let town = out.join(slug);
        assert!(town.join("index.html").is_file());
        assert!(town.join("print/2025-q3/index.html").is_file());
        assert!(town.join("data.json").is_file());
        let sitemap = fs::read_to_string(town.join("sitemap.xml")).unwrap();
        assert!(sitemap.contains(&format!("https://county.example.cn/{slug}/")));
    }
    assert!(index.contains(&format!("{all_villages} 个村")));
    assert!(out.join("static/style.css").is_file());
}

#[test]
fn a_rebuild_after_one_edit_is_a_clean_build_and_writes_only_what_changed() {
    let (tmp, content) = county_copy();
    let out = tmp.path().join("public");
    build_ok(&content, &out);
    let first = files(&out);
    // Nothing changed: every file is the same file.
    build_ok(&content, &out);
    let same = files(&out);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        same.keys().collect::<Vec<_>>()
    );
    // (The marker and the build's record are written by every build.)
    let own = |p: &str| p.starts_with(".sanshai");
    for (p, (bytes, ino)) in same.iter().filter(|(p, _)| !own(p)) {
        assert_eq!((bytes, ino), (&first[p].0, &first[p].1), "{p}");
    }
    // One amount of 南镇's second village, and its closing balance.
    let books = content.join("towns/nanzhen/villages/demo2/2025-q3/accounts.yaml");
    let text = fs::read_to_string(&books).unwrap();
    let text = text
        .replace("amount: 15000.00", "amount: 15000.01")
        .replace("  基本户: 62000.00", "  基本户: 62000.01");
    fs::write(&books, text).unwrap();
    build_ok(&content, &out);
    let after = files(&out);
    let clean = tmp.path().join("clean");
    build_ok(&content, &clean);
    let fresh = files(&clean);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    // Every file of the site is the clean build's (the build's record of its inputs and of
    // the files it left names inode numbers, so it is the one file that differs).
    for (p, (bytes, _)) in after.iter().filter(|(p, _)| *p != ".sanshai-inputs.json") {
        assert!(bytes == &fresh[p].0, "{p} differs from a clean build");
    }
    let rewritten: Vec<&String> = after
        .iter()
        .filter(|(p, (_, ino))| !own(p) && first.get(*p).is_none_or(|f| f.1 != *ino))
        .map(|(p, _)| p)
        .collect();
    assert!(rewritten.contains(&&"nanzhen/demo2/2025-q3/index.html".to_string()));
    assert!(rewritten.contains(&&"index.html".to_string()));
    // 北镇 was taken over as it was; in 南镇 only the files whose bytes changed were written.
    assert!(
        !rewritten.iter().any(|p| p.starts_with("beizhen/")),
        "{rewritten:?}"
    );
    for p in &rewritten {
        let unchanged = first.get(*p).is_some_and(|f| f.0 == after[*p].0);
        assert!(!unchanged, "{p} rewritten unchanged");
    }
    assert!(rewritten.len() < after.len() / 2, "{rewritten:?}");
}

#[test]
fn a_town_with_an_error_stops_the_county_before_anything_is_written() {
    let (tmp, content) = county_copy();
    let out = tmp.path().join("public");
    build_ok(&content, &out);
    let before = fs::read(out.join("index.html")).unwrap();
    let books = content.join("towns/beizhen/villages/demo/2025-q3/accounts.yaml");
    let text = fs::read_to_string(&books).unwrap();
    fs::write(&books, text.replace("amount: 12000.00", "amount: 12000.50")).unwrap();
    let err = build(&Options {
        content: content.clone(),
        output: out.clone(),
        base_url: None,
        theme: None,
        allow_removal: false,
    })
    .unwrap_err();
    let report = err.report();
    assert!(
        report.contains("towns/beizhen/villages/demo/2025-q3/accounts.yaml:"),
        "{report}"
    );
    assert_eq!(fs::read(out.join("index.html")).unwrap(), before);
    let (_, check) = (0, sanshai::county::check(&content));
    assert!(check.has_errors());
}

#[test]
fn a_published_file_changed_by_hand_is_made_again_not_taken_over() {
    let (tmp, content) = county_copy();
    let out = tmp.path().join("public");
    build_ok(&content, &out);
    let page = out.join("beizhen/index.html");
    let built = fs::read(&page).unwrap();
    // Rewritten in place (same inode), as an editor or another program might, a moment later
    // (file times are kept to the clock's tick).
    std::thread::sleep(std::time::Duration::from_millis(50));
    fs::OpenOptions::new()
        .write(true)
        .open(&page)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"<!-- changed -->"))
        .unwrap();
    build_ok(&content, &out);
    assert_eq!(fs::read(&page).unwrap(), built);
    // A record that cannot be read is no record: everything is built, the same.
    fs::write(out.join(".sanshai-inputs.json"), "{").unwrap();
    build_ok(&content, &out);
    assert_eq!(fs::read(&page).unwrap(), built);
}

#[test]
fn a_town_that_disappears_from_the_county_stops_the_build_unless_allowed() {
    let (tmp, content) = county_copy();
    let out = tmp.path().join("public");
    build_ok(&content, &out);
    fs::remove_dir_all(content.join("towns/beizhen")).unwrap();
    let opts = |allow_removal| Options {
        content: content.clone(),
        output: out.clone(),
        base_url: None,
        theme: None,
        allow_removal,
    };
    let err = build(&opts(false)).unwrap_err().report();
    assert!(err.contains("beizhen"), "{err}");
    assert!(out.join("beizhen/index.html").is_file());
    build(&opts(true)).unwrap_or_else(|d| panic!("{}", d.report()));
    assert!(!out.join("beizhen").exists());
}

/// The files of `dir` under folder `prefix` (relative to it): path → bytes.
fn part(all: &BTreeMap<String, (Vec<u8>, u64)>, prefix: &str) -> BTreeMap<String, Vec<u8>> {
    all.iter()
        .filter_map(|(p, (b, _))| Some((p.strip_prefix(prefix)?.to_string(), b.clone())))
        .collect()
}

/// A rebuild swaps the towns it rebuilt in one at a time. Killed right after the first one:
/// each town is whole (the first new, the second as it was), what the user keeps in the
/// output folder is there, and the next build leaves exactly the clean build's site and no
/// leftover folder.
#[test]
fn a_rebuild_killed_between_two_towns_leaves_each_town_whole() {
    let (tmp, content) = county_copy();
    let out = tmp.path().join("public");
    build_ok(&content, &out);
    fs::write(out.join("CNAME"), "county.example.cn\n").unwrap();
    fs::create_dir_all(out.join(".git")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let before = files(&out);
    for (town, edits) in [
        (
            "beizhen/villages/demo",
            [
                ("amount: 12000.00", "amount: 12000.01"),
                ("  基本户: 59000.00", "  基本户: 59000.01"),
            ],
        ),
        (
            "nanzhen/villages/demo2",
            [
                ("amount: 15000.00", "amount: 15000.01"),
                ("  基本户: 62000.00", "  基本户: 62000.01"),
            ],
        ),
    ] {
        let books = content.join(format!("towns/{town}/2025-q3/accounts.yaml"));
        let mut text = fs::read_to_string(&books).unwrap();
        for (from, to) in edits {
            assert!(text.contains(from), "{town}: {from}");
            text = text.replace(from, to);
        }
        fs::write(&books, text).unwrap();
    }
    let clean = tmp.path().join("clean");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_sanshai"))
        .args(["build", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(&clean)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "the edited books must still balance");
    let fresh = files(&clean);
    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_sanshai"))
        .args(["build", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(&out)
        .env("SANSHAI_TEST_CRASH_AT", "part-swapped")
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!killed.success());
    let mid = files(&out);
    assert_eq!(part(&mid, "beizhen/"), part(&fresh, "beizhen/"));
    assert_eq!(part(&mid, "nanzhen/"), part(&before, "nanzhen/"));
    assert_eq!(mid["index.html"].0, before["index.html"].0);
    assert!(out.join("CNAME").is_file() && out.join(".git/HEAD").is_file());
    build_ok(&content, &out);
    let after = files(&out);
    let ours = |p: &str| p.starts_with(".sanshai") || p == "CNAME" || p.starts_with(".git/");
    let site: Vec<&String> = after.keys().filter(|p| !ours(p)).collect();
    assert_eq!(site, fresh.keys().filter(|p| !ours(p)).collect::<Vec<_>>());
    for p in site {
        assert!(after[p].0 == fresh[p].0, "{p} differs from a clean build");
    }
    assert!(out.join("CNAME").is_file() && out.join(".git/HEAD").is_file());
    let mut left: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            ".clean.sanshai-lock",
            ".public.sanshai-lock",
            "clean",
            "content",
            "public"
        ]
    );
}

/// Every page of a town of a county leads up to the county's page (and the link resolves);
/// a town built on its own has no such link.
#[test]
fn town_pages_lead_up_to_the_county_page() {
    let (tmp, content) = county_copy();
    let out = tmp.path().join("public");
    build_ok(&content, &out);
    let title = "测试县三晒公开";
    let county_yaml = fs::read_to_string(content.join("county.yaml")).unwrap();
    assert!(county_yaml.contains(title), "{county_yaml}");
    let mut pages = 0;
    for (rel, (bytes, _)) in files(&out) {
        if !rel.ends_with(".html") || !rel.contains('/') || rel.ends_with("404.html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        if !html.contains("class=\"site-header\"") {
            continue; // print pages have no site header
        }
        let depth = rel.matches('/').count();
        let href = format!("{}index.html", "../".repeat(depth));
        let link = format!("<a class=\"site-up\" href=\"{href}\">↑ {title}</a>");
        assert!(html.contains(&link), "{rel} has no way up to the county");
        let target = out.join(rel).parent().unwrap().join(&href);
        assert!(target.canonicalize().unwrap() == out.join("index.html").canonicalize().unwrap());
        pages += 1;
    }
    assert!(pages > 10, "{pages}");
    let alone = tmp.path().join("alone");
    build_ok(&content.join("towns/beizhen"), &alone);
    let index = fs::read_to_string(alone.join("index.html")).unwrap();
    assert!(!index.contains("site-up"));
}
