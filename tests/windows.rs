//! The Windows program: `sanshai.exe`, cross-compiled for `x86_64-pc-windows-gnu` and run under
//! wine, builds the sample into a site byte-identical to the Linux program's (twice: the second
//! build replaces the first, as on an accountant's PC, through the rename fallback used off
//! Linux), checks a broken copy with the same messages, and reads content saved the Windows way
//! (CRLF line ends, a byte-order mark) from a folder whose name has Chinese and a space.
//!
//! Needs the rustup target, mingw-w64 (`x86_64-w64-mingw32-gcc`) and wine; `.ci/run` installs
//! them. When they are missing: outside CI the tests are reported as **ignored**, with a note
//! saying what to install (`cargo test --test windows -- --include-ignored` runs them anyway);
//! in CI (`CI` set) they fail. The test builds `sanshai.exe` itself with cargo (nothing when it
//! is up to date).
//!
//! Messages are compared as printed, except that `\` becomes `/`: a Windows path given on the
//! command line keeps its backslashes in messages. Debian 12's wine 8 has no
//! `bcryptprimitives.dll`, whose `ProcessPrng` Rust's standard library imports; a stand-in
//! built from `tests/windows/bcryptprimitives.c` is put beside the test's copy of the program.

mod support;

use libtest_mimic::{Arguments, Trial};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use support::*;

const TARGET: &str = "x86_64-pc-windows-gnu";
const MINGW: &str = "x86_64-w64-mingw32-gcc";

/// A test: its name and what it does with the program.
type WineTest = (&'static str, fn(&Wine));

const TESTS: [WineTest; 4] = [
    (
        "windows_build_is_byte_identical_to_linux",
        build_is_byte_identical,
    ),
    (
        "windows_check_prints_the_same_messages",
        check_prints_the_same_messages,
    ),
    (
        "windows_reads_crlf_and_bom_content_from_a_chinese_folder_with_spaces",
        windows_style_content,
    ),
    (
        "windows_serve_shows_a_saved_change",
        serve_shows_a_saved_change,
    ),
];

fn main() {
    let args = Arguments::from_args();
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    let missing = missing_tools();
    let ignore = !missing.is_empty() && !in_ci;
    if ignore {
        eprintln!(
            "note: Windows tests ignored, not installed: {}\n\
             install with `rustup target add {TARGET}` and \
             `apt-get install gcc-mingw-w64-x86-64 wine`",
            missing.join(", ")
        );
    }
    let trials = TESTS
        .iter()
        .map(|&(name, test)| {
            Trial::test(name, move || {
                test(wine());
                Ok(())
            })
            .with_ignored_flag(ignore)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .any(|d| d.join(tool).is_file())
}

fn rust_target_installed() -> bool {
    let Ok(out) = Command::new("rustc").args(["--print", "sysroot"]).output() else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Path::new(&sysroot)
        .join("lib/rustlib")
        .join(TARGET)
        .is_dir()
}

fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    if !rust_target_installed() {
        missing.push(format!("rust target {TARGET}"));
    }
    for tool in [MINGW, "wine"] {
        if !on_path(tool) {
            missing.push(tool.to_string());
        }
    }
    missing
}

/// `sanshai.exe` with its stand-in DLL, and the wine prefix it runs in.
struct Wine {
    dir: PathBuf,
    prefix: PathBuf,
}

/// Builds the program and the DLL and makes the wine prefix, once for all tests.
fn wine() -> &'static Wine {
    static WINE: OnceLock<Wine> = OnceLock::new();
    WINE.get_or_init(|| {
        let missing = missing_tools();
        assert!(
            missing.is_empty(),
            "{missing:?} not installed: CI must install them (see .ci/run)"
        );
        let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let built = Command::new(cargo)
            .args(["build", "--target", TARGET, "--bin", "sanshai"])
            .current_dir(root())
            .env("CARGO_TARGET_DIR", target_dir)
            .status()
            .unwrap();
        assert!(built.success(), "cross-compiling sanshai.exe failed");
        let exe = target_dir.join(TARGET).join("debug/sanshai.exe");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("windows");
        fs::create_dir_all(&dir).unwrap();
        fs::copy(&exe, dir.join("sanshai.exe")).unwrap();
        let dll = Command::new(MINGW)
            .args(["-shared", "-O2", "-o"])
            .arg(dir.join("bcryptprimitives.dll"))
            .arg(root().join("tests/windows/bcryptprimitives.c"))
            .arg("-ladvapi32")
            .status()
            .unwrap();
        assert!(dll.success(), "building bcryptprimitives.dll failed");
        let wine = Wine {
            prefix: dir.join("prefix"),
            dir,
        };
        // The first run makes the prefix (tens of seconds); the tests then share it.
        let version = wine.run(&wine.dir, &["--version"]);
        assert!(
            version.status.success(),
            "sanshai.exe does not start under wine: {}",
            String::from_utf8_lossy(&version.stderr)
        );
        wine
    })
}

impl Wine {
    /// Runs `sanshai.exe args` in `cwd`, headless and quiet; killed after five minutes.
    fn run(&self, cwd: &Path, args: &[&str]) -> Output {
        wait(self.spawn(cwd, args), Duration::from_secs(300))
    }

    /// Starts `sanshai.exe args` in `cwd` (wine runs it as this very process).
    fn spawn(&self, cwd: &Path, args: &[&str]) -> std::process::Child {
        Command::new("wine")
            .arg(self.dir.join("sanshai.exe"))
            .args(args)
            .current_dir(cwd)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("wine")
    }
}

fn wait(mut child: std::process::Child, limit: Duration) -> Output {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("timed out after {limit:?}");
}

/// The Linux program, `sanshai args` in `cwd`.
fn linux(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sanshai"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Every file under `dir` with its bytes, by relative path with `/`.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (rel.join("/"), fs::read(e.path()).unwrap())
        })
        .collect()
}

