//! Checks on what the village holds and passes on: funds used only while open and empty when
//! closed, money passed through for others (代收代付) that adds up, 三资 that cannot be
//! negative, and land compensation whose shares add up to its total.

use super::{Cx, People};
use crate::calc::flows::{fund_flows, held_before};
use crate::model::{AccountsFile, PassDirection, Period, Village};
use crate::money::Money;
use std::collections::BTreeMap;

/// Every entry, transfer and pass-through line uses a fund only while it is open; a fund
/// closed during the period ends it with nothing in it.
pub(super) fn fund_windows(cx: &mut Cx, v: &Village, p: &Period, acc: &AccountsFile) {
    let f = acc.file;
    let uses = acc
        .income
        .iter()
        .chain(&acc.expenses)
        .map(|e| (e.date, e.via.as_str(), e.field("via")))
        .chain(acc.transfers.iter().flat_map(|t| {
            [
                (t.date, t.from.as_str(), t.field("from")),
                (t.date, t.to.as_str(), t.field("to")),
            ]
        }))
        .chain(
            acc.pass_through
                .iter()
                .map(|x| (x.date, x.via.as_str(), x.field("via"))),
        );
    for (date, name, path) in uses {
        let Some(fund) = v.info.funds.iter().find(|x| x.name == name) else {
            continue; // an unknown fund is reported with the entry
        };
        if let Some(opened) = fund.opened.filter(|o| date < *o) {
            cx.error(
                f,
                &path,
                format!("账户「{name}」{opened} 才开户,{date} 这笔不能走这个账户"),
                Some("检查日期和 via;开户日期写在 village.yaml 的 funds 里".into()),
            );
        }
        if let Some(closed) = fund.closed.filter(|c| date > *c) {
            cx.error(
                f,
                &path,
                format!("账户「{name}」{closed} 已销户,{date} 这笔不能走这个账户"),
                Some("检查日期和 via;销户日期写在 village.yaml 的 funds 里".into()),
            );
        }
    }
    for fund in &v.info.funds {
        let Some(closed) = fund.closed.filter(|c| p.id.contains(*c)) else {
            continue;
        };
        let flow = fund_flows(&v.info.funds, acc, p.id)
            .into_iter()
            .find(|x| x.name == fund.name);
        if let Some(flow) = flow.filter(|x| !x.closing.is_zero()) {
            cx.error(
                f,
                &format!("closing.{}", fund.name),
                format!(
                    "账户「{}」{closed} 销户,期末余额应为 0,这里是 {}",
                    fund.name, flow.closing
                ),
                Some("销户前把余额转到别的账户(写一笔 transfers),或核对销户日期".into()),
            );
        }
    }
    for (key, map) in [("opening", &acc.opening), ("closing", &acc.closing)] {
        for name in map.keys() {
            let Some(fund) = v.info.funds.iter().find(|x| &x.name == name) else {
                continue;
            };
            if !fund.open_during(p.id.start(), p.id.end()) && !map[name].is_zero() {
                cx.error(
                    f,
                    &format!("{key}.{name}"),
                    format!(
                        "账户「{name}」在{}还没开户或已经销户,不能有余额",
                        p.id.label()
                    ),
                    Some("删掉这一行;开户、销户日期写在 village.yaml 的 funds 里".into()),
                );
            }
        }
    }
}

