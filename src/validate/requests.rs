//! Checks on the request ledger (民情台账) across quarters: a new request has what it needs and
//! is dated inside its quarter, an update names an open request of an earlier quarter and
//! writes only what changed, ids are unique in the village, resolution dates make sense, and a
//! carried request whose handler has left gets a new handler.
//!
//! Which entry is new and which is an update comes from `calc::ledger`, the same reading the
//! pages are made from.

use super::terms::term_phrase;
use super::{Cx, People};
use crate::calc::ledger::{Problem, QuarterLedger, Role};
use crate::model::{Located, Period, PeriodId, Request, RequestStatus, Village};

/// Every request entry of every quarter of `v`, with the ledger read from them.
pub(super) fn village(cx: &mut Cx, v: &Village, ledgers: &[QuarterLedger]) {
    let people = People::of(v);
    for (i, (p, ledger)) in v.periods.iter().zip(ledgers).enumerate() {
        let Some(perf) = &p.performance else {
            continue;
        };
        for (r, role) in perf.requests.iter().zip(&ledger.roles) {
            match role {
                Role::New { .. } => new(cx, v, &people, p, ledger, r, i > 0),
                Role::Update {
                    id,
                    origin,
                    received_in,
                    before,
                    ..
                } => {
                    update(cx, v, &people, r, id, *received_in, *before);
                    resolution(cx, p, r, origin.date.unwrap_or(p.id.start()));
                }
                Role::Rejected => {}
            }
        }
        for problem in &ledger.problems {
            report(cx, p, problem);
        }
        handlers_who_left(cx, v, p, ledger, perf.file);
    }
}

/// A request received in this quarter.
fn new(
    cx: &mut Cx,
    v: &Village,
    people: &People,
    p: &Period,
    ledger: &QuarterLedger,
    r: &Located<Request>,
    has_earlier: bool,
) {
    let f = r.file;
    let missing = [
        ("date", r.date.is_none()),
        ("source", r.source.is_none()),
        ("summary", r.summary.trim().is_empty()),
        ("handler", r.handler.trim().is_empty()),
    ];
    for (key, absent) in missing {
        if absent {
            let hint = if r.id.trim().is_empty() {
                format!("在这一项里加上一行 `{key}: …`(见 docs/format.md)")
            } else {
                format!(
                    "新登记的诉求要写 `{key}`;要更新以前季度还没落实的诉求,id 要和那件诉求的编号一字不差"
                )
            };
            cx.error(
                f,
                &r.path,
                format!("`{}`: 缺少必填项 `{key}`", r.path),
                Some(hint),
            );
        }
    }
    if !r.handler.trim().is_empty() {
        people.check_cadre(cx, v, f, &|| r.field("handler"), &r.handler, "经办干部");
    }
    let Some(date) = r.date else {
        return;
    };
    if date > p.id.end() {
        cx.error(
            f,
            &r.field("date"),
            format!("日期 {date} 在{}结束({})以后", p.id.label(), p.id.end()),
            Some("检查年份和月份;下个季度受理的诉求写到下个季度的文件夹".into()),
        );
    } else if date < p.id.start() && has_earlier {
        let same_day: Vec<_> = ledger.carried.iter().filter(|t| t.date == date).collect();
        let hint = match same_day.as_slice() {
            [t] => format!(
                "这一件像是{}受理的「{}」:它会自动转入本期,只要写 id: {} 和变了的 status、action、resolved_on",
                t.received_in.label(),
                t.origin.summary.trim(),
                t.id
            ),
            _ => "以前季度受理、还没落实的诉求会带着原来的日期自动转入本期;要更新它,只写 id: 那件诉求的编号(印在那个季度的台账上)和变了的 status、action、resolved_on".into(),
        };
        cx.error(
            f,
            &r.field("date"),
            format!(
                "日期 {date} 在{}开始({})以前:以前季度的诉求不用在本期重抄",
                p.id.label(),
                p.id.start()
            ),
            Some(hint),
        );
    } else if date < p.id.start() {
        cx.error(
            f,
            &r.field("date"),
            format!(
                "日期 {date} 不在{}({} 至 {})内",
                p.id.label(),
                p.id.start(),
                p.id.end()
            ),
            Some("检查年份和月份;本季度受理的诉求写本季度里的登记日期".into()),
        );
    }
    resolution(cx, p, r, date);
}

/// An update of a request received in `received_in`, which stood at `before`.
fn update(
    cx: &mut Cx,
    v: &Village,
    people: &People,
    r: &Located<Request>,
    id: &str,
    received_in: PeriodId,
    before: RequestStatus,
) {
    let f = r.file;
    let repeated: Vec<&str> = [
        ("date", r.date.is_some()),
        ("source", r.source.is_some()),
        ("from", !r.from.trim().is_empty()),
        ("summary", !r.summary.trim().is_empty()),
    ]
    .into_iter()
    .filter(|(_, written)| *written)
    .map(|(k, _)| k)
    .collect();
    if let Some(first) = repeated.first() {
        let keys: Vec<String> = repeated.iter().map(|k| format!("`{k}`")).collect();
        cx.error(
            f,
            &r.field(first),
            format!(
                "「{id}」是{}受理的诉求,这一项是它的更新,不用再写 {}",
                received_in.label(),
                keys.join("、")
            ),
            Some(
                "删掉这几行:更新只写 id 和变了的 status、action、resolved_on,换了承办干部时写 handler;原来的内容要改,就改受理那个季度的那一项"
                    .into(),
            ),
        );
    }
    if !r.handler.trim().is_empty() {
        people.check_cadre(cx, v, f, &|| r.field("handler"), &r.handler, "经办干部");
    }
    if r.status < before {
        cx.warn(
            f,
            &r.field("status"),
            format!(
                "「{id}」的进展从「{}」退回到了「{}」",
                before.label(),
                r.status.label()
            ),
            Some("进展只往前走:已受理 → 已办理 → 已回访 → 已落实;写错了就改回来".into()),
        );
    }
}

