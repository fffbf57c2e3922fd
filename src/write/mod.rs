//! Write: put the built site on disk so that at every instant the output folder holds either
//! the complete old site or the complete new one, and nothing the user keeps there is lost.
//!
//! Why each step:
//! - The new site is written into a staging folder beside the output folder (same disk), so a
//!   failed or killed build never touches the published site.
//! - On Linux the two folders are swapped with one `renameat2(RENAME_EXCHANGE)`: there is no
//!   moment without a site. Elsewhere the old site is renamed aside and the new one into place
//!   (two renames; a build killed between them leaves the old site aside, and the next build
//!   puts it back before anything else).
//! - Files the user keeps in the output folder (`CNAME`, `.nojekyll`, and any listed in
//!   `site.yaml` `keep:`) are copied into the new site before the swap, so both sites have
//!   them. Kept folders (`.git/`, which can be large) are moved after the swap; a build killed
//!   in between leaves them in the old site's folder, and the next build moves them back.
//! - Staging and old folders are named after the output folder and guarded by a lock file, so
//!   the next build knows every such folder it finds is left over from a killed build, rescues
//!   what the user keeps from it and removes it.
//! - A marker file says a folder is a sanshai site; a non-empty folder without it is never
//!   replaced (it is not ours).
//! - A county's site is made of towns that do not depend on each other; a rebuild of it swaps
//!   in only the towns it rebuilt, one exchange each ([`with_staged_parts`]), so each town is
//!   whole at every instant and an unchanged town is never copied, linked or removed.

mod stage;

use fd_lock::RwLock;
pub use stage::{tree_stats, tree_stats_from, Staging};
use std::fs;
use std::path::{Path, PathBuf};

/// Marker file that says a folder is a sanshai site (and may be replaced).
pub const MARKER: &str = ".sanshai-site";

/// What is always kept from the old output folder: a Git checkout of the published site and
/// the files static hosts read.
pub const ALWAYS_KEPT: &[&str] = &[".git", "CNAME", ".nojekyll"];

/// Test hook: when this environment variable names a step (`staged`, `copied`, `aside`,
/// `swapped`, `moved`), the process aborts right after it, as a kill would.
pub const CRASH_AT_VAR: &str = "SANSHAI_TEST_CRASH_AT";

/// Test hook: when set, the swap uses the two-rename fallback of other platforms.
pub const TWO_RENAMES_VAR: &str = "SANSHAI_TEST_TWO_RENAMES";

fn crash_point(step: &str) {
    if std::env::var(CRASH_AT_VAR).is_ok_and(|v| v == step) {
        std::process::abort();
    }
}

struct Places {
    output: PathBuf,
    parent: PathBuf,
    /// Prefix of every temporary folder of this output (`.public.sanshai-`).
    prefix: String,
}

impl Places {
    fn new(output: &Path) -> Places {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        Places {
            output: output.to_path_buf(),
            parent,
            prefix: format!(".{name}.sanshai-"),
        }
    }
    fn temp(&self, kind: &str) -> PathBuf {
        self.parent
            .join(format!("{}{kind}-{}", self.prefix, std::process::id()))
    }
    fn lock(&self) -> PathBuf {
        self.parent.join(format!("{}lock", self.prefix))
    }
}

/// Writes `files` as the new site at `output`, keeping `ALWAYS_KEPT` and `keep` (names of
/// files or folders at the top of the output folder).
pub fn write_site(
    output: &Path,
    files: &[(String, Vec<u8>)],
    keep: &[String],
) -> Result<(), String> {
    with_staging(output, keep, |stage| stage.put_all("", files))
}

