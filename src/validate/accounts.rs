//! Checks on a period's accounts: the books balance per cash box and bank account, every entry
//! uses a real account from the chart, vouchers are unique, dates fall in the period, people and
//! funds exist, and the common local rules (cash limit, signatures, banned spending, posting
//! time) are kept.

use super::{Cx, People};
use crate::calc::flows::fund_flows;
use crate::model::{account_chart, AccountsFile, Entry, FundKind, Located, SiteFile};
use crate::model::{Period, Village};
use crate::money::{Money, SUM_LIMIT};
use std::collections::HashMap;

pub(super) fn period(
    cx: &mut Cx,
    site: &SiteFile,
    v: &Village,
    p: &Period,
    previous: Option<&Period>,
) {
    let Some(acc) = &p.accounts else {
        // A present but unreadable file was reported by the loader.
        if !p.present.iter().any(|f| f == "accounts.yaml") {
            if let Some(&file) = p.files.first() {
                cx.error(
                    file,
                    "",
                    format!("{}缺少 accounts.yaml(晒账单)", p.id.label()),
                    Some("每季度都要公开收支;没有收支也要写期初、期末余额".into()),
                );
            }
        }
        return;
    };
    let f = acc.file;
    let people = People::of(v);
    let funds: Vec<&str> = v.info.funds.iter().map(|x| x.name.as_str()).collect();
    let volume: Money = acc
        .income
        .iter()
        .chain(&acc.expenses)
        .map(|e| e.amount)
        .chain(acc.transfers.iter().map(|t| t.amount))
        .chain(acc.opening.values().copied())
        .chain(acc.closing.values().copied())
        .map(|m| Money::from_fen(m.fen().saturating_abs()))
        .sum();
    if volume > SUM_LIMIT {
        cx.error(
            f,
            "",
            format!(
                "这个文件里的金额加起来超过了 {},不可能是一个村一个季度的账",
                SUM_LIMIT.yuan()
            ),
            Some("检查是不是多写了几个 0,或把凭证号、账号写进了金额".into()),
        );
        return;
    }
    // Funds that exist during this period: only they need balances.
    let open_funds: Vec<&str> = v
        .info
        .funds
        .iter()
        .filter(|x| x.open_during(p.id.start(), p.id.end()))
        .map(|x| x.name.as_str())
        .collect();
    let opened_inside: Vec<&str> = v
        .info
        .funds
        .iter()
        .filter(|x| {
            x.opened
                .is_some_and(|o| o > p.id.start() && o <= p.id.end())
        })
        .map(|x| x.name.as_str())
        .collect();
    let fund_hint = Some(format!(
        "本村账户有: {};名字要和 village.yaml 的 funds 一致",
        funds.join("、")
    ));

    for (key, map) in [("opening", &acc.opening), ("closing", &acc.closing)] {
        // A section that is missing or unreadable was reported as a whole already.
        if acc.incomplete && map.is_empty() {
            continue;
        }
        for name in map.keys() {
            if !funds.contains(&name.as_str()) {
                cx.error(
                    f,
                    &format!("{key}.{name}"),
                    format!("账户「{name}」不在 village.yaml 的 funds 里"),
                    fund_hint.clone(),
                );
            }
        }
        for name in &open_funds {
            // A fund opened during the quarter starts it at zero.
            if key == "opening" && opened_inside.contains(name) {
                continue;
            }
            if !map.contains_key(*name) {
                // Suggest the figure the books imply: the previous closing for an opening
                // balance, this period's computed balance for a closing one.
                let (what, suggested) = if key == "opening" {
                    let prev = previous
                        .and_then(|q| q.accounts.as_ref())
                        .and_then(|a| a.closing.get(*name).copied());
                    // Without a previous quarter: closing minus this quarter's net flow.
                    let from_closing = || {
                        let flow = fund_flows(&v.info.funds, acc, p.id)
                            .into_iter()
                            .find(|x| x.name == *name)?;
                        flow.stated.map(|c| c - (flow.computed - flow.opening))
                    };
                    ("期初余额", prev.or_else(from_closing).unwrap_or_default())
                } else {
                    let flow = fund_flows(&v.info.funds, acc, p.id)
                        .into_iter()
                        .find(|x| x.name == *name);
                    ("期末余额", flow.map(|x| x.computed).unwrap_or_default())
                };
                cx.error(
                    f,
                    key,
                    format!("缺少账户「{name}」的{what}"),
                    Some(format!(
                        "加一行 `{name}: {}`(按账目算出的数,请与账本核对)",
                        suggested.grouped().replace(',', "")
                    )),
                );
            }
        }
    }

    // Voucher → (the item it belongs to, the path of the entry that wrote it).
    let mut vouchers: HashMap<&str, (&str, &str)> = HashMap::new();
    for (list, accounts, other, kind) in [
        (
            &acc.income,
            account_chart::INCOME_ACCOUNTS,
            account_chart::EXPENSE_ACCOUNTS,
            "收入",
        ),
        (
            &acc.expenses,
            account_chart::EXPENSE_ACCOUNTS,
            account_chart::INCOME_ACCOUNTS,
            "支出",
        ),
    ] {
        for e in list {
            entry(
                cx, site, v, p, &people, &funds, &fund_hint, e, accounts, other, kind,
            );
            // The lines of one voucher (`lines:`) share its number.
            let item = e.path.split(".lines[").next().unwrap_or(&e.path);
            if let Some((first_item, first)) =
                vouchers.insert(e.voucher.trim(), (item, e.path.as_str()))
            {
                if first_item != item {
                    let first = crate::model::field_of(first, "voucher");
                    cx.error(
                        f,
                        &e.field("voucher"),
                        format!("凭证号「{}」重复", e.voucher),
                        Some(format!(
                            "第 {} 行已用过这个凭证号;每笔收支的凭证号要不同。一张凭证分几个账户或科目的,写成一笔并用 lines: 列出各行",
                            cx.line_of(f, &first)
                        )),
                    );
                }
            }
        }
    }

    for t in &acc.transfers {
        for (key, name) in [("from", &t.from), ("to", &t.to)] {
            if !funds.contains(&name.as_str()) {
                cx.error(
                    f,
                    &t.field(key),
                    format!("账户「{name}」不在 village.yaml 的 funds 里"),
                    fund_hint.clone(),
                );
            }
        }
        if t.from == t.to {
            cx.error(
                f,
                &t.field("to"),
                "转出和转入是同一个账户",
                Some("from 写钱从哪个账户出,to 写钱进哪个账户".into()),
            );
        }
        if t.amount.fen() <= 0 {
            cx.error(
                f,
                &t.field("amount"),
                format!("金额要大于零,写的是 {}", t.amount),
                None,
            );
        }
        if !p.id.contains(t.date) {
            cx.error(
                f,
                &t.field("date"),
                format!("日期 {} 不在{}内", t.date, p.id.label()),
                None,
            );
        }
        people.check_cadre(cx, v, f, &|| t.field("handler"), &t.handler, "经手人");
        if let Some((_, first)) = vouchers.insert(t.voucher.trim(), (&t.path, &t.path)) {
            let first = crate::model::field_of(first, "voucher");
            cx.error(
                f,
                &t.field("voucher"),
                format!("凭证号「{}」重复", t.voucher),
                Some(format!("第 {} 行已用过这个凭证号", cx.line_of(f, &first))),
            );
        }
    }

    super::entries::reversals(cx, v, p, acc);
    super::entries::gaps_and_duplicates(cx, acc);
    super::holdings::fund_windows(cx, v, p, acc);
    super::holdings::pass_through(cx, v, p, acc);
    super::holdings::holdings(cx, acc);
    if !acc.incomplete {
        balances(cx, site, v, p, acc);
    }
    continuity(cx, v, p, previous, acc);
    review(cx, site, v, p, acc);
}

