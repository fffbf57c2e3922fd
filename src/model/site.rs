//! `site.yaml`: the publishing body, supervision phones, the objection procedure and rule limits.

use super::de_text;
use crate::money::Money;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// 镇 (town), e.g. 示例镇.
    #[serde(deserialize_with = "de_text")]
    pub town: String,
    /// 县 (county).
    #[serde(deserialize_with = "de_text")]
    pub county: String,
    /// Site title shown on every page.
    #[serde(deserialize_with = "de_text")]
    pub title: String,
    /// Publishing body (公开主体), e.g. 中共示例镇委员会 示例镇人民政府.
    #[serde(deserialize_with = "de_text")]
    pub publisher: String,
    /// Absolute URL the site is served from, e.g. `https://sanshai.example.cn/`.
    #[serde(default, deserialize_with = "de_text")]
    pub base_url: String,
    /// True for sample data: every page then says so.
    #[serde(default)]
    pub sample: bool,
    /// 监督电话.
    #[serde(default)]
    pub supervision_phones: Vec<Phone>,
    /// How a villager objects to a notice (异议处理办法).
    #[serde(default, deserialize_with = "de_text")]
    pub objection: String,
    /// Town-wide public service numbers printed on contact cards.
    #[serde(default)]
    pub service_phones: Vec<Phone>,
    #[serde(default)]
    pub rules: Rules,
    /// Paper size for printed notices: A4 (default) or A3.
    #[serde(default)]
    pub paper: Paper,
    /// Sheet orientation for printed notices: 纵向 (default) or 横向.
    #[serde(default)]
    pub orientation: Orientation,
    /// Files or folders at the top of the output folder that every build keeps (besides
    /// `.git`, `CNAME` and `.nojekyll`), e.g. a search engine's verification file.
    #[serde(default)]
    pub keep: Vec<String>,
    /// Days every village's schedules skip (法定节假日).
    #[serde(default)]
    pub holidays: Vec<super::Holiday>,
    /// The first day of the schedule shown (the current quarter's start); when empty, the
    /// day after the newest published quarter.
    #[serde(default, deserialize_with = "super::de_opt_date")]
    pub schedule_from: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    #[serde(deserialize_with = "de_text")]
    pub phone: String,
}

/// Limits for the automatic checks (common local rules, see DOMAIN.md).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// 库存现金限额: cash on hand above this is flagged.
    pub cash_limit: Money,
    /// Entries of this amount or more need at least `large_signatures` approvers.
    pub large_amount: Money,
    pub large_signatures: usize,
    /// Minimum days a notice stays on the board.
    pub min_days_on_board: u32,
    /// Days after the period end by which the notice must be posted.
    pub post_within_days: u32,
    /// Words that mark banned spending (招待费 …).
    pub banned_words: Vec<String>,
    /// Words that mark entries the bank makes by itself (interest, fees): no cadre signs
    /// them, so the signature rule does not apply.
    pub no_signature_words: Vec<String>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            cash_limit: Money::from_fen(500_000),
            large_amount: Money::from_fen(100_000),
            large_signatures: 3,
            min_days_on_board: 10,
            post_within_days: 15,
            banned_words: vec!["招待".into(), "宴请".into(), "烟酒".into()],
            no_signature_words: vec!["利息".into(), "结息".into(), "手续费".into()],
        }
    }
}

#[derive(
    Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema,
)]
pub enum Paper {
    #[default]
    A4,
    A3,
}

/// How a notice sheet stands on the board. Written in Chinese in `site.yaml`.
#[derive(
    Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema,
)]
pub enum Orientation {
    /// Portrait (the default).
    #[default]
    #[serde(rename = "纵向")]
    Portrait,
    /// Landscape: the ledger gets wider columns and fewer lines a sheet.
    #[serde(rename = "横向")]
    Landscape,
}

impl Orientation {
    /// The CSS `@page size` keyword.
    pub fn css(self) -> &'static str {
        match self {
            Orientation::Portrait => "portrait",
            Orientation::Landscape => "landscape",
        }
    }
}