/// 代收代付 lines: a known fund, a positive amount, a date in the period, a cadre handling it,
/// and never more paid on for a matter than was received for it (this period and before).
pub(super) fn pass_through(cx: &mut Cx, v: &Village, p: &Period, acc: &AccountsFile) {
    let f = acc.file;
    let people = People::of(v);
    let held_before = held_before(v, p.id);
    let mut held: BTreeMap<&str, Money> = BTreeMap::new();
    let mut lines: Vec<_> = acc.pass_through.iter().collect();
    lines.sort_by_key(|x| (x.date, x.kind == PassDirection::PaidOn));
    for x in lines {
        if x.amount.fen() <= 0 {
            cx.error(
                f,
                &x.field("amount"),
                format!("金额要大于零,写的是 {}", x.amount),
                Some("代收写 kind: 代收,付出去写 kind: 代付,金额都写正数".into()),
            );
        }
        if !p.id.contains(x.date) {
            cx.error(
                f,
                &x.field("date"),
                format!("日期 {} 不在{}内", x.date, p.id.label()),
                None,
            );
        }
        if !v.info.funds.iter().any(|fund| fund.name == x.via) {
            cx.error(
                f,
                &x.field("via"),
                format!("账户「{}」不在 village.yaml 的 funds 里", x.via),
                None,
            );
        }
        if x.matter.trim().is_empty() {
            cx.error(f, &x.field("matter"), "要写是哪一项代收代付(matter)", None);
        }
        people.check_cadre(cx, v, f, &|| x.field("handler"), &x.handler, "经手人");
        let now = held.entry(x.matter.as_str()).or_insert_with(|| {
            held_before
                .get(x.matter.as_str())
                .copied()
                .unwrap_or_default()
        });
        match x.kind {
            PassDirection::Received => *now += x.amount,
            PassDirection::PaidOn => {
                *now -= x.amount;
                if now.fen() < 0 {
                    cx.error(
                        f,
                        &x.field("amount"),
                        format!(
                            "「{}」付出去的比收到的多 {}",
                            x.matter,
                            Money::from_fen(-now.fen())
                        ),
                        Some("代付只能付已经代收到的钱;核对金额,或先记上代收的那笔".into()),
                    );
                }
            }
        }
    }
}

/// 三资 that cannot be negative, depreciation within cost, land compensation that adds up.
pub(super) fn holdings(cx: &mut Cx, acc: &AccountsFile) {
    let f = acc.file;
    let a = &acc.assets;
    for (key, list, what) in [
        ("receivables", &a.receivables, "应收款"),
        ("payables", &a.payables, "应付款"),
    ] {
        for (i, c) in list.iter().enumerate() {
            if c.amount.fen() < 0 {
                cx.error(
                    f,
                    &format!("assets.{key}[{i}].amount"),
                    format!("{what}不能是负数,写的是 {}", c.amount),
                    Some(
                        "已经收回或还清的就删掉这一行;对方欠村里的写应收款,村里欠对方的写应付款"
                            .into(),
                    ),
                );
            }
        }
    }
    for (i, x) in a.fixed.iter().enumerate() {
        if x.cost.fen() < 0 || x.depreciation.fen() < 0 {
            cx.error(
                f,
                &format!("assets.fixed[{i}]"),
                format!("「{}」的原值和累计折旧不能是负数", x.name),
                None,
            );
        }
        if x.depreciation > x.cost {
            cx.error(
                f,
                &format!("assets.fixed[{i}].depreciation"),
                format!(
                    "「{}」的累计折旧 {} 超过了原值 {}",
                    x.name, x.depreciation, x.cost
                ),
                Some("累计折旧最多等于原值(提足折旧)".into()),
            );
        }
    }
    for (i, x) in acc.special.land_compensation.iter().enumerate() {
        let shares = x.collective + x.households;
        if shares != x.total {
            cx.error(
                f,
                &format!("special.land_compensation[{i}].total"),
                format!(
                    "「{}」补偿总额 {} 不等于留集体 {} + 分配到户 {} = {},相差 {}",
                    x.project,
                    x.total,
                    x.collective,
                    x.households,
                    shares,
                    x.total - shares
                ),
                Some("核对征地补偿分配方案:总额 = 留集体部分 + 分配到户部分".into()),
            );
        }
        let paid: Money = acc
            .pass_through
            .iter()
            .filter(|t| t.matter == x.project && t.kind == PassDirection::PaidOn)
            .map(|t| t.amount)
            .sum();
        if paid > x.households {
            cx.error(
                f,
                &format!("special.land_compensation[{i}].households"),
                format!(
                    "「{}」本期代付给农户 {},超过了分配到户的 {}",
                    x.project, paid, x.households
                ),
                Some("核对代付明细(pass_through 里 matter 为这个项目的代付)".into()),
            );
        }
    }
}