/// The resolution date of an entry whose request was received on `received`.
fn resolution(cx: &mut Cx, p: &Period, r: &Located<Request>, received: chrono::NaiveDate) {
    let f = r.file;
    match (r.status, r.resolved_on) {
        (RequestStatus::Resolved, None) => cx.error(
            f,
            &r.field("status"),
            "已落实的诉求要写落实日期 resolved_on",
            Some(format!(
                "加一行 resolved_on: 写实际落实的日期(不早于 {received})"
            )),
        ),
        (RequestStatus::Resolved, Some(d)) if d < received => cx.error(
            f,
            &r.field("resolved_on"),
            format!("落实日期 {d} 早于受理日期 {received}"),
            None,
        ),
        (RequestStatus::Resolved, Some(d)) if d > p.id.end() => cx.error(
            f,
            &r.field("resolved_on"),
            format!("落实日期 {d} 在{}结束({})以后", p.id.label(), p.id.end()),
            Some("还没落实的,status 写当前的进展,落实后在那个季度写它的更新".into()),
        ),
        (s, Some(_)) if s != RequestStatus::Resolved => cx.warn(
            f,
            &r.field("resolved_on"),
            format!("状态是「{}」却写了落实日期", s.label()),
            Some("已落实就把 status 改成 已落实;否则删掉 resolved_on".into()),
        ),
        _ => {}
    }
}

/// What the ledger could not make sense of in quarter `p`.
fn report(cx: &mut Cx, p: &Period, problem: &Problem) {
    match problem {
        Problem::DuplicateId {
            entry,
            id,
            first,
            first_in,
        } => {
            let written = !entry.id.trim().is_empty();
            let at = if written {
                entry.field("id")
            } else {
                entry.path.clone()
            };
            let (msg, hint) = if *first_in == p.id {
                let line = cx.line_of(first.file, &first.path);
                let own = if written {
                    String::new()
                } else {
                    "(这件没写 id,程序按季度和顺序给它编了这个号)".to_string()
                };
                (
                    format!("编号「{id}」重复{own}"),
                    format!("第 {line} 行的诉求已用这个编号;一件诉求一个编号,给其中一件换一个"),
                )
            } else {
                (
                    format!(
                        "这件诉求没写 id,程序给的编号「{id}」已是{}「{}」的编号",
                        first_in.label(),
                        first.summary.trim()
                    ),
                    "给这件诉求写一个 id,如 MQ-2025-001".to_string(),
                )
            };
            cx.error(entry.file, &at, msg, Some(hint));
        }
        Problem::UpdateOfResolved {
            entry,
            origin,
            received_in,
            resolved_in,
            resolved_on,
        } => {
            let on = resolved_on.map(|d| format!("于 {d} ")).unwrap_or_default();
            cx.error(
                entry.file,
                &entry.field("id"),
                format!(
                    "「{}」({}受理的「{}」)已在{}{on}落实,不再转入以后的季度,不能再更新",
                    entry.id.trim(),
                    received_in.label(),
                    origin.summary.trim(),
                    resolved_in.label()
                ),
                Some(
                    "同一件事又有新情况,就登记一件新诉求:写 date、source、summary、handler,换一个编号"
                        .into(),
                ),
            );
        }
        Problem::UpdatedTwice { entry, first } => {
            let line = cx.line_of(first.file, &first.path);
            cx.error(
                entry.file,
                &entry.field("id"),
                format!("「{}」在本期更新了两次", entry.id.trim()),
                Some(format!(
                    "第 {line} 行已有它的更新;合成一项,写它在季度末的进展"
                )),
            );
        }
        Problem::UnknownId { entry, open } => {
            let hint = if open.is_empty() {
                "以前的季度没有还没落实的诉求;要登记新诉求,写 date、source、summary、handler".into()
            } else {
                let shown: Vec<&str> = open.iter().take(10).map(String::as_str).collect();
                let tail = if open.len() > 10 { "…" } else { "" };
                format!(
                    "转入本期、还没落实的诉求编号有: {}{tail};要登记新诉求,写 date、source、summary、handler",
                    shown.join("、")
                )
            };
            cx.error(
                entry.file,
                &entry.field("id"),
                format!("编号「{}」在以前各季度的台账里找不到", entry.id.trim()),
                Some(hint),
            );
        }
    }
}

/// A request carried into `p` and not written about there, whose handler left before `p`
/// began: someone else has it now, and the ledger should say who.
fn handlers_who_left(
    cx: &mut Cx,
    v: &Village,
    p: &Period,
    ledger: &QuarterLedger,
    file: crate::model::FileId,
) {
    for t in &ledger.carried {
        if t.written_here.is_some() || t.resolved() {
            continue;
        }
        let Some(c) = v.info.cadres.iter().find(|c| c.name == t.handler.trim()) else {
            continue;
        };
        if c.serves_during(p.id.start(), p.id.end()) {
            continue;
        }
        let successor = if c.successor.trim().is_empty() {
            "接手的干部".to_string()
        } else {
            c.successor.trim().to_string()
        };
        cx.warn(
            file,
            "requests",
            format!(
                "转入本期的诉求「{}」({}受理的「{}」)还没落实,承办干部「{}」{}",
                t.id,
                t.received_in.label(),
                t.origin.summary.trim(),
                c.name,
                term_phrase(c, p.id.start())
            ),
            Some(format!(
                "在 requests 里加一项: id: {}、status: 现在的进展、handler: {successor}",
                t.id
            )),
        );
    }
}
