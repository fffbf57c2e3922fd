//! The import rules (导入规则): a small YAML file saying how a finance program's export is laid
//! out and what its accounts mean for the disclosure, in the spirit of hledger's CSV rules.
//!
//! Finance programs differ in column names, title rows, date forms and account codes, and every
//! village names its bank accounts its own way. Rather than guess, the importer reads those
//! facts from this file; with no file it uses [`Rules::default`], which finds the header row
//! by the usual column names (日期, 凭证字号, 摘要, 科目编码, 科目名称, 借方金额, 贷方金额), knows
//! the cash and bank accounts and the income and expense accounts by their names (and by the
//! codes of the 2004 chart), and asks about anything else. The file is read with the same
//! YAML reader as the content, so its mistakes are reported at their line and column.

use crate::diag::Diagnostics;
use crate::load::read::FileCtx;
use crate::money::Money;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// 导入规则: how to read one finance program's export.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// 表格的样式: 序时账 (one line per debit or credit, several per voucher) or 收支明细
    /// (one row per income or expense). Found from the header when not given.
    #[serde(default)]
    pub layout: Option<Layout>,
    /// Which sheet of a workbook: its number (from 1) or its name. Default: the first sheet
    /// whose header is recognised.
    #[serde(default)]
    pub sheet: Option<SheetChoice>,
    /// Row (from 1) holding the column names; 0 when the table has none. Default: found.
    #[serde(default)]
    pub header_row: Option<u32>,
    /// Which column is which: each a column name as written in the header row, or a column
    /// letter (`D`).
    #[serde(default)]
    pub columns: Columns,
    /// Date form of text dates, in chrono's notation (`%Y%m%d`, `%d/%m/%Y`). Default: the
    /// forms `accounts.yaml` accepts, `2025.7.5` and `20250705`.
    #[serde(default)]
    pub date_format: Option<String>,
    /// Put before a voucher number that is only digits. Default `记-`.
    #[serde(default)]
    pub voucher_prefix: Option<String>,
    /// Rows whose summary, date or voucher cell contains one of these are subtotals and are
    /// skipped. Default: 合计, 累计, 期初余额, 上年结转, 承前页, 过次页.
    #[serde(default)]
    pub skip_rows_with: Option<Vec<String>>,
    /// Encoding of a CSV file: UTF-8 or GBK. Default: found from the bytes.
    #[serde(default)]
    pub encoding: Option<EncodingName>,
    /// Account code (prefix) or name → the fund of `village.yaml` it is, e.g.
    /// `"10201": 农商行基本户`.
    #[serde(default)]
    pub funds: BTreeMap<TextKey, String>,
    /// Account code (prefix) or name → the income or expense account of the disclosure's
    /// chart, optionally with a sub-item after `/`, e.g. `应付工资: 管理费用/村干部报酬`.
    #[serde(default)]
    pub accounts: BTreeMap<TextKey, String>,
    /// 经手人 of every entry when the table has no such column. Default: the cadre whose role
    /// says 报账员 or 会计.
    #[serde(default)]
    pub handler: Option<String>,
    /// 审批人 of every entry when the table has no such column.
    #[serde(default)]
    pub approvers: Option<Vec<String>>,
    /// Opening balances, for a village's first imported period (later periods open with the
    /// previous period's closing).
    #[serde(default)]
    pub opening: Option<BTreeMap<String, Money>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Layout {
    #[serde(rename = "序时账")]
    Journal,
    #[serde(rename = "收支明细")]
    SingleEntry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum EncodingName {
    #[serde(rename = "UTF-8", alias = "utf-8", alias = "UTF8", alias = "utf8")]
    Utf8,
    #[serde(
        rename = "GBK",
        alias = "gbk",
        alias = "GB18030",
        alias = "gb18030",
        alias = "GB2312"
    )]
    Gbk,
}

/// A sheet by number (from 1) or by name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SheetChoice {
    Number(u32),
    Name(String),
}

/// A mapping key written as text or as a bare number (`101:` reads as a code).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextKey(pub String);

impl<'de> Deserialize<'de> for TextKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::model::de_text(d).map(|s| TextKey(s.trim().to_string()))
    }
}

