//! The tables of a period's data package: for each, its columns (name, type, meaning, keys)
//! and how its rows are read off the period's report.
//!
//! A column is described and filled in the same place, so the schema in `datapackage.json`
//! and the CSV file cannot drift apart. Column names are Chinese, as the town office sees them
//! in Excel; the descriptions say in English what each holds, for researchers. A table belongs
//! to one disclosure ([`Part`]) and is written whenever the period has that disclosure, with
//! only its header when the list is empty, so every period of a kind has the same files.

use super::rows::*;
use crate::derive::period::PeriodReport;
use crate::money::Money;

/// What a column holds, and so its Frictionless type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text as written in the YAML (sanitised when written, see `package::safe_text`).
    Text,
    Integer,
    /// Yuan with two decimals (`12345.60`), from integer 分.
    Amount,
    /// `2025-07-03`.
    Date,
    /// A percentage with one decimal (`95.7`), from per mille.
    Percent,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub description: &'static str,
    pub required: bool,
    /// The only values the column takes (labels this program writes itself), or empty.
    pub choices: &'static [&'static str],
}

const fn col(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
        required: false,
        choices: &[],
    }
}

impl Column {
    const fn required(mut self) -> Column {
        self.required = true;
        self
    }
    const fn one_of(mut self, choices: &'static [&'static str]) -> Column {
        self.choices = choices;
        self.required = true;
        self
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Integer(u64),
    Money(Money),
    /// ISO date, or "" for none.
    Date(String),
    /// Per mille, written as a percentage with one decimal.
    Permille(u32),
}

/// Columns of this table that refer to the key of another table of the same package.
#[derive(Debug, Clone, Copy)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub resource: &'static str,
    pub reference: &'static [&'static str],
}

/// Which disclosure of the period a table comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Accounts,
    Performance,
    Conduct,
}

impl Part {
    pub fn present(self, r: &PeriodReport) -> bool {
        match self {
            Part::Accounts => r.accounts.is_some(),
            Part::Performance => r.performance.is_some(),
            Part::Conduct => r.conduct.is_some(),
        }
    }
}

pub type Rows = Vec<Vec<Cell>>;

pub struct Table {
    /// Resource name and file stem (`entries` → `entries.csv`).
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub part: Part,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
    /// The rows; called only when the period has the table's part.
    pub rows: fn(&PeriodReport) -> Rows,
}

impl Table {
    pub fn file(&self) -> String {
        format!("{}.csv", self.name)
    }
}

use Kind::*;

const SIDES: &[&str] = &["收入", "支出"];
const FUND: ForeignKey = ForeignKey {
    fields: &["账户"],
    resource: "funds",
    reference: &["账户"],
};