#[allow(clippy::too_many_arguments)]
fn entry(
    cx: &mut Cx,
    site: &SiteFile,
    v: &Village,
    p: &Period,
    people: &People,
    funds: &[&str],
    fund_hint: &Option<String>,
    e: &Located<Entry>,
    accounts: &[&str],
    other: &[&str],
    kind: &str,
) {
    let f = e.file;
    if !accounts.contains(&e.account.as_str()) {
        let home = account_chart::home_of(&e.account).filter(|h| accounts.contains(h));
        let hint = if let Some(home) = home {
            format!(
                "「{}」是明细,请写 account: {home} 和 item: {}",
                e.account, e.account
            )
        } else if other.contains(&e.account.as_str()) {
            let (here, there) = if kind == "收入" {
                ("income", "expenses")
            } else {
                ("expenses", "income")
            };
            format!(
                "「{}」不是{kind}科目;这笔应写在 `{there}` 下,不是 `{here}` 下",
                e.account
            )
        } else {
            format!("{kind}科目只能写: {}", accounts.join("、"))
        };
        cx.error(
            f,
            &e.field("account"),
            format!("不认识的会计科目「{}」", e.account),
            Some(hint),
        );
    }
    // Negative amounts are reversals: see `entries::reversals`.
    if e.amount.is_zero() {
        cx.error(
            f,
            &e.field("amount"),
            "金额不能是 0",
            Some("没有发生的收支不用写".into()),
        );
    }
    if !p.id.contains(e.date) {
        cx.error(
            f,
            &e.field("date"),
            format!(
                "日期 {} 不在{}({} 至 {})内",
                e.date,
                p.id.label(),
                p.id.start(),
                p.id.end()
            ),
            Some("检查年份和月份;别的季度的收支写到那个季度的文件夹".into()),
        );
    }
    if !funds.contains(&e.via.as_str()) {
        cx.error(
            f,
            &e.field("via"),
            format!("账户「{}」不在 village.yaml 的 funds 里", e.via),
            fund_hint.clone(),
        );
    }
    people.check_cadre(cx, v, f, &|| e.field("handler"), &e.handler, "经手人");
    for (i, a) in e.approvers.iter().enumerate() {
        people.check_cadre(
            cx,
            v,
            f,
            &|| format!("{}[{i}]", e.field("approvers")),
            a,
            "审批人",
        );
    }
    if e.voucher.trim().is_empty() {
        cx.error(f, &e.field("voucher"), "凭证号不能为空", None);
    }
    if e.summary.trim().is_empty() {
        cx.error(
            f,
            &e.field("summary"),
            "摘要不能为空",
            Some("写清这笔钱是什么事".into()),
        );
    }
    if account_chart::CATCH_ALL_ACCOUNTS.contains(&e.account.as_str()) && e.item.trim().is_empty() {
        cx.warn(
            f,
            &e.field("item"),
            format!("「{}」要写明细 item", e.account),
            Some("不要把具体事项藏在「其他」里,写明如 五保户供养、困难补助及慰问".into()),
        );
    }
    let rules = &site.rules;
    let by_the_bank = rules
        .no_signature_words
        .iter()
        .any(|w| !w.is_empty() && (e.summary.contains(w.as_str()) || e.item.contains(w.as_str())));
    if e.amount >= rules.large_amount && e.approvers.len() < rules.large_signatures && !by_the_bank
    {
        cx.warn(
            f,
            &e.field("approvers"),
            format!(
                "{} 及以上的收支要 {} 名干部签字,这笔 {} 只有 {} 名审批人",
                rules.large_amount,
                rules.large_signatures,
                e.amount,
                e.approvers.len()
            ),
            Some("补齐审批签字,并经村务监督委员会审核".into()),
        );
    }
    let text = format!("{} {} {}", e.item, e.summary, e.account);
    if let Some(w) = rules
        .banned_words
        .iter()
        .find(|w| !w.is_empty() && text.contains(w.as_str()))
    {
        cx.warn(
            f,
            &e.field("summary"),
            format!("这笔涉及「{w}」,村级不得列支招待类费用"),
            Some("核实用途;确属违规的要退回".into()),
        );
    }
}

