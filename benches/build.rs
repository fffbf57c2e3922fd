//! The build benchmark: a generated county (see `support/county.rs`), built by the `sanshai`
//! program as a user runs it, timed end to end with its peak memory.
//!
//! Measured, each `SANSHAI_BENCH_RUNS` times (default 3; the best and every run printed):
//! - `check` of the whole county;
//! - a full build into an empty output folder;
//! - a rebuild with nothing changed;
//! - a rebuild after one changed amount (each run changes it once more), then compared file by
//!   file with a clean build of the same content (it must be byte-identical), with how many
//!   files it wrote.
//!
//! Settings (environment): `SANSHAI_BENCH_VILLAGES` (default 1000), `SANSHAI_BENCH_ENTRIES`
//! entries a quarter (default 100), `SANSHAI_BENCH_TOWNS` (default one town per 20 villages;
//! 0 builds the villages as one town), `SANSHAI_BENCH_DIR` (default a temporary folder).
//!
//! Run with `cargo bench --bench build`. The machine's load is printed with the figures,
//! since other work on the machine slows every figure down.

#[path = "support/county.rs"]
mod county;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const PROGRAM: &str = env!("CARGO_BIN_EXE_sanshai");

/// One run of the program: wall seconds and peak resident memory in MiB.
struct Run {
    secs: f64,
    peak_mib: f64,
}

// The child is reaped by wait4, which also reports its peak memory.
#[allow(clippy::zombie_processes)]
fn run(args: &[&str]) -> Run {
    let log = tempfile::tempfile().unwrap();
    let started = Instant::now();
    let child = Command::new(PROGRAM)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(log.try_clone().unwrap())
        .spawn()
        .expect("sanshai runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value to be filled in; wait4 reaps our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(waited, pid, "wait4");
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        use std::io::{Read, Seek};
        let mut err = String::new();
        let mut log = log;
        let _ = log.rewind();
        let _ = log.read_to_string(&mut err);
        panic!("sanshai {args:?} failed:\n{err}");
    }
    Run {
        secs,
        peak_mib: usage.ru_maxrss as f64 / 1024.0,
    }
}

fn load() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn report(what: &str, runs: &[Run], pages: usize) {
    let best = runs
        .iter()
        .min_by(|a, b| a.secs.total_cmp(&b.secs))
        .expect("at least one run");
    let all: Vec<String> = runs.iter().map(|r| format!("{:.2}", r.secs)).collect();
    let peak = runs.iter().map(|r| r.peak_mib).fold(0.0, f64::max);
    let rate = if pages > 0 {
        format!(", {:.0} pages/s", pages as f64 / best.secs)
    } else {
        String::new()
    };
    println!(
        "{what:<28} best {:>7.2} s (runs {}){rate}, peak memory {peak:.0} MiB, load {}",
        best.secs,
        all.join(" "),
        load()
    );
}

/// Every file under `dir` (relative path → bytes), without the build's record.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".sanshai-inputs.json")
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(p).map(|m| m.ino()).unwrap_or(0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` lists benchmarks; there is nothing to list here
    }
    let villages = county::villages(1000);
    let entries = county::env_or("SANSHAI_BENCH_ENTRIES", 100);
    let towns = county::env_or("SANSHAI_BENCH_TOWNS", villages.div_ceil(20));
    let runs = county::env_or("SANSHAI_BENCH_RUNS", 3).max(1);
    let tmp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("SANSHAI_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    let content = dir.join("content");
    let out = dir.join("public");
    let clean = dir.join("clean");
    let _ = fs::remove_dir_all(&content);
    county::county(
        &content,
        county::Shape {
            villages,
            entries,
            towns,
        },
    );
    let c = content.to_str().unwrap();
    let o = out.to_str().unwrap();
    println!(
        "county of {villages} villages in {towns} towns, {entries} entries a quarter, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let checks: Vec<Run> = (0..runs).map(|_| run(&["check", "--content", c])).collect();
    report("check", &checks, 0);

    // Each full build into a folder of its own, removed only at the end: on ext4, files made
    // within about half a minute of removing tens of thousands of others are slow to create
    // (the file system skips the inodes just freed), which would time the disk, not the build.
    let mut builds = Vec::new();
    let mut spare = Vec::new();
    for i in 0..runs {
        let _ = fs::remove_dir_all(&out);
        let fresh = dir.join(format!("full-{i}"));
        let _ = fs::remove_dir_all(&fresh);
        builds.push(run(&[
            "build",
            "--content",
            c,
            "--output",
            fresh.to_str().unwrap(),
        ]));
        spare.push(fresh);
    }
    fs::rename(spare.pop().expect("one run at least"), &out).unwrap();
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".html"))
        .count();
    let files = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    report(&format!("full build ({pages} pages)"), &builds, pages);

    let same: Vec<Run> = (0..runs)
        .map(|_| run(&["build", "--content", c, "--output", o]))
        .collect();
    report("rebuild, nothing changed", &same, 0);

    // One changed amount: the inodes before tell which files the rebuild wrote anew.
    // (Paths and inodes only: the bytes of the whole site held here would count in the next
    // child's peak memory, which starts as a copy of this process.)
    let before: Vec<(PathBuf, u64)> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".sanshai-inputs.json")
        .map(|e| {
            let ino = inode(e.path());
            (e.path().strip_prefix(&out).unwrap().to_path_buf(), ino)
        })
        .collect();
    // Each run adds one more fen to the same amount (and its closing balance).
    let mut edits = Vec::new();
    let mut edited = PathBuf::new();
    for _ in 0..runs {
        edited = county::edit_one_amount(&content);
        edits.push(run(&["build", "--content", c, "--output", o]));
    }
    let written = before
        .iter()
        .filter(|(p, ino)| inode(&out.join(p)) != *ino)
        .count();
    report("rebuild after one edit", &edits, 0);
    println!(
        "  edited {}; {written} of {files} files written anew over the runs, the rest untouched",
        edited.strip_prefix(&content).unwrap_or(&edited).display()
    );
    let _ = fs::remove_dir_all(&clean);
    run(&["build", "--content", c, "--output", clean.to_str().unwrap()]);
    let (a, b) = (tree(&out), tree(&clean));
    let differ: Vec<&PathBuf> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, _)| &x.0)
        .collect();
    assert!(
        a.len() == b.len() && differ.is_empty(),
        "the rebuild differs from a clean build: {} vs {} files, {differ:?}",
        a.len(),
        b.len()
    );
    println!("  byte-identical to a clean build: yes ({} files)", a.len());
    for d in spare {
        let _ = fs::remove_dir_all(d);
    }
}
