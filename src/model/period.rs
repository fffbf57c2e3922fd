//! One period folder `villages/<slug>/<YYYY>-q<N>/`: accounts (晒账单), performance (晒业绩),
//! conduct (晒作风, half-year periods) and the village's own notes.
//!
//! Lists marked `#[serde(skip)]` are read item by item by the loader, so one bad entry does not
//! hide the problems in the others; each item then carries its YAML path.

use super::{de_date, de_opt_date, de_text, FileId, Located};
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A quarter, e.g. 2025 Q3. Folder name `2025-q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PeriodId {
    pub year: i32,
    pub quarter: u32,
}

impl PeriodId {
    /// Parses a folder name like `2025-q3`.
    pub fn parse(name: &str) -> Option<PeriodId> {
        let (y, q) = name.split_once("-q")?;
        let year: i32 = y.parse().ok()?;
        let quarter: u32 = q.parse().ok()?;
        ((1900..=2200).contains(&year) && (1..=4).contains(&quarter) && y.len() == 4)
            .then_some(PeriodId { year, quarter })
    }
    pub fn slug(self) -> String {
        format!("{}-q{}", self.year, self.quarter)
    }
    /// `2025年第三季度`.
    pub fn label(self) -> String {
        const Q: [&str; 4] = ["一", "二", "三", "四"];
        format!("{}年第{}季度", self.year, Q[(self.quarter - 1) as usize])
    }
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.quarter - 1) * 3 + 1, 1).expect("valid quarter")
    }
    pub fn end(self) -> NaiveDate {
        let next = if self.quarter == 4 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.quarter * 3 + 1, 1)
        };
        next.expect("valid quarter").pred_opt().expect("valid date")
    }
    pub fn contains(self, d: NaiveDate) -> bool {
        d >= self.start() && d <= self.end()
    }
    /// Conduct is reported every half year: in Q2 and Q4.
    pub fn is_half_year_end(self) -> bool {
        self.quarter.is_multiple_of(2)
    }
    /// `2025年上半年` / `2025年下半年`.
    pub fn half_label(self) -> String {
        let h = if self.quarter <= 2 { "上" } else { "下" };
        format!("{}年{}半年", self.year, h)
    }
    /// The three months of the quarter, 1-based.
    pub fn months(self) -> [u32; 3] {
        let m = (self.quarter - 1) * 3 + 1;
        [m, m + 1, m + 2]
    }
}

/// `accounts.yaml` — 晒账单. Built by the loader section by section (see `load::read_doc`),
/// so a bad value in one section does not hide the problems of the others.
#[derive(Debug, Clone, Default)]
pub struct AccountsFile {
    /// 期初余额 per fund (cash box or bank account name → amount).
    pub opening: BTreeMap<String, Money>,
    /// 期末余额 as stated in the books; checked against opening + income − expense.
    pub closing: BTreeMap<String, Money>,
    pub income: Vec<Located<Entry>>,
    pub expenses: Vec<Located<Entry>>,
    /// Money moved between the village's own funds (提现, 存现): neither income nor expense.
    pub transfers: Vec<Located<Transfer>>,
    /// 三资.
    pub assets: Assets,
    /// 专项公开.
    pub special: Special,
    /// 审核与公开; `None` when missing or unreadable (already reported).
    pub review: Option<Review>,
    pub file: FileId,
    /// Something in the file could not be read (already reported): sums would be wrong, so
    /// the balance checks are skipped for this file.
    pub incomplete: bool,
}

/// One income or expense, entry by entry (逐项逐笔).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    /// 凭证号, e.g. 记-015.
    #[serde(deserialize_with = "de_text")]
    pub voucher: String,
    /// 会计科目 from the chart of accounts, e.g. 管理费用.
    #[serde(deserialize_with = "de_text")]
    pub account: String,
    /// 明细 (optional sub-item), e.g. 办公费.
    #[serde(default, deserialize_with = "de_text")]
    pub item: String,
    /// 摘要.
    #[serde(deserialize_with = "de_text")]
    pub summary: String,
    pub amount: Money,
    /// Which cash box or bank account the money went through.
    #[serde(deserialize_with = "de_text")]
    pub via: String,
    /// 资金来源 (expenses), e.g. 集体自有资金, 上级补助.
    #[serde(default, deserialize_with = "de_text")]
    pub source: String,
    /// 经手人.
    #[serde(deserialize_with = "de_text")]
    pub handler: String,
    /// 审批人.
    #[serde(default)]
    pub approvers: Vec<String>,
}

/// Money moved from one fund to another, e.g. cash drawn from the bank (提取备用金).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    #[serde(deserialize_with = "de_text")]
    pub voucher: String,
    /// Fund the money leaves.
    #[serde(deserialize_with = "de_text")]
    pub from: String,
    /// Fund the money enters.
    #[serde(deserialize_with = "de_text")]
    pub to: String,
    pub amount: Money,
    #[serde(deserialize_with = "de_text")]
    pub summary: String,
    #[serde(deserialize_with = "de_text")]
    pub handler: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Assets {
    /// 固定资产.
    pub fixed: Vec<FixedAsset>,
    /// 资源性资产 (耕地 林地 …).
    pub resources: Vec<Resource>,
    /// 发包、租赁合同.
    pub contracts: Vec<Contract>,
    /// 应收款.
    pub receivables: Vec<Claim>,
    /// 应付款.
    pub payables: Vec<Claim>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FixedAsset {
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    /// 原值.
    pub cost: Money,
    /// 累计折旧.
    #[serde(default)]
    pub depreciation: Money,
    /// 使用状况, e.g. 在用, 出租.
    #[serde(default, deserialize_with = "de_text")]
    pub status: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// 耕地 林地 草地 园地 滩涂 水面 四荒地 集体建设用地.
    #[serde(deserialize_with = "de_text")]
    pub kind: String,
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    /// 面积 with unit, e.g. 120亩.
    #[serde(deserialize_with = "de_text")]
    pub area: String,
    /// 经营方式, e.g. 发包, 自营, 闲置.
    #[serde(default, deserialize_with = "de_text")]
    pub status: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// 标的, e.g. 村东鱼塘.
    #[serde(deserialize_with = "de_text")]
    pub subject: String,
    /// 承包方 / 承租方.
    #[serde(deserialize_with = "de_text")]
    pub counterparty: String,
    #[serde(deserialize_with = "de_date")]
    pub start: NaiveDate,
    #[serde(deserialize_with = "de_date")]
    pub end: NaiveDate,
    /// 年承包费 / 年租金.
    pub annual: Money,
    /// 本期收取.
    #[serde(default)]
    pub received: Money,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    #[serde(deserialize_with = "de_text")]
    pub party: String,
    pub amount: Money,
    #[serde(default, deserialize_with = "de_text")]
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Special {
    /// 一事一议.
    pub yishiyiyi: Vec<Yishiyiyi>,
    /// 征地补偿.
    pub land_compensation: Vec<LandCompensation>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Yishiyiyi {
    #[serde(deserialize_with = "de_text")]
    pub project: String,
    /// 筹资 from villagers.
    pub raised: Money,
    /// 筹劳 (工日).
    #[serde(default)]
    pub labour_days: u32,
    /// 财政奖补.
    #[serde(default)]
    pub subsidy: Money,
    /// 已使用.
    pub spent: Money,
    #[serde(default, deserialize_with = "de_text")]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LandCompensation {
    #[serde(deserialize_with = "de_text")]
    pub project: String,
    /// 补偿总额.
    pub total: Money,
    /// 留集体部分.
    pub collective: Money,
    /// 分配到户部分.
    pub households: Money,
    /// 涉及户数.
    pub household_count: u32,
    #[serde(default, deserialize_with = "de_text")]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Supervision committee members who checked and signed.
    pub reviewed_by: Vec<String>,
    #[serde(deserialize_with = "de_date")]
    pub reviewed_on: NaiveDate,
    #[serde(deserialize_with = "de_date")]
    pub posted_on: NaiveDate,
    /// 公开期限 in days.
    pub days: u32,
    /// 审核意见.
    #[serde(default, deserialize_with = "de_text")]
    pub opinion: String,
}

/// `performance.yaml` — 晒业绩 (built section by section by the loader).
#[derive(Debug, Clone, Default)]
pub struct PerformanceFile {
    pub work: Vec<Located<WorkItem>>,
    pub problems: Vec<Problem>,
    pub goals: Vec<Located<Goal>>,
    pub requests: Vec<Located<Request>>,
    pub evaluation: Option<Evaluation>,
    pub file: FileId,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    #[serde(rename = "党务")]
    Party,
    #[serde(rename = "村务")]
    Village,
    #[serde(rename = "财务")]
    Finance,
}

impl Area {
    pub fn label(self) -> &'static str {
        match self {
            Area::Party => "党务",
            Area::Village => "村务",
            Area::Finance => "财务",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    #[serde(deserialize_with = "de_text")]
    pub problem: String,
    #[serde(deserialize_with = "de_text")]
    pub solution: String,
}

/// One line of the 责任清单.
#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
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
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
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

/// One entry of the 民情台账.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    pub source: RequestSource,
    /// Who asked, anonymised (e.g. 三组村民张某).
    #[serde(default, deserialize_with = "de_text")]
    pub from: String,
    #[serde(deserialize_with = "de_text")]
    pub summary: String,
    pub status: RequestStatus,
    /// Cadre in charge.
    #[serde(deserialize_with = "de_text")]
    pub handler: String,
    /// What was done (办理情况).
    #[serde(default, deserialize_with = "de_text")]
    pub action: String,
    #[serde(default, deserialize_with = "de_opt_date")]
    pub resolved_on: Option<NaiveDate>,
}

/// The evaluation by the Party members' and villager representatives' meeting.
#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
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
