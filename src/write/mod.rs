//! Write: put the rendered site on disk so that a failed build never leaves half a site.
//!
//! Everything goes into a fresh folder beside the output folder first; only when every file is
//! written is the old site moved aside and the new one renamed into its place (two renames on
//! the same disk), and the old one deleted. A marker file guards against overwriting a folder
//! that sanshai did not make.

use std::fs;
use std::path::{Path, PathBuf};

/// Marker file that says a folder is a sanshai site (and may be replaced).
pub const MARKER: &str = ".sanshai-site";

pub fn write_site(output: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    if output.exists() {
        let is_empty = fs::read_dir(output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !output.is_dir() || (!is_empty && !output.join(MARKER).exists()) {
            return Err(format!(
                "输出文件夹 {} 已存在,且不是 sanshai 生成的,为免误删,不覆盖它(提示: 换一个 --output 文件夹,或先手动清空它)",
                output.display()
            ));
        }
    }
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    fs::create_dir_all(&parent).map_err(|e| format!("无法创建 {}: {e}", parent.display()))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = write_all(&staging, files);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if output.exists() {
        fs::rename(output, &old).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            format!("无法替换 {}: {e}", output.display())
        })?;
    }
    if let Err(e) = fs::rename(&staging, output) {
        // Put the old site back.
        let _ = fs::rename(&old, output);
        let _ = fs::remove_dir_all(&staging);
        return Err(format!("无法写入 {}: {e}", output.display()));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

fn write_all(root: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    fs::create_dir_all(root).map_err(|e| format!("无法创建 {}: {e}", root.display()))?;
    fs::write(root.join(MARKER), "sanshai\n").map_err(|e| e.to_string())?;
    for (rel, bytes) in files {
        if rel.split('/').any(|part| part == ".." || part.is_empty()) {
            return Err(format!("不安全的输出路径 {rel}"));
        }
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("无法创建 {}: {e}", dir.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("无法写入 {}: {e}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_own_site_and_refuses_foreign_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[("index.html".into(), b"one".to_vec())]).unwrap();
        write_site(&out, &[("a/index.html".into(), b"two".to_vec())]).unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        // A failed write leaves the old site intact.
        assert!(write_site(&out, &[("../x".into(), vec![])]).is_err());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        let foreign = tmp.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "x").unwrap();
        assert!(write_site(&foreign, &[]).unwrap_err().contains("不覆盖"));
        assert!(foreign.join("keep.txt").exists());
        // No staging folders are left behind.
        let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(left.len(), 2);
    }
}
