//! Checks on `conduct.yaml` (晒作风): only in half-year periods, each cadre once and a cadre
//! of the village in office during the half year, survey votes that add up to the
//! respondents, every cadre in office on the survey day reported.

use super::terms::{possible, term_phrase};
use super::{Cx, People};
use crate::calc::terms::half_year;
use crate::model::{Period, Village};
use std::collections::HashMap;

/// The conduct file of a period.
pub(super) fn conduct(cx: &mut Cx, v: &Village, p: &Period) {
    let people = People::of(v);
    let Some(conduct) = &p.conduct else {
        return;
    };
    let f = conduct.file;
    if !p.id.is_half_year_end() {
        cx.error(
            f,
            "",
            format!("作风公开每半年一次,{}不该有 conduct.yaml", p.id.label()),
            Some("上半年的写在 二季度(-q2) 文件夹,下半年的写在 四季度(-q4) 文件夹".into()),
        );
    }
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for c in &conduct.cadres {
        people.check_cadre(cx, v, f, &|| c.field("name"), &c.name, "干部");
        if let Some(first) = seen.insert(c.name.as_str(), c.path.as_str()) {
            cx.error(
                f,
                &c.field("name"),
                format!("「{}」写了两次", c.name),
                Some(format!("第一次在第 {} 行", cx.line_of(f, first))),
            );
        }
        let s = &c.survey;
        // Added in 64 bits: counts near u32::MAX must not wrap into a match.
        let sum = u64::from(s.satisfied) + u64::from(s.basic) + u64::from(s.unsatisfied);
        if sum != u64::from(s.respondents) {
            cx.error(
                f,
                &c.field("survey"),
                format!(
                    "「{}」的测评票数对不上:满意 {} + 基本满意 {} + 不满意 {} = {},但参评人数写的是 {}",
                    c.name, s.satisfied, s.basic, s.unsatisfied, sum, s.respondents
                ),
                Some("核对原始测评票,三项之和必须等于参评人数 respondents".into()),
            );
        }
        if s.respondents == 0 {
            cx.error(f, &c.field("survey.respondents"), "参评人数不能为 0", None);
        }
    }
    // Who had to be surveyed: the cadres in office on the survey day (the half year's last
    // day when it is not known). One who left during the half year may be reported too; one
    // who was not in office on any day of it may not.
    let (first_day, last_day) = half_year(p.id);
    let survey_day = conduct.survey_date.unwrap_or(last_day);
    for c in &conduct.cadres {
        let Some(cadre) = people.cadre(v, &c.name).filter(|c| possible(c)) else {
            continue;
        };
        if !cadre.serves_during(first_day, last_day) {
            cx.error(
                f,
                &c.field("name"),
                format!(
                    "「{}」在{}不在任({}),不用晒这半年的作风",
                    c.name,
                    p.id.half_label(),
                    term_phrase(cadre, first_day)
                ),
                Some(format!(
                    "只写这半年里在任过的干部;如果任期写错了,改 village.yaml 里「{}」的 from / until",
                    c.name
                )),
            );
        }
    }
    for cadre in &v.info.cadres {
        if !seen.contains_key(cadre.name.as_str()) && cadre.serves_on(survey_day) {
            cx.warn(
                f,
                "cadres",
                format!("干部「{}」没有述职和测评", cadre.name),
                Some(format!(
                    "测评那天({survey_day})在任的村干部都要晒作风;已离任的在 village.yaml 里写上 until: 离任日期"
                )),
            );
        }
    }
}
