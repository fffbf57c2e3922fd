//! Checks on `performance.yaml` (晒业绩): owners are cadres, the evaluation date. The request
//! ledger (民情台账), which spans quarters, is checked in `requests`.

use super::{Cx, People};
use crate::model::{Period, Village};

/// The performance file of a period, or the warning that it is missing.
pub(super) fn performance(cx: &mut Cx, v: &Village, p: &Period) {
    let people = People::of(v);
    if let Some(perf) = &p.performance {
        let f = perf.file;
        for w in &perf.work {
            people.check_cadre(cx, v, f, &|| w.field("owner"), &w.owner, "责任人");
        }
        for g in &perf.goals {
            people.check_cadre(cx, v, f, &|| g.field("owner"), &g.owner, "责任人");
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
