//! Bad input never panics: odd or hostile YAML in a content file gives an error with a
//! position, and the run goes on to report it.

mod support;

use std::fs;
use support::*;

fn check_with_accounts(text: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    fs::write(content.join("villages/demo/2025-q3/accounts.yaml"), text).unwrap();
    let (_, diags) = sanshai::build::check(&content);
    assert!(diags.has_errors(), "accepted:\n{text}");
    report_without_prefix(&diags.report(), &content)
}

#[test]
fn odd_yaml_is_reported_not_panicked_on() {
    let deep = format!("a: {}{}", "[".repeat(5000), "]".repeat(5000));
    let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9u8 {
        let (name, prev) = ((b'a' + i) as char, (b'a' + i - 1) as char);
        laughs.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    let long = "x".repeat(200_000);
    let cases: Vec<(&str, &str)> = vec![
        ("", "文件是空的"),
        ("---\n", "文件是空的"),
        ("[1, 2]", "最外层"),
        ("opening: !!binary aGVsbG8=", "opening"),
        (
            "opening: {现金: 1e400, 基本户: 99999999999999999999}",
            "数字太大",
        ),
        (&deep, "嵌套太深"),
        (&laughs, "嵌套太深"),
        ("? [a, b]\n: c\n", "键名"),
        ("income:\n  - *undefined\n", "YAML 格式错误"),
        ("opening:\n  现金: 1.0\n  现金: 2.0\n", "写了两次"),
        ("\u{feff}opening: x", "opening"),
        (&long, "最外层"),
        ("opening: {现金: .inf}\nclosing: {}\n", "NaN 或无穷大"),
    ];
    for (text, want) in cases {
        let report = check_with_accounts(text);
        assert!(
            report.contains("villages/demo/2025-q3/accounts.yaml:"),
            "{report}"
        );
        assert!(report.contains(want), "want {want:?} in:\n{report}");
    }
}