fn assert_same_tree(linux: &Path, windows: &Path) {
    let (a, b) = (tree(linux), tree(windows));
    let only = |x: &BTreeMap<String, Vec<u8>>, y: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        x.keys().filter(|k| !y.contains_key(*k)).cloned().collect()
    };
    assert!(
        a.keys().eq(b.keys()),
        "only on Linux: {:?}; only on Windows: {:?}",
        only(&a, &b),
        only(&b, &a)
    );
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(
        differ.is_empty(),
        "differ between Linux and Windows: {differ:?}"
    );
    assert!(a.len() > 20, "{} files", a.len());
}

/// Standard error as compared: `\` as `/`, CRLF as LF.
fn messages(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .replace("\r\n", "\n")
        .replace('\\', "/")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn build_is_byte_identical(wine: &Wine) {
    let tmp = tempfile::tempdir().unwrap();
    let (lin, win) = (tmp.path().join("linux"), tmp.path().join("windows"));
    for dir in [&lin, &win] {
        copy_tree(&root().join("content"), &dir.join("content"));
    }
    let args = ["build", "--content", "content", "--output", "public"];
    let l = linux(&lin, &args);
    assert!(l.status.success(), "{}", messages(&l));
    for round in ["first", "second"] {
        let w = wine.run(&win, &args);
        assert!(w.status.success(), "{round} build: {}", messages(&w));
        assert_eq!(messages(&w), messages(&l), "{round} build's messages");
        assert_same_tree(&lin.join("public"), &win.join("public"));
    }
    // The second build replaced the first: nothing left beside the site but the lock file.
    assert_eq!(
        names(&win),
        [".public.sanshai-lock", "content", "public"],
        "leftovers of the swap"
    );
}

/// A copy of the sample with an unbalanced account, a YAML syntax error and a stray file.
fn break_content(content: &Path) {
    let accounts = content.join("villages/hexi/2025-q4/accounts.yaml");
    let text = fs::read_to_string(&accounts).unwrap();
    let at = text.find("amount: ").unwrap() + "amount: ".len();
    fs::write(&accounts, format!("{}1{}", &text[..at], &text[at..])).unwrap();
    let perf = content.join("villages/dongshan/2025-q1/performance.yaml");
    let text = fs::read_to_string(&perf).unwrap();
    fs::write(&perf, format!("{text}\nbroken: \"never closed\n")).unwrap();
    fs::write(content.join("villages/hexi/说明.txt"), "stray").unwrap();
}

fn check_prints_the_same_messages(wine: &Wine) {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&root().join("content"), &tmp.path().join("content"));
    break_content(&tmp.path().join("content"));
    let args = ["check", "--content", "content"];
    let l = linux(tmp.path(), &args);
    let w = wine.run(tmp.path(), &args);
    assert_eq!(l.status.code(), Some(1), "{}", messages(&l));
    assert_eq!(w.status.code(), Some(1), "{}", messages(&w));
    let text = messages(&l);
    for expected in [
        "hexi/2025-q4/accounts.yaml:",
        "dongshan/2025-q1/performance.yaml:",
        "说明.txt",
    ] {
        assert!(text.contains(expected), "{expected} not reported: {text}");
    }
    assert_eq!(messages(&w), text);
}