/// Per fund: opening + income − expense must equal the stated closing balance.
fn balances(cx: &mut Cx, site: &SiteFile, v: &Village, p: &Period, acc: &AccountsFile) {
    let f = acc.file;
    // Sums cannot be trusted where a problem was already reported: a fund without an opening
    // balance, or any transfer naming a fund the village does not have (the money went to or
    // came from somewhere unknown, so every fund's balance is in doubt until it is fixed).
    let known = |n: &str| v.info.funds.iter().any(|x| x.name == n);
    if acc
        .transfers
        .iter()
        .any(|t| !known(&t.from) || !known(&t.to))
    {
        return;
    }
    for flow in fund_flows(&v.info.funds, acc, p.id) {
        if !acc.opening.contains_key(&flow.name) {
            continue;
        }
        if let Some(diff) = flow.difference() {
            if !diff.is_zero() {
                let mut moved = if flow.transfers_in.is_zero() && flow.transfers_out.is_zero() {
                    String::new()
                } else {
                    format!(
                        " + 转入 {} − 转出 {}",
                        flow.transfers_in, flow.transfers_out
                    )
                };
                if flow.has_pass_through {
                    moved.push_str(&format!(
                        " + 代收 {} − 代付 {}",
                        flow.pass_in, flow.pass_out
                    ));
                }
                cx.error(
                    f,
                    &format!("closing.{}", flow.name),
                    format!(
                        "账户「{}」对不上:期初 {} + 收入 {} − 支出 {}{} = {},但期末写的是 {},相差 {}",
                        flow.name,
                        flow.opening,
                        flow.income,
                        flow.expense,
                        moved,
                        flow.computed,
                        flow.stated.unwrap_or_default(),
                        diff
                    ),
                    Some(suspect(cx, acc, &flow.name, diff).unwrap_or_else(|| {
                        "逐笔核对这个账户的收支金额和 via,或核对银行对账单上的期末余额".into()
                    })),
                );
            }
        }
        if flow.kind == FundKind::Cash
            && flow.stated.unwrap_or(flow.computed) > site.rules.cash_limit
        {
            cx.warn(
                f,
                &format!("closing.{}", flow.name),
                format!(
                    "库存现金 {} 超过限额 {}",
                    flow.stated.unwrap_or(flow.computed),
                    site.rules.cash_limit
                ),
                Some("超出部分要及时存入银行,不得白条抵库".into()),
            );
        }
    }
}

