//! `villages/<slug>/village.yaml`: the village's people, money accounts, grid and reception day.

use super::contact::{Holiday, Member, Schedule};
use super::{de_opt_date, de_text};
use chrono::NaiveDate;
use serde::Deserialize;

/// Built list by list by the loader, so one bad cadre entry does not hide the others.
#[derive(Debug, Clone, Default)]
pub struct VillageFile {
    /// 村名, e.g. 东山村.
    pub name: String,
    /// One sentence about the village (households, population, industries).
    pub intro: String,
    /// 村干部.
    pub cadres: Vec<Cadre>,
    /// 村务监督委员会 / 民主理财小组 members.
    pub supervisors: Vec<Supervisor>,
    /// 现金和银行账户.
    pub funds: Vec<Fund>,
    /// 党员联户网格.
    pub grid: Vec<GridCell>,
    /// 接待日, e.g. 每月第一个星期五上午.
    pub reception_day: String,
    /// Where the reception takes place.
    pub reception_place: String,
    /// 包村领导 (county and town leaders responsible for the village).
    pub leaders: Vec<Leader>,
    /// 接待日、联系日、值班 written as rules (see `model::contact`).
    pub schedules: Vec<super::Located<Schedule>>,
    /// The village's own days off, besides the town's (`site.yaml` holidays).
    pub holidays: Vec<Holiday>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cadre {
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    /// 职务, e.g. 村党支部书记.
    #[serde(deserialize_with = "de_text")]
    pub role: String,
    /// 分工: what the cadre is responsible for.
    #[serde(default, deserialize_with = "de_text")]
    pub duties: String,
    /// 办公电话 (or a published work mobile).
    #[serde(default, deserialize_with = "de_text")]
    pub phone: String,
    /// Short 分工 for the contact card (连心卡), at most 12 characters; when empty, the
    /// first clause of `duties` is used.
    #[serde(default, deserialize_with = "de_text")]
    pub card_duty: String,
    /// 到任日期: the first day in office; `None` when in office since before the first period.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub from: Option<NaiveDate>,
    /// 离任日期: the last day in office; `None` while in office.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub until: Option<NaiveDate>,
    /// 接任人: who took over after `until` (usually a cadre listed here too).
    #[serde(default, deserialize_with = "de_text")]
    pub successor: String,
    /// 说明 of the term, e.g. 调任镇综治中心, 退休.
    #[serde(default, deserialize_with = "de_text")]
    pub note: String,
}

impl Cadre {
    /// Whether the cadre is in office on `d` (both ends of the term included).
    pub fn serves_on(&self, d: NaiveDate) -> bool {
        self.serves_during(d, d)
    }
    /// Whether the cadre is in office on some day between `start` and `end` (inclusive).
    pub fn serves_during(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= end) && self.until.is_none_or(|u| u >= start)
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supervisor {
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    /// e.g. 村务监督委员会主任, 民主理财小组成员.
    #[serde(deserialize_with = "de_text")]
    pub role: String,
}

/// A cash box or bank account.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fund {
    /// The short name entries use in `via`, e.g. 现金, 农商行基本户.
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    /// 现金 or 银行.
    pub kind: FundKind,
    /// Bank and branch (banks only).
    #[serde(default, deserialize_with = "de_text")]
    pub bank: String,
    /// Masked account number, e.g. `6217 **** **** 1234`.
    #[serde(default, deserialize_with = "de_text")]
    pub number: String,
    /// 开户日期: before it the fund has no balance to show.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub opened: Option<NaiveDate>,
    /// 销户日期: its balance must be zero by then, and it is not shown after.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub closed: Option<NaiveDate>,
}

impl Fund {
    /// Whether the fund exists at some time between `start` and `end` (inclusive).
    pub fn open_during(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.opened.is_none_or(|o| o <= end) && self.closed.is_none_or(|c| c >= start)
    }
}

#[derive(
    Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize, schemars::JsonSchema,
)]
pub enum FundKind {
    #[serde(rename = "现金")]
    Cash,
    #[serde(rename = "银行")]
    Bank,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GridCell {
    /// 网格 name, e.g. 第一网格(东片).
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    /// 网格长.
    #[serde(deserialize_with = "de_text")]
    pub leader: String,
    /// Households covered.
    pub households: u32,
    /// 村民小组 in the grid, e.g. [一组, 二组]: the who-to-call directory is by group.
    #[serde(default)]
    pub groups: Vec<String>,
    /// 包户干部: the village cadre answering for the grid's households.
    #[serde(default, deserialize_with = "de_text")]
    pub cadre: String,
    /// Party members who each look after ≥ 5 households: names, or with their households.
    #[serde(default)]
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Leader {
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    /// e.g. 县级联系领导, 镇包村领导.
    #[serde(deserialize_with = "de_text")]
    pub role: String,
    #[serde(default, deserialize_with = "de_text")]
    pub phone: String,
}
