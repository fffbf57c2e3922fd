//! The conduct part of a period report (晒作风): each cadre's duty report, integrity statement,
//! survey counts and rates, result and any talk (约谈), and the village's overall rate.

use super::cn_date;
use crate::derive::{self, percent_label, SurveyRates};
use crate::model::*;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct TalkView {
    pub date: String,
    pub by: String,
    pub reason: String,
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CadreConductView {
    pub name: String,
    pub role: String,
    pub duty_report: String,
    pub integrity: String,
    pub survey: SurveyRates,
    pub satisfaction_rate: String,
    pub unsatisfied_rate: String,
    pub result: &'static str,
    pub flagged: bool,
    pub talk: Option<TalkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConductView {
    pub half_label: String,
    pub survey_date: String,
    pub surveyed: String,
    pub cadres: Vec<CadreConductView>,
    pub overall: SurveyRates,
    pub overall_rate: String,
}

pub fn conduct_view(v: &Village, p: &Period, c: &ConductFile) -> ConductView {
    let overall = derive::combined(c.cadres.iter().map(|x| &x.survey));
    ConductView {
        half_label: p.id.half_label(),
        survey_date: c.survey_date.map(cn_date).unwrap_or_default(),
        surveyed: c.surveyed.clone(),
        cadres: c
            .cadres
            .iter()
            .map(|x| {
                let rates = derive::survey_rates(&x.survey);
                CadreConductView {
                    name: x.name.clone(),
                    role: v
                        .info
                        .cadres
                        .iter()
                        .find(|k| k.name == x.name)
                        .map(|k| k.role.clone())
                        .unwrap_or_default(),
                    duty_report: x.duty_report.clone(),
                    integrity: x.integrity.clone(),
                    satisfaction_rate: percent_label(rates.satisfaction_permille),
                    unsatisfied_rate: percent_label(rates.unsatisfied_permille),
                    survey: rates,
                    result: x.result.label(),
                    flagged: matches!(x.result, ConductResult::Incompetent | ConductResult::Basic),
                    talk: x.talk.as_ref().map(|t| TalkView {
                        date: cn_date(t.date),
                        by: t.by.clone(),
                        reason: t.reason.clone(),
                        outcome: t.outcome.clone(),
                    }),
                }
            })
            .collect(),
        overall_rate: percent_label(overall.satisfaction_permille),
        overall,
    }
}