/// When one entry through `fund` explains the difference exactly, name it: an amount equal
/// to the difference was written twice, left out or put on another fund; twice the amount,
/// written on the wrong side.
fn suspect(cx: &Cx, acc: &AccountsFile, fund: &str, diff: Money) -> Option<String> {
    let gap = Money::from_fen(diff.fen().saturating_abs());
    let lines = acc
        .income
        .iter()
        .map(|e| (e, "收入"))
        .chain(acc.expenses.iter().map(|e| (e, "支出")))
        .filter(|(e, _)| e.via == fund);
    let mut equal = Vec::new();
    let mut double = Vec::new();
    for (e, side) in lines {
        let line = cx.line_of(acc.file, &e.field("amount"));
        if e.amount == gap {
            equal.push(format!("第 {line} 行{side} {} {}", e.voucher, e.amount));
        } else if e.amount + e.amount == gap {
            double.push(format!("第 {line} 行{side} {} {}", e.voucher, e.amount));
        }
    }
    match (equal.as_slice(), double.as_slice()) {
        ([one], _) => Some(format!(
            "相差的数正好等于{one}:这笔是不是重复记了、漏记了,或者 via 写错了账户"
        )),
        ([], [one]) => Some(format!(
            "相差的数正好是{one}的两倍:这笔是不是写反了收入和支出"
        )),
        _ => None,
    }
}

