//! Checks on the contact system: schedules that can be held (someone on a rota, replacements
//! of real holidays), the grid's members linked to at least the minimum of households, and
//! the visit log of each quarter (dated inside the quarter, in a known 村民小组, by someone of
//! that group's grid, 三必访 with their reason, requests that exist, and each request the
//! 民情台账 says came from a visit produced by one).

use super::{Cx, People};
use crate::calc::ledger::QuarterLedger;
use crate::calc::schedule;
use crate::model::{Member, RequestSource, SiteFile as Site, Village, VisitKind};
use std::collections::{BTreeMap, BTreeSet};

/// The fewest households a contact Party member looks after (seed: 每名党员联系5户群众以上).
pub const MIN_HOUSEHOLDS: usize = 5;

pub(super) fn village(cx: &mut Cx, site: &Site, v: &Village, ledgers: &[QuarterLedger]) {
    schedules(cx, site, v);
    grid(cx, v);
    for (p, ledger) in v.periods.iter().zip(ledgers) {
        visits(cx, v, p, ledger);
    }
}

fn schedules(cx: &mut Cx, site: &Site, v: &Village) {
    let holidays = schedule::holidays(&site.holidays, &v.info.holidays);
    for s in &v.info.schedules {
        if s.rota && s.people.is_empty() {
            cx.error(
                s.file,
                &s.field("people"),
                format!("「{}」写了 rota: true(轮流值班),但没有写值班的人", s.name),
                Some("在 people 里按轮值顺序写上人名".into()),
            );
        }
        if s.place.trim().is_empty() {
            cx.error(
                s.file,
                &s.field("place"),
                format!("「{}」没有写地点", s.name),
                Some("写上群众来找人的地方,如 村党群服务中心便民服务室".into()),
            );
        }
        for (i, r) in s.replacements.iter().enumerate() {
            let path = s.field(&format!("replacements[{i}]"));
            if !holidays.contains_key(&r.date) {
                cx.warn(
                    s.file,
                    &path,
                    format!("{} 不在节假日名单里,这一天照常办,改期不起作用", r.date),
                    Some("把这一天写进 holidays,或删掉这条改期".into()),
                );
            } else if !schedule::matches(&s.rule, r.date) {
                cx.warn(
                    s.file,
                    &path,
                    format!("{} 不是「{}」按规则该办的日子,改期不起作用", r.date, s.name),
                    Some("date 写规则上原来的那一天,to 写改到的那一天".into()),
                );
            }
            if holidays.contains_key(&r.to) {
                cx.warn(
                    s.file,
                    &path,
                    format!("改到的 {} 也是节假日", r.to),
                    Some("改到一个工作日".into()),
                );
            }
        }
    }
}

fn grid(cx: &mut Cx, v: &Village) {
    let f = v.file;
    let people = People::of(v);
    for (gi, g) in v.info.grid.iter().enumerate() {
        if !g.cadre.trim().is_empty() {
            people.check_cadre(
                cx,
                v,
                f,
                &|| format!("grid[{gi}].cadre"),
                &g.cadre,
                "包户干部",
            );
        }
        let plain = g.members.iter().filter(|m| m.links().is_none()).count();
        if plain > 0 && g.members.iter().all(|m| m.links().is_none()) {
            let per = usize::try_from(g.households).unwrap_or(usize::MAX) / plain;
            if per < MIN_HOUSEHOLDS {
                cx.warn(
                    f,
                    &format!("grid[{gi}].households"),
                    format!(
                        "「{}」{} 户、{plain} 名联户党员,平均每人不到 {MIN_HOUSEHOLDS} 户",
                        g.name, g.households
                    ),
                    Some(format!(
                        "每名党员至少联系 {MIN_HOUSEHOLDS} 户:核对户数,或减少联户党员"
                    )),
                );
            }
        }
        let mut seen: BTreeMap<(String, u32), &str> = BTreeMap::new();
        for (mi, m) in g.members.iter().enumerate() {
            let Member::Full(l) = m else { continue };
            let path = format!("grid[{gi}].members[{mi}]");
            if l.households.len() < MIN_HOUSEHOLDS {
                cx.warn(
                    f,
                    &format!("{path}.households"),
                    format!(
                        "{} 只联系 {} 户,少于每名党员至少 {MIN_HOUSEHOLDS} 户",
                        l.name,
                        l.households.len()
                    ),
                    Some(format!("再给这名党员联系几户,凑足 {MIN_HOUSEHOLDS} 户")),
                );
            }
            if !g.groups.is_empty() && !g.groups.iter().any(|x| x.trim() == l.group.trim()) {
                cx.error(
                    f,
                    &format!("{path}.group"),
                    format!("「{}」不在「{}」的 groups 里", l.group, g.name),
                    Some(format!("写 {} 中的一个", g.groups.join("、"))),
                );
            }
            for &n in &l.households {
                if let Some(other) = seen.insert((l.group.trim().to_string(), n), &l.name) {
                    cx.warn(
                        f,
                        &format!("{path}.households"),
                        format!(
                            "{} {n} 号户已由 {other} 联系,{} 又写了一次",
                            l.group, l.name
                        ),
                        Some("一户只由一名党员联系".into()),
                    );
                }
            }
        }
    }
}

