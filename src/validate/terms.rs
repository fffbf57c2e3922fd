//! Checks that every cadre a disclosure names was in office then (任期, `from` / `until` in
//! `village.yaml`): the handler and approvers of an entry on its date, the owner of a work item
//! or goal during its quarter, the handler of a request on the day it was received (or, for an
//! update, during the quarter that writes it).
//!
//! A name that is no cadre at all is reported by `People::check_cadre`; this only looks at
//! cadres. Like unknown names, one cadre named after leaving is reported once per file, at its
//! first use, with the other lines listed: a wrong `until` must not flood the report.

use super::{Cx, People};
use crate::calc::ledger::{QuarterLedger, Role};
use crate::model::{Cadre, FileId, PeriodId, Village};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// When a name had to be in office.
#[derive(Clone, Copy)]
enum When {
    /// On this day.
    Day(NaiveDate),
    /// On some day of this quarter.
    Quarter(PeriodId),
}

/// One use of a cadre's name outside the cadre's term.
struct Use {
    path: String,
    /// What the name was there: 经手人, 审批人 …
    what: &'static str,
    when: When,
}

/// Uses outside the term by file and name.
type Uses = BTreeMap<(FileId, String), Vec<Use>>;

/// Checks every dated use of a cadre's name in the village's periods.
pub(super) fn village(cx: &mut Cx, v: &Village, ledgers: &[QuarterLedger]) {
    let people = People::of(v);
    let mut uses: Uses = BTreeMap::new();
    let mut at = |file: FileId, path: String, name: &str, what: &'static str, when: When| {
        // An impossible term (leaving before arriving) is reported in `village.yaml` alone.
        let Some(c) = people.cadre(v, name).filter(|c| possible(c)) else {
            return;
        };
        let fine = match when {
            When::Day(d) => c.serves_on(d),
            When::Quarter(q) => c.serves_during(q.start(), q.end()),
        };
        if !fine {
            uses.entry((file, c.name.clone()))
                .or_default()
                .push(Use { path, what, when });
        }
    };
    for (p, ledger) in v.periods.iter().zip(ledgers) {
        let quarter = When::Quarter(p.id);
        if let Some(a) = &p.accounts {
            for e in a.income.iter().chain(&a.expenses) {
                let day = When::Day(e.date);
                at(a.file, e.field("handler"), &e.handler, "经手人", day);
                for (i, name) in e.approvers.iter().enumerate() {
                    let path = format!("{}[{i}]", e.field("approvers"));
                    at(a.file, path, name, "审批人", day);
                }
            }
            for x in &a.pass_through {
                let day = When::Day(x.date);
                at(a.file, x.field("handler"), &x.handler, "经手人", day);
                for (i, name) in x.approvers.iter().enumerate() {
                    let path = format!("{}[{i}]", x.field("approvers"));
                    at(a.file, path, name, "审批人", day);
                }
            }
            for t in &a.transfers {
                at(
                    a.file,
                    t.field("handler"),
                    &t.handler,
                    "经手人",
                    When::Day(t.date),
                );
            }
        }
        if let Some(perf) = &p.performance {
            for w in &perf.work {
                at(perf.file, w.field("owner"), &w.owner, "责任人", quarter);
            }
            for g in &perf.goals {
                at(perf.file, g.field("owner"), &g.owner, "责任人", quarter);
            }
            for (r, role) in perf.requests.iter().zip(&ledger.roles) {
                let when = match (role, r.date) {
                    (Role::New { .. }, Some(d)) if p.id.contains(d) => When::Day(d),
                    (Role::New { .. } | Role::Update { .. }, _) => quarter,
                    (Role::Rejected, _) => continue,
                };
                if !r.handler.trim().is_empty() {
                    at(perf.file, r.field("handler"), &r.handler, "经办干部", when);
                }
            }
        }
    }
    report(cx, v, uses);
}

/// Reports each name once per file, at its first use, with the other lines listed.
fn report(cx: &mut Cx, v: &Village, uses: Uses) {
    for ((file, name), list) in uses {
        let Some(first) = list.iter().min_by_key(|u| cx.line_of(file, &u.path)) else {
            continue;
        };
        let Some(c) = v.info.cadres.iter().find(|c| c.name == name) else {
            continue;
        };
        let first_line = cx.line_of(file, &first.path);
        let mut lines: Vec<usize> = list.iter().map(|u| cx.line_of(file, &u.path)).collect();
        lines.sort_unstable();
        lines.dedup();
        lines.retain(|l| *l != first_line);
        let more = if lines.is_empty() {
            String::new()
        } else {
            let shown: Vec<String> = lines.iter().take(12).map(|l| l.to_string()).collect();
            let tail = if lines.len() > 12 { "…" } else { "" };
            format!(
                "(本文件另有 {} 处: 第 {}{tail} 行)",
                lines.len(),
                shown.join("、")
            )
        };
        let (when, day) = match first.when {
            When::Day(d) => (format!("在 {d} "), d),
            When::Quarter(q) => (format!("在{}", q.label()), q.start()),
        };
        let msg = format!(
            "{}「{name}」{when}不在任({}){more}",
            first.what,
            term_phrase(c, day)
        );
        cx.error(file, &first.path, msg, Some(hint(v, c, first.when)));
    }
}

/// Whether the term can be: not leaving before arriving.
pub(super) fn possible(c: &Cadre) -> bool {
    c.from.zip(c.until).is_none_or(|(f, u)| f <= u)
}

/// Why `c` was not in office around `day`: `2025-11-14 已离任` or `2025-11-17 才到任`.
pub(super) fn term_phrase(c: &Cadre, day: NaiveDate) -> String {
    match (c.from, c.until) {
        (Some(f), _) if f > day => format!("{f} 才到任"),
        (_, Some(u)) => format!("{u} 已离任"),
        (Some(f), None) => format!("{f} 才到任"),
        (None, None) => "一直在任".to_string(),
    }
}

/// Who to write instead: the successor when they were in office then.
fn hint(v: &Village, c: &Cadre, when: When) -> String {
    let successor = v
        .info
        .cadres
        .iter()
        .find(|s| !c.successor.trim().is_empty() && s.name == c.successor.trim())
        .filter(|s| match when {
            When::Day(d) => s.serves_on(d),
            When::Quarter(q) => s.serves_during(q.start(), q.end()),
        });
    let fix = format!(
        "如果任期写错了,改 village.yaml 里「{}」的 from / until",
        c.name
    );
    match successor {
        Some(s) => format!("那时在任的是接任的「{}」;{fix}", s.name),
        None => format!("写那时在任的干部;{fix}"),
    }
}