/// Runs `fill` on a fresh staging folder beside `output` (under the lock, after cleaning up
/// any killed build), then swaps it in as the new site; when `fill` fails the staging folder
/// is removed and the old site stays as it was. `fill` may write in parallel and may reuse
/// the old site's files (see [`Staging`]), so a site can be streamed to disk as it is made.
pub fn with_staging<T>(
    output: &Path,
    keep: &[String],
    fill: impl FnOnce(&Staging) -> Result<T, String>,
) -> Result<T, String> {
    let places = Places::new(output);
    let mut lock = lock(&places)?;
    let _guard = lock.try_write().map_err(|_| busy(output))?;
    let kept: Vec<String> = ALWAYS_KEPT
        .iter()
        .map(|s| s.to_string())
        .chain(keep.iter().cloned())
        .collect();
    recover(&places, &kept)?;
    let mut ours = false;
    if output.exists() {
        let is_empty = fs::read_dir(output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        let only_kept = fs::read_dir(output).is_ok_and(|d| {
            d.flatten()
                .all(|e| kept.contains(&e.file_name().to_string_lossy().into_owned()))
        });
        ours = output.join(MARKER).exists();
        if !output.is_dir() || (!is_empty && !only_kept && !ours) {
            return Err(format!(
                "输出文件夹 {} 已存在,且不是 sanshai 生成的,为免误删,不覆盖它(提示: 换一个 --output 文件夹,或先手动清空它)",
                output.display()
            ));
        }
    }
    let staging = places.temp("new");
    let stage = Staging::create(&staging, ours.then_some(output))?;
    let value = match fill(&stage) {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    crash_point("staged");
    if output.exists() {
        if let Ok(meta) = fs::metadata(output) {
            let _ = fs::set_permissions(&staging, meta.permissions());
        }
        if let Err(e) = copy_kept_files(output, &staging, &kept) {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    }
    crash_point("copied");
    let old = places.temp("old");
    swap_in(&staging, output, &old).inspect_err(|_| {
        let _ = fs::remove_dir_all(&staging);
    })?;
    crash_point("swapped");
    if old.exists() {
        move_kept_dirs(&old, output, &kept);
        crash_point("moved");
        stage::remove_tree(&old);
    }
    Ok(value)
}

/// The lock file of an output folder's builds (taken with `try_write`).
fn lock(places: &Places) -> Result<RwLock<fs::File>, String> {
    fs::create_dir_all(&places.parent)
        .map_err(|e| format!("无法创建 {}: {e}", places.parent.display()))?;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(places.lock())
        .map_err(|e| format!("无法创建锁文件 {}: {e}", places.lock().display()))?;
    Ok(RwLock::new(file))
}

fn busy(output: &Path) -> String {
    format!(
        "另一个 sanshai 正在生成 {}(提示: 等它结束再试)",
        output.display()
    )
}

/// True when `output` is a site this program made (it may be updated part by part).
pub fn is_ours(output: &Path) -> bool {
    output.is_dir() && output.join(MARKER).is_file()
}

/// Updates the site at `output` (one this program made: [`is_ours`]) part by part, for a
/// site made of independent parts (a county's towns) of which a rebuild usually changes one.
///
/// `fill` writes into a fresh staging folder only what changed: each rebuilt part as a
/// top-level folder, and the top-level files; `gone` names the parts to take away. Each part is
/// then swapped in with one exchange of folders (a part is whole, old or new, at every
/// instant), the top-level folders and files after them (each file replaced by one rename),
/// and the old parts are removed with the staging folder. Nothing of the site is copied or
/// linked, so the time does not grow with the site. The top-level files go last: among them
/// the record of inputs, so a build killed half-way leaves the old record, which the next
/// build does not trust for the parts already swapped (their folders no longer match it).
/// What the user keeps in the output folder (`.git`, `CNAME`) is never touched.
pub fn with_staged_parts<T>(
    output: &Path,
    gone: &[String],
    fill: impl FnOnce(&Staging) -> Result<T, String>,
) -> Result<T, String> {
    let places = Places::new(output);
    let mut lock = lock(&places)?;
    let _guard = lock.try_write().map_err(|_| busy(output))?;
    let kept: Vec<String> = ALWAYS_KEPT.iter().map(|s| s.to_string()).collect();
    recover(&places, &kept)?;
    if !is_ours(output) {
        return Err(format!("{} 不是 sanshai 生成的网站", output.display()));
    }
    let staging = places.temp("new");
    let stage = Staging::create(&staging, Some(output))?;
    let value = match fill(&stage) {
        Ok(v) => v,
        Err(e) => {
            stage::remove_tree(&staging);
            return Err(e);
        }
    };
    crash_point("staged");
    let result = swap_parts(&staging, output, gone);
    stage::remove_tree(&staging);
    result.map(|()| value)
}

/// Swaps the top-level entries of `staging` into `output`: folders first (each with one
/// exchange), then files; the parts named in `gone` are moved out of the site into
/// `staging` (which is removed afterwards).
fn swap_parts(staging: &Path, output: &Path, gone: &[String]) -> Result<(), String> {
    let mut dirs = Vec::new();
    let mut files = Vec::new();
    for entry in
        fs::read_dir(staging).map_err(|e| format!("无法读取 {}: {e}", staging.display()))?
    {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == MARKER {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            dirs.push(name);
        } else {
            files.push(name);
        }
    }
    dirs.sort();
    files.sort();
    // The record of inputs last of all (see `with_staged_parts`).
    files.sort_by_key(|f| f.starts_with('.'));
    for name in &dirs {
        swap_dir(
            &staging.join(name),
            &output.join(name),
            &staging.join(format!("{name}.old")),
        )?;
        crash_point("part-swapped");
    }
    for name in gone {
        let from = output.join(name);
        if from.is_dir() {
            rename(&from, &staging.join(format!("{name}.gone")))
                .map_err(|e| format!("无法撤下 {}: {e}", from.display()))?;
        }
    }
    for name in &files {
        rename(&staging.join(name), &output.join(name))
            .map_err(|e| format!("无法写入 {}: {e}", output.join(name).display()))?;
    }
    Ok(())
}

/// Puts folder `new` at `at` with one exchange where the system has one; the folder it
/// replaces ends up at `new` (or at `aside` with the two renames of other systems).
fn swap_dir(new: &Path, at: &Path, aside: &Path) -> Result<(), String> {
    if !at.exists() {
        return rename(new, at).map_err(|e| format!("无法写入 {}: {e}", at.display()));
    }
    #[cfg(target_os = "linux")]
    if std::env::var_os(TWO_RENAMES_VAR).is_none() {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, new, CWD, at, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    rename(at, aside).map_err(|e| format!("无法替换 {}: {e}", at.display()))?;
    if let Err(e) = rename(new, at) {
        let _ = rename(aside, at);
        return Err(format!("无法写入 {}: {e}", at.display()));
    }
    Ok(())
}

/// Puts `staging` at `output`; the old site (if any) ends up at `old`.
fn swap_in(staging: &Path, output: &Path, old: &Path) -> Result<(), String> {
    if !output.exists() {
        return rename(staging, output).map_err(|e| format!("无法写入 {}: {e}", output.display()));
    }
    #[cfg(target_os = "linux")]
    if std::env::var_os(TWO_RENAMES_VAR).is_none() {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the old site.
            return fs::rename(staging, old)
                .map_err(|e| format!("无法整理旧网站 {}: {e}", staging.display()));
        }
        // A file system without RENAME_EXCHANGE: fall through to two renames.
    }
    rename(output, old).map_err(|e| format!("无法替换 {}: {e}", output.display()))?;
    crash_point("aside");
    if let Err(e) = rename(staging, output) {
        let _ = rename(old, output);
        return Err(format!("无法写入 {}: {e}", output.display()));
    }
    Ok(())
}

/// `fs::rename`, tried again for up to a second on Windows, where a folder cannot be renamed
/// while another program (a virus scanner, the search indexer) still holds a file just written
/// in it, and the rename fails with "access denied" until it lets go.
fn rename(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut tries = 0;
    loop {
        match fs::rename(from, to) {
            Err(e)
                if cfg!(windows)
                    && e.kind() == std::io::ErrorKind::PermissionDenied
                    && tries < 20 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            result => return result,
        }
    }
}

/// Cleans up after a killed build: puts an old site back when the output folder is missing,
/// moves what the user keeps out of leftover folders, and removes them.
fn recover(places: &Places, kept: &[String]) -> Result<(), String> {
    let Ok(entries) = fs::read_dir(&places.parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&places.prefix) && !name.ends_with("lock")
        })
        .map(|e| e.path())
        .collect();
    // Old sites first: one may have to go back into place.
    leftovers.sort_by_key(|p| !p.to_string_lossy().contains("sanshai-old-"));
    for dir in leftovers {
        let is_old = dir.to_string_lossy().contains("sanshai-old-");
        if is_old && !places.output.exists() && dir.join(MARKER).exists() {
            fs::rename(&dir, &places.output)
                .map_err(|e| format!("无法把旧网站 {} 放回原处: {e}", dir.display()))?;
            continue;
        }
        if places.output.is_dir() {
            move_kept_dirs(&dir, &places.output, kept);
            for name in kept {
                let (from, to) = (dir.join(name), places.output.join(name));
                if from.is_file() && !to.exists() {
                    let _ = fs::rename(&from, &to);
                }
            }
        }
        fs::remove_dir_all(&dir)
            .map_err(|e| format!("无法删除上次中断留下的 {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Copies the kept files (not folders) of `from` into `to`.
fn copy_kept_files(from: &Path, to: &Path, kept: &[String]) -> Result<(), String> {
    for name in kept {
        let src = from.join(name);
        let dest = to.join(name);
        if src.is_file() && !dest.exists() {
            fs::copy(&src, &dest).map_err(|e| format!("无法保留 {}: {e}", src.display()))?;
        }
    }
    Ok(())
}

/// Moves the kept folders of `from` into `to` (where `to` has none of that name).
fn move_kept_dirs(from: &Path, to: &Path, kept: &[String]) {
    for name in kept {
        let src = from.join(name);
        let dest = to.join(name);
        if src.is_dir() && !dest.exists() {
            let _ = fs::rename(&src, &dest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_own_site_and_refuses_foreign_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[("index.html".into(), b"one".to_vec())], &[]).unwrap();
        write_site(&out, &[("a/index.html".into(), b"two".to_vec())], &[]).unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        // A failed write leaves the old site intact.
        assert!(write_site(&out, &[("../x".into(), vec![])], &[]).is_err());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        let foreign = tmp.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "x").unwrap();
        assert!(write_site(&foreign, &[], &[])
            .unwrap_err()
            .contains("不覆盖"));
        assert!(foreign.join("keep.txt").exists());
        // No staging folders are left behind (the lock file stays).
        assert_eq!(
            names(tmp.path()),
            [
                ".docs.sanshai-lock",
                ".public.sanshai-lock",
                "docs",
                "public"
            ]
        );
    }

    #[test]
    fn what_the_user_keeps_survives_a_rebuild() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[("index.html".into(), b"one".to_vec())], &[]).unwrap();
        fs::create_dir_all(out.join(".git/objects")).unwrap();
        fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        fs::write(out.join("CNAME"), "sanshai.example.cn\n").unwrap();
        fs::write(out.join("baidu_verify.html"), "v").unwrap();
        fs::write(out.join("stale.html"), "old page").unwrap();
        write_site(
            &out,
            &[("index.html".into(), b"two".to_vec())],
            &["baidu_verify.html".to_string()],
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(out.join(".git/HEAD")).unwrap(),
            "ref: refs/heads/main\n"
        );
        assert!(out.join(".git/objects").is_dir());
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "sanshai.example.cn\n"
        );
        assert!(out.join("baidu_verify.html").exists());
        assert!(!out.join("stale.html").exists());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"two");
    }

    #[test]
    fn a_folder_holding_only_kept_files_may_become_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join(".git")).unwrap();
        fs::write(out.join("CNAME"), "x\n").unwrap();
        write_site(&out, &[("index.html".into(), b"one".to_vec())], &[]).unwrap();
        assert!(out.join(".git").is_dir() && out.join("CNAME").is_file());
    }

    #[test]
    fn leftovers_of_a_killed_build_are_rescued_and_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[("index.html".into(), b"one".to_vec())], &[]).unwrap();
        // As if killed after the swap, before the kept folder moved: the old site (with .git)
        // is left beside the new one; and an unfinished staging folder of another run.
        let old = tmp.path().join(".public.sanshai-old-999999");
        fs::create_dir_all(old.join(".git")).unwrap();
        fs::write(old.join(MARKER), "sanshai\n").unwrap();
        fs::write(old.join(".git/HEAD"), "h").unwrap();
        fs::create_dir_all(tmp.path().join(".public.sanshai-new-999998/a")).unwrap();
        write_site(&out, &[("index.html".into(), b"two".to_vec())], &[]).unwrap();
        assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "h");
        assert_eq!(names(tmp.path()), [".public.sanshai-lock", "public"]);
        // Killed between the two renames of the fallback: no output, the old site aside.
        fs::rename(&out, &old).unwrap();
        write_site(&out, &[("index.html".into(), b"three".to_vec())], &[]).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"three");
        assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "h");
        assert_eq!(names(tmp.path()), [".public.sanshai-lock", "public"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_mode_is_kept() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[("index.html".into(), b"one".to_vec())], &[]).unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(0o750)).unwrap();
        write_site(&out, &[("index.html".into(), b"two".to_vec())], &[]).unwrap();
        assert_eq!(
            fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o750
        );
    }
}
