//! Checks on `notes.md`, the village's own words for a period.

use super::Cx;
use crate::model::Period;

/// Raw HTML in notes.md is shown as text, never run: say so to the accountant.
pub(super) fn notes(cx: &mut Cx, p: &Period) {
    let Some(text) = &p.notes else { return };
    let Some(&file) = p
        .files
        .iter()
        .find(|&&f| cx.sources.files[f].rel.ends_with("notes.md"))
    else {
        return;
    };
    let tag = text.lines().enumerate().find_map(|(n, l)| {
        l.char_indices()
            .find(|(i, c)| {
                *c == '<' && l[i + 1..].starts_with(|x: char| x.is_ascii_alphabetic() || x == '/')
            })
            .map(|(i, _)| (n + 1, l[..i].chars().count() + 1))
    });
    if let Some((line, col)) = tag {
        cx.diags.push(crate::diag::Diagnostic {
            severity: crate::diag::Severity::Warning,
            file: cx.sources.files[file].display.clone(),
            line,
            col,
            message: "notes.md 里的 HTML 标签不会生效,网页上会原样显示出来".into(),
            hint: Some("用 Markdown 写:# 标题、**加粗**、- 列表".into()),
        });
    }
}