/// A period must open where the previous quarter closed.
/// Whether fund `name` balanced in period `q` (its stated closing is the computed one).
fn previous_balances(v: &Village, q: &Period, name: &str) -> bool {
    let Some(a) = &q.accounts else { return true };
    fund_flows(&v.info.funds, a, q.id)
        .iter()
        .find(|f| f.name == name)
        .is_none_or(|f| f.difference().is_none_or(|d| d.is_zero()))
}

fn continuity(cx: &mut Cx, v: &Village, p: &Period, previous: Option<&Period>, acc: &AccountsFile) {
    let Some(prev) = previous else { return };
    let Some(prev_acc) = &prev.accounts else {
        return;
    };
    let consecutive =
        (prev.id.year * 4 + prev.id.quarter as i32 + 1) == (p.id.year * 4 + p.id.quarter as i32);
    if !consecutive {
        return;
    }
    for (name, opening) in &acc.opening {
        if let Some(closing) = prev_acc.closing.get(name) {
            if closing != opening {
                cx.error(
                    acc.file,
                    &format!("opening.{name}"),
                    format!(
                        "账户「{name}」的期初余额 {opening} 和上期({})期末余额 {closing} 不一致,相差 {}",
                        prev.id.label(),
                        *opening - *closing
                    ),
                    Some(if previous_balances(v, prev, name) {
                        "本期期初要照抄上期期末".into()
                    } else {
                        format!("上期({})这个账户本身就对不上,先改好上期,再照抄它的期末", prev.id.label())
                    }),
                );
            }
        }
    }
}

/// The longest a notice may be said to stay on the board (ten years).
pub(super) const MAX_DAYS_ON_BOARD: u32 = 3660;

fn review(cx: &mut Cx, site: &SiteFile, v: &Village, p: &Period, acc: &AccountsFile) {
    let f = acc.file;
    let Some(r) = &acc.review else { return };
    let people = People::of(v);
    if r.reviewed_by.is_empty() {
        cx.error(
            f,
            "review.reviewed_by",
            "没有写审核人",
            Some("由村务监督委员会 / 民主理财小组成员审核签字".into()),
        );
    }
    for (i, name) in r.reviewed_by.iter().enumerate() {
        if !people.supervisors.contains_key(name.as_str()) {
            let names: Vec<&str> = v.info.supervisors.iter().map(|s| s.name.as_str()).collect();
            cx.error(
                f,
                &format!("review.reviewed_by[{i}]"),
                format!("审核人「{name}」不是本村监督委员会 / 民主理财小组成员"),
                Some(format!("本村监督成员有: {}", names.join("、"))),
            );
        }
    }
    if r.posted_on < r.reviewed_on {
        cx.error(
            f,
            "review.posted_on",
            format!("公开日期 {} 早于审核日期 {}", r.posted_on, r.reviewed_on),
            Some("先审核,后公开".into()),
        );
    }
    if r.days > MAX_DAYS_ON_BOARD {
        cx.error(
            f,
            "review.days",
            format!("公开期限 {} 天太长(最多 {MAX_DAYS_ON_BOARD} 天)", r.days),
            Some("写张贴的天数,一般 10 到 30 天".into()),
        );
    }
    // An absurd rule is reported with site.yaml; no date is computed from it.
    let deadline =
        p.id.end()
            .checked_add_days(chrono::Days::new(u64::from(site.rules.post_within_days)));
    if let Some(deadline) = deadline.filter(|d| r.posted_on > *d) {
        cx.warn(
            f,
            "review.posted_on",
            format!(
                "公开日期 {} 晚于规定的 {}(季度结束后 {} 天内)",
                r.posted_on, deadline, site.rules.post_within_days
            ),
            None,
        );
    }
    if r.days < site.rules.min_days_on_board {
        cx.warn(
            f,
            "review.days",
            format!(
                "公开期限 {} 天少于规定的 {} 天",
                r.days, site.rules.min_days_on_board
            ),
            None,
        );
    }
}
