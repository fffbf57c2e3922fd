//! `accounts.yaml` (晒账单): entries, transfers between the village's own funds, balances,
//! 三资 (assets, resources, claims, contracts), special disclosures and the review.

use crate::model::{de_date, de_opt_text, de_text, FileId, Located};
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// 代收代付: money received for others and paid on (land compensation for households,
    /// water and power fees, subsidies paid out): inside the fund balances, outside the
    /// village's own income and expense.
    pub pass_through: Vec<Located<PassThrough>>,
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
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    /// 凭证号, e.g. 记-015.
    #[serde(deserialize_with = "de_text")]
    pub voucher: String,
    /// 会计科目 from the chart of accounts, e.g. 管理费用 (on the entry, or on each of its
    /// `lines`).
    #[serde(default, deserialize_with = "de_text")]
    pub account: String,
    /// 明细 (optional sub-item), e.g. 办公费.
    #[serde(default, deserialize_with = "de_text")]
    pub item: String,
    /// 摘要.
    #[serde(deserialize_with = "de_text")]
    pub summary: String,
    /// Written on the entry unless it has `lines` (the loader requires one or the other).
    #[serde(default)]
    pub amount: Money,
    /// Which cash box or bank account the money went through.
    #[serde(default, deserialize_with = "de_text")]
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
    /// 冲销: the voucher of an earlier entry on the same side (this period or an earlier one)
    /// that this entry reverses, with a negative amount (红字). `记-007` is looked for in this
    /// quarter, then in earlier ones, newest first; `2025-q3 记-007` names the quarter.
    #[serde(default, deserialize_with = "de_opt_text")]
    pub reverses: Option<String>,
    /// 一张凭证多行: the parts of one voucher paid from several funds or booked to several
    /// accounts. The loader turns each line into an entry of its own (see [`Entry::part`]).
    #[serde(default, skip_serializing)]
    pub lines: Vec<EntryPart>,
    /// Which line of its voucher this entry is (1-based) and how many there are.
    #[serde(skip)]
    pub part: Option<(usize, usize)>,
}

/// One line of a voucher with several lines: what differs from the voucher's other lines.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryPart {
    /// The voucher's account when not written.
    #[serde(default, deserialize_with = "de_text")]
    pub account: String,
    #[serde(default, deserialize_with = "de_text")]
    pub item: String,
    /// The voucher's summary when not written.
    #[serde(default, deserialize_with = "de_text")]
    pub summary: String,
    pub amount: Money,
    /// The voucher's fund when not written.
    #[serde(default, deserialize_with = "de_text")]
    pub via: String,
}

impl Entry {
    /// The quarter (when written) and the voucher this entry reverses.
    pub fn reversal_target(&self) -> Option<(Option<super::PeriodId>, &str)> {
        let r = self.reverses.as_deref()?.trim();
        if let Some((head, rest)) = r.split_once([' ', '/', '\u{3000}']) {
            if let Some(id) = super::PeriodId::parse(head.trim()) {
                return Some((Some(id), rest.trim()));
            }
        }
        Some((None, r))
    }
}

/// Whether money came in for others or was paid on to them.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub enum PassDirection {
    /// 代收: received for others.
    #[serde(rename = "代收")]
    Received,
    /// 代付: paid on to them.
    #[serde(rename = "代付")]
    PaidOn,
}

impl PassDirection {
    pub fn label(self) -> &'static str {
        match self {
            PassDirection::Received => "代收",
            PassDirection::PaidOn => "代付",
        }
    }
}

/// One line of 代收代付: money that only passes through the village.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PassThrough {
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    #[serde(deserialize_with = "de_text")]
    pub voucher: String,
    /// 代收 or 代付.
    pub kind: PassDirection,
    /// The matter it belongs to, the same on its receipts and payments, e.g. 某某项目征地补偿款
    /// (a 征地补偿 project of `special.land_compensation` by its name), 代收电费.
    #[serde(deserialize_with = "de_text")]
    pub matter: String,
    /// Who paid it in or who received it (a household, 供电所 …).
    #[serde(default, deserialize_with = "de_text")]
    pub party: String,
    #[serde(deserialize_with = "de_text")]
    pub summary: String,
    pub amount: Money,
    #[serde(deserialize_with = "de_text")]
    pub via: String,
    #[serde(deserialize_with = "de_text")]
    pub handler: String,
    #[serde(default)]
    pub approvers: Vec<String>,
}

/// Money moved from one fund to another, e.g. cash drawn from the bank (提取备用金).
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    #[serde(deserialize_with = "de_text")]
    pub party: String,
    pub amount: Money,
    #[serde(default, deserialize_with = "de_text")]
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Special {
    /// 一事一议: projects the villagers decided on one by one, with the money and labour they
    /// raised. YAML key `yishiyiyi`.
    #[serde(rename = "yishiyiyi")]
    pub one_matter_one_discussion: Vec<OneMatterOneDiscussion>,
    /// 征地补偿.
    pub land_compensation: Vec<LandCompensation>,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
/// One 一事一议 project.
pub struct OneMatterOneDiscussion {
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

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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