impl JsonSchema for TextKey {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TextKey".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

/// Which column holds what. Every value is the column's name in the header row, or its letter.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Columns {
    /// 日期.
    pub date: Option<String>,
    /// 凭证字号 / 凭证号.
    pub voucher: Option<String>,
    /// 摘要.
    pub summary: Option<String>,
    /// 科目编码 (序时账).
    pub code: Option<String>,
    /// 科目名称 (序时账), e.g. `管理费用/办公费`.
    pub name: Option<String>,
    /// 借方金额 (序时账).
    pub debit: Option<String>,
    /// 贷方金额 (序时账).
    pub credit: Option<String>,
    /// 金额: the amount (收支明细, or a 序时账 with a direction column).
    pub amount: Option<String>,
    /// 方向: 借 or 贷, with `amount` (序时账 with one amount column).
    pub direction: Option<String>,
    /// 收/支 (收支明细): 收, 支, or 转 for money between the village's own accounts.
    pub kind: Option<String>,
    /// 科目 (收支明细).
    pub account: Option<String>,
    /// 明细 (收支明细; in a 序时账 the sub-account's name is used).
    pub item: Option<String>,
    /// 账户 (收支明细): the cash box or bank account, `甲→乙` for a transfer.
    pub fund: Option<String>,
    /// 经手人.
    pub handler: Option<String>,
    /// 审批人: names separated by 、 or commas.
    pub approvers: Option<String>,
    /// 资金来源.
    pub source: Option<String>,
}

/// What a column holds, with the header names finance programs use for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Date,
    Voucher,
    Summary,
    Code,
    Name,
    Debit,
    Credit,
    Amount,
    Direction,
    Kind,
    Account,
    Item,
    Fund,
    Handler,
    Approvers,
    Source,
}

impl Field {
    pub const ALL: [Field; 16] = [
        Field::Date,
        Field::Voucher,
        Field::Summary,
        Field::Code,
        Field::Name,
        Field::Debit,
        Field::Credit,
        Field::Amount,
        Field::Direction,
        Field::Kind,
        Field::Account,
        Field::Item,
        Field::Fund,
        Field::Handler,
        Field::Approvers,
        Field::Source,
    ];