/// Content saved by Windows editors: CRLF line ends and a byte-order mark.
fn windows_style(content: &Path) {
    for entry in walkdir::WalkDir::new(content) {
        let entry = entry.unwrap();
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "yaml" || e == "md") {
            let text = fs::read_to_string(p).unwrap().replace("\r\n", "\n");
            fs::write(p, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
        }
    }
}

fn windows_style_content(wine: &Wine) {
    let tmp = tempfile::tempdir().unwrap();
    let (lin, win) = (tmp.path().join("linux"), tmp.path().join("windows"));
    let folder = "三晒 资料/内容";
    for dir in [&lin, &win] {
        copy_tree(&root().join("content"), &dir.join(folder));
        windows_style(&dir.join(folder));
    }
    let args = ["build", "--content", folder, "--output", "网站 输出"];
    let l = linux(&lin, &args);
    assert!(l.status.success(), "{}", messages(&l));
    let w = wine.run(&win, &args);
    assert!(w.status.success(), "{}", messages(&w));
    assert_same_tree(&lin.join("网站 输出"), &win.join("网站 输出"));
    // And the same content broken: the same messages, at the same lines and columns as the
    // LF copy's.
    let lf = tmp.path().join("lf");
    copy_tree(&root().join("content"), &lf.join(folder));
    for dir in [&lin, &win, &lf] {
        // Without the register: a published period's change names its fingerprint, which
        // differs between the CRLF and LF copies (the positions are what is compared here).
        let _ = fs::remove_file(dir.join(folder).join("published.yaml"));
        let _ = fs::remove_dir_all(dir.join(folder).join("published"));
        break_content(&dir.join(folder));
    }
    let check = ["check", "--content", folder];
    let l = linux(&lin, &check);
    let w = wine.run(&win, &check);
    assert_eq!(messages(&w), messages(&l));
    assert_eq!(
        messages(&l),
        messages(&linux(&lf, &check)),
        "CRLF moves positions"
    );
}

/// `GET target` over loopback; the response as text ("" when the connection fails).
fn get(addr: &str, target: &str) -> String {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    );
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Polls `GET target` until the response holds `text`; false after `limit`.
fn served(addr: &str, target: &str, text: &str, limit: Duration) -> bool {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if get(addr, target).contains(text) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

/// `sanshai.exe serve`: the page is served, a saved change is seen by the watcher and served.
fn serve_shows_a_saved_change(wine: &Wine) {
    use std::io::BufRead;
    // The test changes the books: a copy without the register that locks them.
    let (tmp, _) = sample_unpublished();
    let mut child = wine.spawn(tmp.path(), &["serve", "--port", "0"]);
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    let addr = loop {
        let Ok(line) = rx.recv_timeout(Duration::from_secs(120)) else {
            let _ = child.kill();
            panic!("serve printed no address: {seen:?}");
        };
        if let Some(at) = line.find("http://") {
            let rest = &line[at + "http://".len()..];
            break rest[..rest.find('/').unwrap()].to_string();
        }
        seen.push(line);
    };
    let accounts = tmp
        .path()
        .join("content/villages/hexi/2025-q4/accounts.yaml");
    let text = fs::read_to_string(&accounts).unwrap();
    // An entry's summary shows on the period page as written.
    let at = text.find("summary: ").unwrap() + "summary: ".len();
    let ok = served(
        &addr,
        "/hexi/2025-q4/",
        "EventSource",
        Duration::from_secs(60),
    );
    fs::write(&accounts, format!("{}预览测试{}", &text[..at], &text[at..])).unwrap();
    let changed = ok && served(&addr, "/hexi/2025-q4/", "预览测试", Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    assert!(ok, "the page was not served");
    assert!(changed, "the saved change was not served");
}