fn visits(cx: &mut Cx, v: &Village, p: &crate::model::Period, ledger: &QuarterLedger) {
    let Some(perf) = &p.performance else { return };
    let known_groups: BTreeSet<&str> = v
        .info
        .grid
        .iter()
        .flat_map(|g| g.groups.iter().map(|x| x.trim()))
        .collect();
    let ids: BTreeSet<&str> = ledger
        .new
        .iter()
        .chain(&ledger.carried)
        .map(|t| t.id.as_str())
        .collect();
    let (start, end) = (p.id.start(), p.id.end());
    for x in &perf.visits {
        let f = x.file;
        if x.date < start || x.date > end {
            cx.error(
                f,
                &x.field("date"),
                format!("走访日期 {} 不在本季度({start} 至 {end})", x.date),
                Some("把这条走访记到它所在季度的 performance.yaml".into()),
            );
        }
        if x.households.is_empty() {
            cx.error(
                f,
                &x.field("households"),
                "没有写走访了哪几户",
                Some("写户号,如 households: [3, 5](只写户号,不写姓名和住址)".into()),
            );
        }
        let group = x.group.trim();
        if !known_groups.is_empty() && !known_groups.contains(group) {
            cx.error(
                f,
                &x.field("group"),
                format!("村民小组「{group}」不在 village.yaml 的任何网格里"),
                Some(format!(
                    "写 {} 中的一个",
                    known_groups.iter().copied().collect::<Vec<_>>().join("、")
                )),
            );
        } else if let Some(g) = v
            .info
            .grid
            .iter()
            .find(|g| g.groups.iter().any(|n| n.trim() == group))
        {
            let by = x.by.trim();
            let in_grid = g.leader.trim() == by
                || g.cadre.trim() == by
                || g.members.iter().any(|m| m.name().trim() == by);
            if !in_grid {
                cx.warn(
                    f,
                    &x.field("by"),
                    format!("{by} 不是「{}」的网格长、包户干部或联户党员", g.name),
                    Some("核对走访人的名字,或在 village.yaml 的网格里补上这名党员".into()),
                );
            }
        }
        match (x.kind, x.case) {
            (VisitKind::MustVisit, None) => cx.error(
                f,
                &x.field("kind"),
                "三必访要写 case:困难、意外或矛盾",
                Some("加一行 case: 困难(或 意外、矛盾)".into()),
            ),
            (k, Some(_)) if k != VisitKind::MustVisit => cx.warn(
                f,
                &x.field("case"),
                format!("{}不用写 case", k.label()),
                Some("case 只写在 kind: 三必访 的走访里".into()),
            ),
            _ => {}
        }
        let r = x.request.trim();
        if !r.is_empty() && !ids.contains(r) {
            cx.error(
                f,
                &x.field("request"),
                format!("民情台账里没有编号为「{r}」的诉求"),
                Some("写本季度登记或从以前季度转入的诉求编号,要一字不差".into()),
            );
        }
    }
    for e in &perf.must_visit {
        if e.date < start || e.date > end {
            cx.error(
                e.file,
                &e.field("date"),
                format!("三必访事件日期 {} 不在本季度", e.date),
                Some("记到它所在季度的 performance.yaml".into()),
            );
        }
        if !known_groups.is_empty() && !known_groups.contains(e.group.trim()) {
            cx.error(
                e.file,
                &e.field("group"),
                format!(
                    "村民小组「{}」不在 village.yaml 的任何网格里",
                    e.group.trim()
                ),
                None,
            );
        }
    }
    if perf.visits.is_empty() {
        return;
    }
    let produced: BTreeSet<&str> = perf.visits.iter().map(|x| x.request.trim()).collect();
    for t in &ledger.new {
        if t.origin.source == Some(RequestSource::HomeVisit) && !produced.contains(t.id.as_str()) {
            cx.warn(
                t.origin.file,
                &t.origin.field("source"),
                format!(
                    "诉求「{}」登记为走访中收集,但走访记录里没有哪次走访写了它",
                    t.id
                ),
                Some(format!("在提出这件事的那次走访里加上 request: {}", t.id)),
            );
        }
    }
}