    /// The key in `columns:`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Voucher => "voucher",
            Field::Summary => "summary",
            Field::Code => "code",
            Field::Name => "name",
            Field::Debit => "debit",
            Field::Credit => "credit",
            Field::Amount => "amount",
            Field::Direction => "direction",
            Field::Kind => "kind",
            Field::Account => "account",
            Field::Item => "item",
            Field::Fund => "fund",
            Field::Handler => "handler",
            Field::Approvers => "approvers",
            Field::Source => "source",
        }
    }

    /// Header names that mean this column (after dropping spaces and a unit in brackets).
    pub fn header_names(self, layout: Layout) -> &'static [&'static str] {
        match (self, layout) {
            (Field::Date, _) => &["日期", "凭证日期", "记账日期", "制单日期", "业务日期"],
            (Field::Voucher, _) => &["凭证字号", "凭证号", "凭证编号", "凭证字", "字号", "凭证"],
            (Field::Summary, _) => &["摘要", "摘要说明"],
            (Field::Code, Layout::Journal) => &["科目编码", "科目代码", "科目编号", "科目号"],
            (Field::Name, Layout::Journal) => &["科目名称", "会计科目", "科目全称", "科目"],
            (Field::Debit, Layout::Journal) => &["借方金额", "借方", "借方发生额"],
            (Field::Credit, Layout::Journal) => &["贷方金额", "贷方", "贷方发生额"],
            (Field::Amount, _) => &["金额", "发生额"],
            (Field::Direction, Layout::Journal) => &["方向", "借贷方向", "借/贷", "借或贷"],
            (Field::Kind, Layout::SingleEntry) => &["收/支", "收支", "收或支", "类型"],
            (Field::Account, Layout::SingleEntry) => &["科目", "会计科目"],
            (Field::Item, Layout::SingleEntry) => &["明细", "明细科目", "明细项目"],
            (Field::Fund, Layout::SingleEntry) => &["账户", "资金账户", "收付账户"],
            (Field::Handler, _) => &["经手人", "经办人"],
            (Field::Approvers, _) => &["审批人", "审批"],
            (Field::Source, _) => &["资金来源"],
            _ => &[],
        }
    }

    /// What `columns:` says for this field.
    pub fn given(self, c: &Columns) -> Option<&str> {
        let v = match self {
            Field::Date => &c.date,
            Field::Voucher => &c.voucher,
            Field::Summary => &c.summary,
            Field::Code => &c.code,
            Field::Name => &c.name,
            Field::Debit => &c.debit,
            Field::Credit => &c.credit,
            Field::Amount => &c.amount,
            Field::Direction => &c.direction,
            Field::Kind => &c.kind,
            Field::Account => &c.account,
            Field::Item => &c.item,
            Field::Fund => &c.fund,
            Field::Handler => &c.handler,
            Field::Approvers => &c.approvers,
            Field::Source => &c.source,
        };
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

/// Subtotal and carry-forward rows finance programs put between the lines of a journal.
pub const DEFAULT_SKIP: &[&str] = &["合计", "累计", "期初余额", "上年结转", "承前页", "过次页"];

/// Account names (first level) that are cash and bank in both charts.
pub const CASH_NAMES: &[&str] = &["库存现金", "现金"];
pub const BANK_NAMES: &[&str] = &["银行存款"];

/// Codes of the 2004 chart (村集体经济组织会计制度, 财会〔2004〕12号): cash, bank, and the income
/// and expense accounts, for exports that give a code without a name.
pub const CODES_2004: &[(&str, &str)] = &[
    ("101", "现金"),
    ("102", "银行存款"),
    ("501", "经营收入"),
    ("502", "经营支出"),
    ("511", "发包及上交收入"),
    ("521", "农业税附加返还收入"),
    ("522", "补助收入"),
    ("531", "其他收入"),
    ("541", "管理费用"),
    ("551", "其他支出"),
    ("561", "投资收益"),
];

impl Rules {
    pub fn skip_words(&self) -> Vec<String> {
        match &self.skip_rows_with {
            Some(w) => w.clone(),
            None => DEFAULT_SKIP.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn voucher_prefix(&self) -> &str {
        self.voucher_prefix.as_deref().unwrap_or("记-")
    }
}

/// The value of the longest key of `map` that matches an account: a key of digits matches
/// codes it begins; any other key matches the full name or one of its levels.
pub fn lookup<'m>(
    map: &'m BTreeMap<TextKey, String>,
    code: &str,
    levels: &[String],
    full_name: &str,
) -> Option<(&'m str, &'m str)> {
    map.iter()
        .filter(|(k, _)| {
            let k = k.0.as_str();
            if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) {
                !code.is_empty() && code.starts_with(k)
            } else {
                k == full_name || levels.iter().any(|l| l == k)
            }
        })
        .max_by_key(|(k, _)| k.0.chars().count())
        .map(|(k, v)| (k.0.as_str(), v.as_str()))
}

/// Reads a rules file; its problems are reported at their line and column.
pub fn read(text: &str, display: &str) -> Result<Rules, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut diags = Diagnostics::new();
    let tree = match crate::load::tree::parse(text, display) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    let mut ctx = FileCtx {
        id: 0,
        display,
        tree: &tree,
        diags,
    };
    let rules = ctx
        .root_mapping()
        .and_then(|root| ctx.read::<Rules>(root, ""));
    match rules {
        Some(r) if !ctx.diags.has_errors() => Ok(r),
        _ => Err(ctx.diags),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_with_positions() {
        let r = read(
            "sheet: 2\ncolumns:\n  date: A\n  debit: 借方\nfunds:\n  101: 现金\n  \"10201\": 农商行基本户\naccounts:\n  应付工资: 管理费用/村干部报酬\nopening:\n  现金: 12.5\n",
            "导入规则.yaml",
        )
        .unwrap();
        assert_eq!(r.sheet, Some(SheetChoice::Number(2)));
        assert_eq!(r.columns.date.as_deref(), Some("A"));
        let levels = vec!["银行存款".to_string(), "农商行".to_string()];
        assert_eq!(
            lookup(&r.funds, "1020101", &levels, "银行存款/农商行"),
            Some(("10201", "农商行基本户"))
        );
        assert_eq!(lookup(&r.funds, "101", &[], ""), Some(("101", "现金")));
        assert_eq!(lookup(&r.funds, "1", &[], ""), None);
        assert_eq!(r.opening.unwrap()["现金"], Money::from_fen(1250));
        let err = read("colums:\n  date: A\n", "导入规则.yaml").unwrap_err();
        let report = err.report();
        assert!(
            report.starts_with("导入规则.yaml:1:1: 错误: `colums`: 不认识的键 `colums`"),
            "{report}"
        );
    }
}
