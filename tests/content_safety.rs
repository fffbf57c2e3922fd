//! Content is read safely: a link inside the content folder is refused (it could publish any
//! file of the computer), a hidden folder under villages/ is named instead of skipped in
//! silence, and content without villages stops before it could empty a published site.

mod support;

use std::fs;
use support::*;

fn minimal_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    (tmp, content)
}

#[cfg(unix)]
#[test]
fn links_in_the_content_folder_are_refused() {
    let (tmp, content) = minimal_copy();
    let secret = tmp.path().join("secret.txt");
    fs::write(&secret, "root:x:0:0:秘密").unwrap();
    let notes = content.join("villages/demo/2025-q3/notes.md");
    let _ = fs::remove_file(&notes);
    std::os::unix::fs::symlink(&secret, &notes).unwrap();
    let (_, diags) = sanshai::build::check(&content);
    let report = report_without_prefix(&diags.report(), &content);
    assert!(diags.has_errors(), "{report}");
    assert!(
        report.contains("villages/demo/2025-q3/notes.md") && report.contains("链接"),
        "{report}"
    );
    assert!(!report.contains("秘密"));
}

#[test]
fn a_hidden_folder_under_villages_is_named() {
    let (_tmp, content) = minimal_copy();
    copy_tree(
        &content.join("villages/demo"),
        &content.join("villages/.xishan"),
    );
    copy_tree(
        &content.join("villages/demo/2025-q3"),
        &content.join("villages/demo/.2025-q4"),
    );
    let (_, diags) = sanshai::build::check(&content);
    let report = report_without_prefix(&diags.report(), &content);
    assert!(
        report.contains("villages/.xishan: 警告: 以「.」开头的文件夹不会发布"),
        "{report}"
    );
    assert!(
        report.contains("villages/demo/.2025-q4: 警告: 以「.」开头的文件夹不会发布"),
        "{report}"
    );
    // Named once, not once per file inside.
    assert_eq!(report.matches(".xishan").count(), 1, "{report}");
}

#[test]
fn content_without_villages_stops() {
    let (_tmp, content) = minimal_copy();
    fs::remove_dir_all(content.join("villages")).unwrap();
    let (_, diags) = sanshai::build::check(&content);
    let report = report_without_prefix(&diags.report(), &content);
    assert!(diags.has_errors(), "{report}");
    assert!(
        report.contains("site.yaml") && report.contains("没有任何村"),
        "{report}"
    );
}
