//! Entries as the accountant may write them, turned into one entry per line of money.
//!
//! A voucher paid from two funds, or booked to two accounts, is written once with `lines:`;
//! each line becomes an entry of its own (same date, voucher, handler and approvers, its own
//! amount, account and fund), marked as part *i* of *n*, so every sum, check and page counts
//! each line where it belongs without inventing voucher numbers. An entry without lines must
//! say its account, amount and fund itself.

use super::read::Doc;
use crate::model::{Entry, Located};

pub fn expand(list: Vec<Located<Entry>>, doc: &mut Doc) -> Vec<Located<Entry>> {
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        if item.lines.is_empty() {
            let mut missing = Vec::new();
            if item.account.trim().is_empty() {
                missing.push("account");
            }
            if item.via.trim().is_empty() {
                missing.push("via");
            }
            if item.amount.is_zero() && !has_key(doc, &item.path, "amount") {
                missing.push("amount");
            }
            if !missing.is_empty() {
                let pos = doc.pos_of_path(&item.path);
                doc.error_at(
                    pos,
                    format!("`{}`: 缺少必填项 `{}`", item.path, missing.join("`、`")),
                    Some(format!(
                        "在这一项里加上 `{}: …`;一张凭证分几个账户或科目时,改写成 lines: 列表(见 docs/format.md)",
                        missing[0]
                    )),
                );
                continue;
            }
            out.push(item);
            continue;
        }
        let n = item.lines.len();
        for (i, line) in item.lines.iter().enumerate() {
            let mut e = item.value.clone();
            e.lines = Vec::new();
            e.part = Some((i + 1, n));
            e.amount = line.amount;
            if !line.account.trim().is_empty() {
                e.account = line.account.clone();
            }
            if !line.item.trim().is_empty() {
                e.item = line.item.clone();
            }
            if !line.summary.trim().is_empty() {
                e.summary = line.summary.clone();
            }
            if !line.via.trim().is_empty() {
                e.via = line.via.clone();
            }
            let path = format!("{}.lines[{i}]", item.path);
            let mut missing = Vec::new();
            if e.account.trim().is_empty() {
                missing.push("account");
            }
            if e.via.trim().is_empty() {
                missing.push("via");
            }
            if !missing.is_empty() {
                let pos = doc.pos_of_path(&path);
                doc.error_at(
                    pos,
                    format!("`{path}`: 缺少 `{}`", missing.join("`、`")),
                    Some("写在这一行里,或写在这张凭证上(各行共用)".into()),
                );
                continue;
            }
            out.push(Located {
                file: item.file,
                path,
                value: e,
            });
        }
    }
    out
}

/// Whether the item at `path` wrote `key` (an amount of 0 written is not a missing one).
fn has_key(doc: &Doc, path: &str, key: &str) -> bool {
    doc.pos_of_path(&format!("{path}.{key}")) != doc.pos_of_path(path)
}
