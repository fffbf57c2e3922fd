//! Checks on `village.yaml`: names present and unique, supervisors who are not cadres, bank
//! numbers shown in part only, cadres' terms that can be (`from` / `until` / `successor`), and
//! a contact card (连心卡) that can hold the cadres in office.

use super::Cx;
use crate::calc::card_fit::{
    card_back_lines, card_duty, CARD_DUTY_MAX, CARD_LINES, CARD_MAX_CADRES,
};
use crate::calc::terms::current;
use crate::model::{Cadre, FundKind, SiteFile, Village};
use chrono::NaiveDate;
use std::collections::HashMap;

pub(super) fn village(cx: &mut Cx, site: &SiteFile, v: &Village, reference: Option<NaiveDate>) {
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
    terms(cx, v);
    card(cx, site, v, reference);
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

/// Terms of office that cannot be: leaving before arriving, a successor with no leaving day.
fn terms(cx: &mut Cx, v: &Village) {
    let f = v.file;
    for (i, c) in v.info.cadres.iter().enumerate() {
        if let (Some(from), Some(until)) = (c.from, c.until) {
            if until < from {
                cx.error(
                    f,
                    &format!("cadres[{i}].until"),
                    format!("「{}」的离任日期 {until} 早于到任日期 {from}", c.name),
                    Some("from 写到任那天,until 写离任前在任的最后一天".into()),
                );
            }
        }
        if !c.successor.trim().is_empty() && c.until.is_none() {
            cx.error(
                f,
                &format!("cadres[{i}].successor"),
                format!(
                    "写了「{}」的接任人「{}」,却没写离任日期 until",
                    c.name,
                    c.successor.trim()
                ),
                Some("加一行 until: 离任前在任的最后一天,如 until: 2025-07-15".into()),
            );
        }
        if c.successor.trim() == c.name.trim() && !c.successor.trim().is_empty() {
            cx.error(
                f,
                &format!("cadres[{i}].successor"),
                format!("「{}」的接任人写成了自己", c.name),
                Some("successor 写接任这个职务的人".into()),
            );
        }
    }
}

/// Warns when the contact card (连心卡) cannot hold what the village wrote. The card shows the
/// cadres in office on the reference date (see `calc::terms::reference_date`).
fn card(cx: &mut Cx, site: &SiteFile, v: &Village, reference: Option<NaiveDate>) {
    let f = v.file;
    let on_card: Vec<(usize, &Cadre)> = v
        .info
        .cadres
        .iter()
        .enumerate()
        .filter(|(_, c)| current(c, reference))
        .collect();
    if on_card.len() > CARD_MAX_CADRES {
        cx.warn(
            f,
            "cadres",
            format!(
                "连心卡正面最多印 {CARD_MAX_CADRES} 名干部,这里有 {} 名在任,多出的会被截掉",
                on_card.len()
            ),
            None,
        );
    }
    if on_card.is_empty() && !v.info.cadres.is_empty() {
        let day = reference.map(|d| format!(" {d}")).unwrap_or_default();
        cx.warn(
            f,
            "cadres",
            format!("连心卡上没有干部:{day} 在任的一个也没有"),
            Some("检查 from / until,并把新到任的干部写进 cadres".into()),
        );
    }
    for (i, c) in on_card {
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
    // The card prints the first schedule with its next date (at most `12月31日`), else the
    // sentence written.
    let reception = match v.info.schedules.first() {
        Some(s) => format!("{},{}；下次 12月31日", s.when(), s.value.place),
        None => format!("{}{}", v.info.reception_day, v.info.reception_place),
    };
    let lines = card_back_lines(&reception, &site.supervision_phones, &site.service_phones);
    if lines > CARD_LINES {
        let at = v
            .info
            .schedules
            .first()
            .map_or_else(|| "reception_day".to_string(), |s| s.path.clone());
        cx.warn(
            f,
            &at,
            format!("连心卡背面约需 {lines} 行,只放得下 {CARD_LINES} 行,最后几行会被截掉"),
            Some("精简 site.yaml 里的电话名称,或减少 service_phones".into()),
        );
    }
}
