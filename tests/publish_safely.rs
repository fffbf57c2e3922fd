//! Publishing never loses a site: a build killed at any point leaves the complete old or the
//! complete new site in the output folder, the next build leaves no stray folders, and what
//! the user keeps there (`.git/`, `CNAME`) survives. Kills are simulated with the writer's
//! crash hook at each step, and with real kills of a child build at growing delays.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::*;

/// Every file of a site folder except what the writer adds or keeps, with its bytes.
fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !entry.file_type().is_file()
            || rel.starts_with(".git/")
            || rel == "CNAME"
            || rel == ".sanshai-site"
        {
            continue;
        }
        out.insert(rel, fs::read(entry.path()).unwrap());
    }
    out
}

struct Fixture {
    _tmp: tempfile::TempDir,
    parent: PathBuf,
    out: PathBuf,
    old_content: PathBuf,
    new_content: PathBuf,
    old_site: BTreeMap<String, Vec<u8>>,
    new_site: BTreeMap<String, Vec<u8>>,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let old_content = tmp.path().join("old");
    let new_content = tmp.path().join("new");
    copy_tree(&root().join("tests/fixtures/minimal"), &old_content);
    copy_tree(&root().join("tests/fixtures/minimal"), &new_content);
    let site = new_content.join("site.yaml");
    let text = fs::read_to_string(&site).unwrap();
    fs::write(&site, text.replacen("title: ", "title: 新版 ", 1)).unwrap();
    let (_a, a) = build_into(&old_content);
    let (_b, b) = build_into(&new_content);
    let (old_site, new_site) = (site_files(&a), site_files(&b));
    assert_ne!(old_site, new_site);
    let parent = tmp.path().join("www");
    fs::create_dir_all(&parent).unwrap();
    let out = parent.join("public");
    Fixture {
        parent,
        out,
        old_content,
        new_content,
        old_site,
        new_site,
        _tmp: tmp,
    }
}

fn sanshai(content: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sanshai"));
    c.arg("build")
        .arg("--content")
        .arg(content)
        .arg("--output")
        .arg(out);
    c.env_remove("SANSHAI_TEST_CRASH_AT")
        .env_remove("SANSHAI_TEST_TWO_RENAMES");
    c
}

impl Fixture {
    /// Publishes the old site with a `.git/` and a `CNAME` in it.
    fn publish_old(&self) {
        let _ = fs::remove_dir_all(&self.parent);
        fs::create_dir_all(&self.parent).unwrap();
        assert!(sanshai(&self.old_content, &self.out)
            .output()
            .unwrap()
            .status
            .success());
        fs::create_dir_all(self.out.join(".git/refs")).unwrap();
        fs::write(self.out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        fs::write(self.out.join("CNAME"), "sanshai.example.cn\n").unwrap();
    }

    /// The output folder holds the whole old or the whole new site.
    fn assert_whole_site(&self, when: &str) {
        assert!(self.out.is_dir(), "{when}: no site at all");
        let now = site_files(&self.out);
        assert!(
            now == self.old_site || now == self.new_site,
            "{when}: neither the old nor the new site ({} files)",
            now.len()
        );
    }

    /// After one more normal build: the new site, the kept things, nothing else beside it.
    fn assert_recovered(&self, when: &str) {
        let run = sanshai(&self.new_content, &self.out).output().unwrap();
        assert!(run.status.success(), "{when}: the next build failed");
        assert_eq!(site_files(&self.out), self.new_site, "{when}");
        assert_eq!(
            fs::read_to_string(self.out.join(".git/HEAD")).unwrap(),
            "ref: refs/heads/main\n",
            "{when}: .git lost"
        );
        assert!(self.out.join("CNAME").is_file(), "{when}: CNAME lost");
        let mut left: Vec<String> = fs::read_dir(&self.parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".public.sanshai-lock", "public"],
            "{when}: stray folders"
        );
    }
}

#[test]
fn a_build_killed_at_each_step_leaves_a_whole_site() {
    let f = fixture();
    for two_renames in [false, true] {
        for step in ["staged", "copied", "aside", "swapped", "moved"] {
            let when = format!("crash after {step} (two renames: {two_renames})");
            f.publish_old();
            let mut cmd = sanshai(&f.new_content, &f.out);
            cmd.env("SANSHAI_TEST_CRASH_AT", step);
            if two_renames {
                cmd.env("SANSHAI_TEST_TWO_RENAMES", "1");
            }
            let status = cmd.stderr(std::process::Stdio::null()).status().unwrap();
            let crashed = !status.success();
            // "aside" only happens with two renames.
            assert_eq!(crashed, two_renames || step != "aside", "{when}");
            if !(two_renames && step == "aside") {
                f.assert_whole_site(&when);
            }
            f.assert_recovered(&when);
        }
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    let f = fixture();
    for delay_ms in [0u64, 20, 50, 100, 150, 250, 400, 700] {
        let when = format!("killed after {delay_ms} ms");
        f.publish_old();
        let mut child = sanshai(&f.new_content, &f.out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        f.assert_whole_site(&when);
        f.assert_recovered(&when);
    }
}

#[test]
fn a_build_that_would_drop_a_published_period_stops_unless_allowed() {
    use sanshai::build::{build, Options};
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let out = tmp.path().join("public");
    let opts = |allow_removal| Options {
        content: content.clone(),
        output: out.clone(),
        base_url: None,
        theme: None,
        allow_removal,
    };
    build(&opts(false)).unwrap_or_else(|d| panic!("{}", d.report()));
    let before = site_files(&out);
    fs::remove_dir_all(content.join("villages/demo/2025-q3")).unwrap();
    let err = build(&opts(false)).unwrap_err().report();
    assert!(
        err.contains("撤下") && err.contains("demo/2025-q3"),
        "{err}"
    );
    assert!(err.contains("--allow-removal"), "{err}");
    assert_eq!(site_files(&out), before, "the published site was changed");
    build(&opts(true)).unwrap_or_else(|d| panic!("{}", d.report()));
    assert!(!out.join("demo/2025-q3").exists());
}
