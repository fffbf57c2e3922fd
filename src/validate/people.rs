//! Checks on people and work: `village.yaml`, the 业绩 file (work, goals, 民情台账) and the
//! 作风 file (survey counts, half-year periods).

use super::{Cx, People};
use crate::calc::card_fit::{
    card_back_lines, card_duty, CARD_DUTY_MAX, CARD_LINES, CARD_MAX_CADRES,
};
use crate::model::{FundKind, RequestStatus, SiteFile};
use crate::model::{Period, Village};
use std::collections::HashMap;

pub(super) fn village(cx: &mut Cx, site: &SiteFile, v: &Village) {
    let f = v.file;
    for (list, names) in [
        (
            "cadres",
            v.info
                .cadres
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "supervisors",
            v.info.supervisors.iter().map(|c| c.name.as_str()).collect(),
        ),
        (
            "funds",
            v.info.funds.iter().map(|c| c.name.as_str()).collect(),
        ),
    ] {
        for (i, n) in names.iter().enumerate() {
            if n.trim().is_empty() {
                cx.error(f, &format!("{list}[{i}].name"), "名字不能为空", None);
            }
        }
    }
    card(cx, site, v);
    if v.info.cadres.is_empty() {
        cx.error(f, "cadres", "至少要写一名村干部", None);
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, c) in v.info.cadres.iter().enumerate() {
        if let Some(first) = seen.insert(c.name.as_str(), i) {
            cx.error(
                f,
                &format!("cadres[{i}].name"),
                format!("干部「{}」写了两次", c.name),
                Some(format!(
                    "第一次在第 {} 行;同名同姓请加区分,如「王芳(妇联)」",
                    cx.line_of(f, &format!("cadres[{first}]"))
                )),
            );
        }
    }
    let cadres: Vec<&str> = v.info.cadres.iter().map(|c| c.name.as_str()).collect();
    for (i, s) in v.info.supervisors.iter().enumerate() {
        if cadres.contains(&s.name.as_str()) {
            cx.warn(
                f,
                &format!("supervisors[{i}].name"),
                format!("「{}」既是村干部又是村务监督委员会成员", s.name),
                Some("监督委员会成员不能由村委会成员及其近亲属担任".into()),
            );
        }
    }
    if v.info.supervisors.is_empty() {
        cx.warn(
            f,
            "",
            "没有写村务监督委员会 / 民主理财小组成员 supervisors",
            Some("公开前要由他们审核签字".into()),
        );
    }
    let mut funds: HashMap<&str, usize> = HashMap::new();
    for (i, fund) in v.info.funds.iter().enumerate() {
        if funds.insert(fund.name.as_str(), i).is_some() {
            cx.error(
                f,
                &format!("funds[{i}].name"),
                format!("账户名「{}」重复", fund.name),
                None,
            );
        }
        let digits = fund.number.chars().filter(char::is_ascii_digit).count();
        if fund.kind == FundKind::Bank && digits > 8 {
            cx.warn(
                f,
                &format!("funds[{i}].number"),
                "银行账号没有隐去中间位",
                Some("公开时只留前四位和后四位,如 6217 **** **** 1234".into()),
            );
        }
    }
}

/// Warns when the contact card (连心卡) cannot hold what the village wrote.
fn card(cx: &mut Cx, site: &SiteFile, v: &Village) {
    let f = v.file;
    if v.info.cadres.len() > CARD_MAX_CADRES {
        cx.warn(
            f,
            "cadres",
            format!(
                "连心卡正面最多印 {CARD_MAX_CADRES} 名干部,这里有 {} 名,多出的会被截掉",
                v.info.cadres.len()
            ),
            None,
        );
    }
    for (i, c) in v.info.cadres.iter().enumerate() {
        let (shown, shortened) = card_duty(c);
        if shortened {
            let path = if c.card_duty.trim().is_empty() {
                format!("cadres[{i}].duties")
            } else {
                format!("cadres[{i}].card_duty")
            };
            cx.warn(
                f,
                &path,
                format!("连心卡上「{}」的分工只能印成「{shown}」", c.name),
                Some(if c.card_duty.trim().is_empty() {
                    format!("在这名干部下加一行 card_duty: 写不超过 {CARD_DUTY_MAX} 个字的简短分工")
                } else {
                    format!("把 card_duty 缩短到 {CARD_DUTY_MAX} 个字以内")
                }),
            );
        }
    }
    let reception = format!("{}{}", v.info.reception_day, v.info.reception_place);
    let lines = card_back_lines(&reception, &site.supervision_phones, &site.service_phones);
    if lines > CARD_LINES {
        cx.warn(
            f,
            "reception_day",
            format!("连心卡背面约需 {lines} 行,只放得下 {CARD_LINES} 行,最后几行会被截掉"),
            Some("精简 site.yaml 里的电话名称,或减少 service_phones".into()),
        );
    }
}

/// Raw HTML in notes.md is shown as text, never run: say so to the accountant.
fn notes(cx: &mut Cx, p: &Period) {
    let Some(text) = &p.notes else { return };
    let Some(&file) = p
        .files
        .iter()
        .find(|&&f| cx.sources.files[f].rel.ends_with("notes.md"))
    else {
        return;
    };
    let tag = text.lines().enumerate().find_map(|(n, l)| {
        l.char_indices()
            .find(|(i, c)| {
                *c == '<' && l[i + 1..].starts_with(|x: char| x.is_ascii_alphabetic() || x == '/')
            })
            .map(|(i, _)| (n + 1, l[..i].chars().count() + 1))
    });
    if let Some((line, col)) = tag {
        cx.diags.push(crate::diag::Diagnostic {
            severity: crate::diag::Severity::Warning,
            file: cx.sources.files[file].display.clone(),
            line,
            col,
            message: "notes.md 里的 HTML 标签不会生效,网页上会原样显示出来".into(),
            hint: Some("用 Markdown 写:# 标题、**加粗**、- 列表".into()),
        });
    }
}

pub(super) fn period(cx: &mut Cx, v: &Village, p: &Period) {
    notes(cx, p);
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
        people.check_cadre(cx, v, f, &c.field("name"), &c.name, "干部");
        if let Some(first) = seen.insert(c.name.as_str(), c.path.as_str()) {
            cx.error(
                f,
                &c.field("name"),
                format!("「{}」写了两次", c.name),
                Some(format!("第一次在第 {} 行", cx.line_of(f, first))),
            );
        }
        let s = &c.survey;
        let sum = s.satisfied + s.basic + s.unsatisfied;
        if sum != s.respondents {
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
    for cadre in &v.info.cadres {
        if !seen.contains_key(cadre.name.as_str()) {
            cx.warn(
                f,
                "cadres",
                format!("干部「{}」没有述职和测评", cadre.name),
                Some("每名村干部每半年都要晒作风".into()),
            );
        }
    }
}
