//! Checks on `performance.yaml` (晒业绩): owners and handlers are cadres, requests (民情台账)
//! dated inside the period with a resolution date when resolved, the evaluation date.

use super::{Cx, People};
use crate::model::{Period, RequestStatus, Village};

/// The performance file of a period, or the warning that it is missing.
pub(super) fn performance(cx: &mut Cx, v: &Village, p: &Period) {
    let people = People::of(v);
    if let Some(perf) = &p.performance {
        let f = perf.file;
        for w in &perf.work {
            people.check_cadre(cx, v, f, &w.field("owner"), &w.owner, "责任人");
        }
        for g in &perf.goals {
            people.check_cadre(cx, v, f, &g.field("owner"), &g.owner, "责任人");
        }
        for r in &perf.requests {
            people.check_cadre(cx, v, f, &r.field("handler"), &r.handler, "经办干部");
            if !p.id.contains(r.date) {
                cx.error(
                    f,
                    &r.field("date"),
                    format!("日期 {} 不在{}内", r.date, p.id.label()),
                    Some(
                        "本期以前的诉求仍未落实的,在本期台账里照抄一行并写明原日期于 summary 中"
                            .into(),
                    ),
                );
            }
            match (r.status, r.resolved_on) {
                (RequestStatus::Resolved, None) => cx.error(
                    f,
                    &r.field("status"),
                    "已落实的诉求要写落实日期 resolved_on",
                    Some(format!(
                        "加一行 resolved_on: 写实际落实的日期(不早于 {})",
                        r.date
                    )),
                ),
                (RequestStatus::Resolved, Some(d)) if d < r.date => cx.error(
                    f,
                    &r.field("resolved_on"),
                    format!("落实日期 {d} 早于受理日期 {}", r.date),
                    None,
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
        if let Some(e) = &perf.evaluation {
            if e.date < p.id.start() {
                cx.warn(f, "evaluation.date", "评议日期早于本期开始", None);
            }
        }
    } else if p.accounts.is_some() && !p.present.iter().any(|f| f == "performance.yaml") {
        cx.warn(
            p.accounts.as_ref().map_or(0, |a| a.file),
            "",
            format!("{}没有 performance.yaml(晒业绩)", p.id.label()),
            Some("每季度都要晒业绩".into()),
        );
    }
}
