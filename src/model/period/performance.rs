//! `performance.yaml` (晒业绩): work done, problems solved, goals, the request ledger
//! (民情台账) and the evaluation.

use crate::model::{de_date, de_opt_date, de_text, FileId, Located};
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `performance.yaml` — 晒业绩 (built section by section by the loader).
#[derive(Debug, Clone, Default)]
pub struct PerformanceFile {
    pub work: Vec<Located<WorkItem>>,
    pub problems: Vec<Problem>,
    pub goals: Vec<Located<Goal>>,
    pub requests: Vec<Located<Request>>,
    /// 走访记录 (see `visits`).
    pub visits: Vec<Located<super::Visit>>,
    /// 三必访 events of the quarter.
    pub must_visit: Vec<Located<super::MustVisitEvent>>,
    pub evaluation: Option<Evaluation>,
    pub file: FileId,
}

#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
pub enum Area {
    /// 党务: the Party branch's work.
    #[serde(rename = "党务")]
    Party,
    /// 村务: village affairs.
    #[serde(rename = "村务")]
    VillageAffairs,
    /// 财务: finances.
    #[serde(rename = "财务")]
    Finance,
}

impl Area {
    /// The three areas in the order a disclosure lists them.
    pub const ALL: [Area; 3] = [Area::Party, Area::VillageAffairs, Area::Finance];

    pub fn label(self) -> &'static str {
        match self {
            Area::Party => "党务",
            Area::VillageAffairs => "村务",
            Area::Finance => "财务",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub enum WorkStatus {
    #[serde(rename = "已完成")]
    Done,
    #[serde(rename = "进行中")]
    Ongoing,
    #[serde(rename = "未开始")]
    NotStarted,
}

impl WorkStatus {
    pub fn label(self) -> &'static str {
        match self {
            WorkStatus::Done => "已完成",
            WorkStatus::Ongoing => "进行中",
            WorkStatus::NotStarted => "未开始",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkItem {
    pub area: Area,
    #[serde(deserialize_with = "de_text")]
    pub title: String,
    #[serde(default, deserialize_with = "de_text")]
    pub detail: String,
    pub status: WorkStatus,
    /// 责任人 (a cadre).
    #[serde(deserialize_with = "de_text")]
    pub owner: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    #[serde(deserialize_with = "de_text")]
    pub problem: String,
    #[serde(deserialize_with = "de_text")]
    pub solution: String,
}

/// One line of the 责任清单.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    #[serde(deserialize_with = "de_text")]
    pub goal: String,
    #[serde(deserialize_with = "de_text")]
    pub measure: String,
    #[serde(deserialize_with = "de_text")]
    pub owner: String,
    #[serde(deserialize_with = "de_date")]
    pub deadline: NaiveDate,
    pub status: WorkStatus,
}

#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
pub enum RequestSource {
    #[serde(rename = "接待日")]
    ReceptionDay,
    #[serde(rename = "意见箱")]
    SuggestionBox,
    #[serde(rename = "电话")]
    Phone,
    #[serde(rename = "走访")]
    HomeVisit,
}

impl RequestSource {
    pub const ALL: [RequestSource; 4] = [
        RequestSource::ReceptionDay,
        RequestSource::SuggestionBox,
        RequestSource::Phone,
        RequestSource::HomeVisit,
    ];
    pub fn label(self) -> &'static str {
        match self {
            RequestSource::ReceptionDay => "接待日",
            RequestSource::SuggestionBox => "意见箱",
            RequestSource::Phone => "电话",
            RequestSource::HomeVisit => "走访",
        }
    }
}

/// Where a request stands: each step includes the ones before it.
#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
pub enum RequestStatus {
    #[serde(rename = "已受理")]
    Received,
    #[serde(rename = "已办理")]
    Handled,
    #[serde(rename = "已回访")]
    FollowedUp,
    #[serde(rename = "已落实")]
    Resolved,
}

impl RequestStatus {
    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Received => "已受理",
            RequestStatus::Handled => "已办理",
            RequestStatus::FollowedUp => "已回访",
            RequestStatus::Resolved => "已落实",
        }
    }
}

/// One entry of the 民情台账: a new request, or (with the `id` of a request of an earlier
/// quarter that is still open) an update of that request, which writes only what changed.
/// Which one an entry is depends on the earlier quarters (see `calc::ledger`), so the fields a
/// new request must have are checked there, not here.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// 编号, e.g. MQ-2025-007; when empty, one is derived (see `calc::ledger`).
    #[serde(default, deserialize_with = "de_text")]
    pub id: String,
    /// 登记日期 (new requests).
    #[serde(default, deserialize_with = "de_opt_date")]
    pub date: Option<NaiveDate>,
    /// Where it came from (new requests).
    #[serde(default)]
    pub source: Option<RequestSource>,
    /// Who asked, anonymised (e.g. 三组村民张某).
    #[serde(default, deserialize_with = "de_text")]
    pub from: String,
    /// What was asked (new requests).
    #[serde(default, deserialize_with = "de_text")]
    pub summary: String,
    pub status: RequestStatus,
    /// Cadre in charge (new requests; in an update, only when another cadre takes over).
    #[serde(default, deserialize_with = "de_text")]
    pub handler: String,
    /// What was done (办理情况).
    #[serde(default, deserialize_with = "de_text")]
    pub action: String,
    #[serde(default, deserialize_with = "de_opt_date")]
    pub resolved_on: Option<NaiveDate>,
}

/// The evaluation by the Party members' and villager representatives' meeting.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Score out of 100, up to one decimal.
    pub score: Score,
    pub result: Rating,
    #[serde(default, deserialize_with = "de_text")]
    pub by: String,
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    #[serde(default)]
    pub attendees: u32,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub enum Rating {
    #[serde(rename = "优秀")]
    Excellent,
    #[serde(rename = "合格")]
    Qualified,
    #[serde(rename = "基本合格")]
    Basic,
    #[serde(rename = "不合格")]
    Unqualified,
}

impl Rating {
    pub fn label(self) -> &'static str {
        match self {
            Rating::Excellent => "优秀",
            Rating::Qualified => "合格",
            Rating::Basic => "基本合格",
            Rating::Unqualified => "不合格",
        }
    }
}

/// A score in tenths (92.5 → 925), parsed exactly like money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Score(pub u32);

impl Score {
    pub fn label(self) -> String {
        format!("{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Score, D::Error> {
        let m = Money::deserialize(d)
            .map_err(|_| serde::de::Error::custom("评分应为 0 到 100 的数,最多一位小数,如 92.5"))?;
        let fen = m.fen();
        if !(0..=10_000).contains(&fen) || fen % 10 != 0 {
            return Err(serde::de::Error::custom(
                "评分应为 0 到 100 的数,最多一位小数,如 92.5",
            ));
        }
        Ok(Score((fen / 10) as u32))
    }
}
