//! The visit log (走访记录) of a quarter, kept in `performance.yaml` beside the 民情台账: who
//! visited which households of which 村民小组, why, what was raised and which request it
//! produced; and the 三必访 events (hardship, accident, dispute) that call for a visit.
//!
//! A household is written as its group and its 户号 inside the group, never by name or
//! address: the file has no place for either, so neither can reach a page.

use crate::model::{de_date, de_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
pub enum VisitKind {
    /// 例行走访: the every-two-weeks visit.
    #[serde(rename = "例行")]
    Routine,
    /// 三必访: hardship, family accident or neighbour dispute.
    #[serde(rename = "三必访")]
    MustVisit,
    /// 回访: following up a request.
    #[serde(rename = "回访")]
    FollowUp,
}

impl VisitKind {
    pub const ALL: [VisitKind; 3] = [
        VisitKind::Routine,
        VisitKind::MustVisit,
        VisitKind::FollowUp,
    ];
    pub fn label(self) -> &'static str {
        match self {
            VisitKind::Routine => "例行走访",
            VisitKind::MustVisit => "三必访",
            VisitKind::FollowUp => "回访",
        }
    }
}

/// Why a 三必访 is due.
#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
pub enum MustVisitCase {
    #[serde(rename = "困难")]
    Hardship,
    #[serde(rename = "意外")]
    Accident,
    #[serde(rename = "矛盾")]
    Dispute,
}

impl MustVisitCase {
    pub fn label(self) -> &'static str {
        match self {
            MustVisitCase::Hardship => "生活困难",
            MustVisitCase::Accident => "家庭意外",
            MustVisitCase::Dispute => "邻里矛盾",
        }
    }
}

/// One visit: one visitor, one day, one or more households of one group.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    /// Who visited: a Party member, 网格长 or 包户干部 of the grid.
    #[serde(deserialize_with = "de_text")]
    pub by: String,
    /// 村民小组, e.g. 三组.
    #[serde(deserialize_with = "de_text")]
    pub group: String,
    /// 户号 of the households visited inside the group.
    pub households: Vec<u32>,
    pub kind: VisitKind,
    /// For 三必访: why.
    #[serde(default)]
    pub case: Option<MustVisitCase>,
    /// What the household raised (问题、意见), "" when nothing.
    #[serde(default, deserialize_with = "de_text")]
    pub raised: String,
    /// The 民情台账 request it produced or followed up (its id).
    #[serde(default, deserialize_with = "de_text")]
    pub request: String,
}

/// A 三必访 event: a household that fell into hardship, had an accident or a dispute.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MustVisitEvent {
    /// The day it became known.
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    #[serde(deserialize_with = "de_text")]
    pub group: String,
    /// 户号 inside the group.
    pub household: u32,
    pub case: MustVisitCase,
}