/// Every table a period's package can hold, in the order they are listed.
pub const TABLES: &[Table] = &[
    Table {
        name: "entries",
        title: "收支明细",
        description: "Every income and expense entry of the quarter (逐项逐笔), each side numbered by date and voucher as the page lists them.",
        part: Part::Accounts,
        columns: &[
            col("收支", Text, "side: 收入 income or 支出 expense").one_of(SIDES),
            col("序号", Integer, "number of the entry within its side, from 1").required(),
            col("日期", Date, "date of the entry").required(),
            col("凭证号", Text, "bookkeeping voucher number"),
            col("科目", Text, "account of the chart of accounts (财会〔2023〕14号)").required(),
            col("明细", Text, "sub-item of the account"),
            col("摘要", Text, "what the money was for"),
            col("金额", Amount, "amount in yuan, two decimals").required(),
            col("账户", Text, "cash box or bank account the money went through").required(),
            col("资金来源", Text, "where the money for an expense came from"),
            col("经手人", Text, "who paid or received"),
            col("审批人", Text, "who approved, separated by 、"),
            col("凭证分行", Text, "for a voucher of several lines (一张凭证多行): which line this is, e.g. 第 1 行,共 2 行; empty otherwise"),
            col("冲销", Text, "for a reversing entry (红字冲销, negative amount): 冲销 and the voucher it reverses, with its quarter when earlier; empty otherwise"),
        ],
        primary_key: &["收支", "序号"],
        foreign_keys: &[FUND],
        rows: entries,
    },
    Table {
        name: "funds",
        title: "账户余额",
        description: "Each cash box and bank account: opening balance, income, expense, transfers between the village's own accounts, money passed through for others (代收代付), closing balance (opening + income − expense + in − out + 代收 − 代付).",
        part: Part::Accounts,
        columns: &[
            col("账户", Text, "name of the cash box or bank account").required(),
            col("类型", Text, "现金 cash or 银行 bank").one_of(&["现金", "银行"]),
            col("开户行", Text, "bank and branch"),
            col("账号", Text, "account number as published (masked)"),
            col("期初余额", Amount, "balance at the start of the quarter, yuan").required(),
            col("收入", Amount, "income through this account, yuan").required(),
            col("支出", Amount, "expense through this account, yuan").required(),
            col("转入", Amount, "moved in from the village's other accounts, yuan").required(),
            col("转出", Amount, "moved out to the village's other accounts, yuan").required(),
            col("代收", Amount, "received for others (not income), yuan").required(),
            col("代付", Amount, "paid on for others (not expense), yuan").required(),
            col("期末余额", Amount, "balance at the end of the quarter, yuan").required(),
        ],
        primary_key: &["账户"],
        foreign_keys: &[],
        rows: funds,
    },
    Table {
        name: "account-totals",
        title: "科目汇总",
        description: "Income and expense per account of the chart, for the quarter and for the year so far (本年累计).",
        part: Part::Accounts,
        columns: &[
            col("收支", Text, "side: 收入 income or 支出 expense").one_of(SIDES),
            col("科目", Text, "account of the chart of accounts").required(),
            col("本期金额", Amount, "total of the quarter, yuan").required(),
            col("笔数", Integer, "number of entries in the quarter").required(),
            col("本年累计", Amount, "total from the first quarter of the year to this one, yuan").required(),
        ],
        primary_key: &["收支", "科目"],
        foreign_keys: &[],
        rows: account_totals,
    },
    Table {
        name: "transfers",
        title: "内部转账",
        description: "Money moved between the village's own accounts (提现, 存现): neither income nor expense.",
        part: Part::Accounts,
        columns: &[
            col("序号", Integer, "number of the transfer, from 1, by date").required(),
            col("日期", Date, "date of the transfer").required(),
            col("凭证号", Text, "bookkeeping voucher number"),
            col("转出账户", Text, "account the money left").required(),
            col("转入账户", Text, "account the money entered").required(),
            col("金额", Amount, "amount in yuan").required(),
            col("摘要", Text, "what the transfer was for"),
            col("经手人", Text, "who moved the money"),
        ],
        primary_key: &["序号"],
        foreign_keys: &[
            ForeignKey {
                fields: &["转出账户"],
                resource: "funds",
                reference: &["账户"],
            },
            ForeignKey {
                fields: &["转入账户"],
                resource: "funds",
                reference: &["账户"],
            },
        ],
        rows: transfers,
    },
    Table {
        name: "pass-through",
        title: "代收代付",
        description: "Money the village received for others and paid on to them (代收代付), line by line: neither income nor expense, but through its accounts.",
        part: Part::Accounts,
        columns: &[
            col("事项", Text, "the matter the money belongs to").required(),
            col("序号", Integer, "number of the line within its matter, from 1, by date").required(),
            col("日期", Date, "date of the line").required(),
            col("凭证号", Text, "bookkeeping voucher number"),
            col("代收代付", Text, "代收 received for others or 代付 paid on").one_of(&["代收", "代付"]),
            col("对方", Text, "who paid it in or received it"),
            col("摘要", Text, "what the money was for"),
            col("金额", Amount, "amount, yuan").required(),
            col("账户", Text, "cash box or bank account the money went through").required(),
            col("经手人", Text, "who paid or received"),
            col("审批人", Text, "who approved, separated by 、"),
        ],
        primary_key: &["事项", "序号"],
        foreign_keys: &[FUND],
        rows: pass_through,
    },
    Table {
        name: "fixed-assets",
        title: "固定资产",
        description: "Fixed assets of the collective (三资: 资产).",
        part: Part::Accounts,
        columns: &[
            col("名称", Text, "the asset").required(),
            col("原值", Amount, "what it cost, yuan").required(),
            col("累计折旧", Amount, "depreciation written off so far, yuan").required(),
            col("使用状况", Text, "in use, leased out …"),
        ],
        primary_key: &[],
        foreign_keys: &[],
        rows: fixed_assets,
    },
    Table {
        name: "resources",
        title: "资源性资产",
        description: "Land, water and forest the collective owns (三资: 资源) and how each is used.",
        part: Part::Accounts,
        columns: &[
            col("类别", Text, "耕地, 林地, 水面 …").required(),
            col("名称", Text, "the resource").required(),
            col("面积", Text, "area with its unit, as written (e.g. 120亩)"),
            col("经营方式", Text, "contracted out, run by the village, idle …"),
        ],
        primary_key: &[],
        foreign_keys: &[],
        rows: resources,
    },
    Table {
        name: "contracts",
        title: "发包租赁合同",
        description: "Land, ponds and buildings contracted or leased out, with the yearly fee and what was received this quarter.",
        part: Part::Accounts,
        columns: &[
            col("标的", Text, "what is contracted or leased").required(),
            col("承包方", Text, "who contracted or leased it"),
            col("起始日期", Date, "start of the contract").required(),
            col("终止日期", Date, "end of the contract").required(),
            col("年承包费", Amount, "yearly fee, yuan").required(),
            col("本期收取", Amount, "received this quarter, yuan").required(),
        ],
        primary_key: &[],
        foreign_keys: &[],
        rows: contracts,
    },
    Table {
        name: "claims",
        title: "应收应付款",
        description: "What others owe the village (应收款) and what the village owes (应付款).",
        part: Part::Accounts,
        columns: &[
            col("类别", Text, "应收款 receivable or 应付款 payable").one_of(&["应收款", "应付款"]),
            col("单位或个人", Text, "the other party").required(),
            col("金额", Amount, "amount, yuan").required(),
            col("说明", Text, "note"),
        ],
        primary_key: &[],
        foreign_keys: &[],
        rows: claims,
    },
    Table {
        name: "yishiyiyi",
        title: "一事一议",
        description: "Projects the villagers decided on together (一事一议), with the money and labour raised and how much was used.",
        part: Part::Accounts,
        columns: &[
            col("项目", Text, "the project").required(),
            col("筹资", Amount, "money raised from villagers, yuan").required(),
            col("筹劳工日", Integer, "labour raised, in workdays").required(),
            col("财政奖补", Amount, "government subsidy, yuan").required(),
            col("已使用", Amount, "spent so far, yuan").required(),
            col("说明", Text, "note"),
        ],
        primary_key: &[],
        foreign_keys: &[],
        rows: yishiyiyi,
    },
    Table {
        name: "land-compensation",
        title: "征地补偿",
        description: "Compensation for requisitioned land and how it was split between the collective and households.",
        part: Part::Accounts,
        columns: &[
            col("项目", Text, "the requisition").required(),
            col("补偿总额", Amount, "total compensation, yuan").required(),
            col("留集体", Amount, "kept by the collective, yuan").required(),
            col("分配到户", Amount, "paid to households, yuan").required(),
            col("涉及户数", Integer, "number of households").required(),
            col("说明", Text, "note"),
        ],
        primary_key: &[],
        foreign_keys: &[],
        rows: land_compensation,
    },
    Table {
        name: "requests",
        title: "民情台账",
        description: "The ledger of villagers' requests (民情台账) as it stands at the quarter's end: the requests received this quarter, then those carried in from earlier quarters while still open; when and how each came in and where it stands (已受理 → 已办理 → 已回访 → 已落实).",
        part: Part::Performance,
        columns: &[
            col("编号", Text, "the request's id, the same in every quarter it appears in (written, or the quarter and its place by date, e.g. 2025-q1-8)").required(),
            col("类别", Text, "本季度受理 received this quarter, or 往期转入 carried in, still open, from an earlier quarter").one_of(&["本季度受理", "往期转入"]),
            col("受理季度", Text, "the quarter it was received in, for a carried request"),
            col("受理日期", Date, "day the request was received").required(),
            col("来源", Text, "接待日 reception day, 意见箱 suggestion box, 电话 phone, 走访 home visit"),
            col("反映人", Text, "who asked, anonymised"),
            col("事项", Text, "what was asked"),
            col("进展", Text, "已受理, 已办理, 已回访 or 已落实").required(),
            col("经办人", Text, "cadre in charge"),
            col("办理情况", Text, "what was done"),
            col("落实日期", Date, "day it was resolved; empty while open"),
        ],
        primary_key: &["编号"],
        foreign_keys: &[],
        rows: requests,
    },
    Table {
        name: "visits",
        title: "党员联户走访记录",
        description: "The visits of the quarter by contact Party members, grid leaders and cadres (党员联户走访): day, visitor, villager group, number of households (never their names or numbers), kind, what was raised and the request it produced.",
        part: Part::Performance,
        columns: &[
            col("日期", Date, "day of the visit").required(),
            col("走访人", Text, "who visited").required(),
            col("村民小组", Text, "the villager group of the households").required(),
            col("户数", Integer, "households visited").required(),
            col("类别", Text, "例行走访 routine, 三必访 hardship/accident/dispute, 回访 follow-up").one_of(&["例行走访", "三必访", "回访"]),
            col("三必访原因", Text, "生活困难, 家庭意外 or 邻里矛盾 for a 三必访, else empty"),
            col("群众反映", Text, "what was raised"),
            col("台账编号", Text, "id of the request of the ledger it produced or followed up"),
        ],
        primary_key: &[],
        foreign_keys: &[],
        rows: visits,
    },
    Table {
        name: "visit_coverage",
        title: "每两周走访覆盖",
        description: "Per grid, the promise of a visit to every linked household in every two weeks: the quarter is cut into 14-day rounds from its first day (the days left at its end form none); 应走访户次 = linked households × rounds, 走访到户次 = households visited in each round, summed.",
        part: Part::Performance,
        columns: &[
            col("网格", Text, "the grid").required(),
            col("联系户", Integer, "households linked to the grid's Party members").required(),
            col("轮数", Integer, "14-day rounds in the quarter").required(),
            col("应走访户次", Integer, "linked households × rounds").required(),
            col("走访到户次", Integer, "households visited, counted once per round").required(),
            col("占比", Percent, "走访到户次 / 应走访户次 in percent, one decimal").required(),
        ],
        primary_key: &["网格"],
        foreign_keys: &[],
        rows: visit_coverage,
    },
    Table {
        name: "survey",
        title: "作风测评",
        description: "The half-yearly satisfaction survey of each cadre (晒作风): votes, satisfaction rate ((满意 + 基本满意) / 参评人数) and rating.",
        part: Part::Conduct,
        columns: &[
            col("姓名", Text, "the cadre").required(),
            col("职务", Text, "role"),
            col("满意", Integer, "votes 满意 satisfied").required(),
            col("基本满意", Integer, "votes 基本满意 mostly satisfied").required(),
            col("不满意", Integer, "votes 不满意 not satisfied").required(),
            col("参评人数", Integer, "people who voted").required(),
            col("满意率", Percent, "satisfaction rate in percent, one decimal").required(),
            col("评定", Text, "优秀, 称职, 基本称职 or 不称职").required(),
        ],
        primary_key: &["姓名"],
        foreign_keys: &[],
        rows: survey,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_columns_of_their_tables() {
        for t in TABLES {
            let has = |table: &Table, name: &str| table.columns.iter().any(|c| c.name == name);
            for k in t.primary_key {
                assert!(has(t, k), "{}: key {k}", t.name);
            }
            for fk in t.foreign_keys {
                let target = TABLES.iter().find(|x| x.name == fk.resource).unwrap();
                assert_eq!(target.part, t.part, "{}: a key into another part", t.name);
                for (f, r) in fk.fields.iter().zip(fk.reference) {
                    assert!(has(t, f) && has(target, r), "{}: {f} → {r}", t.name);
                }
            }
            let mut names: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), t.columns.len(), "{}: a column twice", t.name);
        }
    }
}
