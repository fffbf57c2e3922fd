//! `conduct.yaml` (晒作风): each cadre's duty report, integrity statement, satisfaction survey
//! and any talk (约谈), every half year.

use crate::model::{de_date, de_text, FileId, Located};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `conduct.yaml` — 晒作风, in Q2 and Q4 for the half year (built section by section).
#[derive(Debug, Clone, Default)]
pub struct ConductFile {
    /// When the satisfaction survey was held (`None` when missing or unreadable).
    pub survey_date: Option<NaiveDate>,
    /// Who answered, e.g. 党员和村民代表.
    pub surveyed: String,
    pub cadres: Vec<Located<CadreConduct>>,
    pub file: FileId,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CadreConduct {
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    /// 述职: the cadre's own duty report.
    #[serde(deserialize_with = "de_text")]
    pub duty_report: String,
    /// 廉洁自律 statement.
    #[serde(deserialize_with = "de_text")]
    pub integrity: String,
    pub survey: Survey,
    pub result: ConductResult,
    /// 约谈 record, when there was one.
    #[serde(default)]
    pub talk: Option<Talk>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// 满意.
    pub satisfied: u32,
    /// 基本满意.
    pub basic: u32,
    /// 不满意.
    pub unsatisfied: u32,
    /// 参评人数.
    pub respondents: u32,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub enum ConductResult {
    #[serde(rename = "优秀")]
    Excellent,
    #[serde(rename = "称职")]
    Competent,
    #[serde(rename = "基本称职")]
    Basic,
    #[serde(rename = "不称职")]
    Incompetent,
}

impl ConductResult {
    pub fn label(self) -> &'static str {
        match self {
            ConductResult::Excellent => "优秀",
            ConductResult::Competent => "称职",
            ConductResult::Basic => "基本称职",
            ConductResult::Incompetent => "不称职",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Talk {
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    /// Who held the talk, e.g. 镇党委、镇纪委.
    #[serde(deserialize_with = "de_text")]
    pub by: String,
    #[serde(deserialize_with = "de_text")]
    pub reason: String,
    #[serde(default, deserialize_with = "de_text")]
    pub outcome: String,
}
