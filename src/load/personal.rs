//! The privacy pass of loading: every villager's ID, mobile or bank-card number written in a
//! free-text value (or in `notes.md`) is masked before the value is read into the model, and a
//! warning names the file, line and column so the source is fixed too.
//!
//! Masking here, once, means no stage after loading can hold the full number, so no output
//! (page, notice, town print, data file) can publish it, whatever field it was typed into.
//! Numbers published on purpose are left alone: the `phone` fields of `site.yaml` and
//! `village.yaml` (and those same numbers wherever else they are written), and the `number`
//! of the village's own bank accounts.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::spans::{NodeKind, Pos, ScalarValue, Tree};
use crate::privacy;
use std::collections::BTreeSet;

/// Keys whose values are published on purpose (in `site.yaml` and `village.yaml`).
pub const PUBLISHED_KEYS: &[&str] = &["phone", "number"];

fn warning(display: &str, pos: Pos, found: &privacy::Found) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        file: display.to_string(),
        line: pos.line,
        col: pos.col,
        message: format!(
            "这里写了村民的{}({}),公开时已遮盖",
            found.kind.label(),
            found.masked
        ),
        hint: Some(
            "个人信息保护法:村民的身份证号、手机号、银行卡号不能公开。在源文件里删掉或改成遮盖后的写法"
                .into(),
        ),
    }
}

/// Masks personal numbers in every scalar value of `tree` (not in keys, and not under
/// `skip_keys`), warning once per number.
pub fn mask_tree(
    tree: &mut Tree,
    display: &str,
    skip_keys: &[&str],
    published: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let n = tree.nodes.len();
    // For each node: is it a key, and the key it is the value of.
    let mut is_key = vec![false; n];
    let mut under: Vec<Option<usize>> = vec![None; n];
    for node in &tree.nodes {
        if let NodeKind::Map(entries) = &node.kind {
            for &(k, v) in entries {
                is_key[k] = true;
                under[v] = Some(k);
            }
        }
    }
    for id in 0..n {
        if is_key[id] {
            continue;
        }
        let skip = under[id]
            .and_then(|k| tree.key_text(k))
            .is_some_and(|k| skip_keys.contains(&k));
        if skip {
            continue;
        }
        let node = &mut tree.nodes[id];
        let pos = node.pos;
        let NodeKind::Scalar(s) = &mut node.kind else {
            continue;
        };
        let found = privacy::find(&s.text, published);
        if found.is_empty() {
            continue;
        }
        for f in &found {
            diags.push(warning(display, pos, f));
        }
        s.text = privacy::mask(&s.text, published);
        s.value = ScalarValue::Str;
    }
}

/// `notes.md` with personal numbers masked, warning at each one's line and column.
pub fn mask_notes(
    text: &str,
    display: &str,
    published: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> String {
    let found = privacy::find(text, published);
    for f in &found {
        let before = &text[..f.start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        diags.push(warning(display, Pos { line, col }, f));
    }
    if found.is_empty() {
        text.to_string()
    } else {
        privacy::mask(text, published)
    }
}
