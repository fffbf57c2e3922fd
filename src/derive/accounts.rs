//! Account figures of a period: per-fund flows, totals per chart account and per month, and
//! the year-to-date totals a paper notice prints beside the period's.

pub use crate::calc::flows::{fund_flows, FundFlow};
use crate::model::{account_chart, AccountsFile, Entry, Fund, Located, PeriodId};
use crate::money::Money;
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;

/// Total of one chart account (and its sub-items) in a period.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AccountTotal {
    pub account: String,
    pub amount: Money,
    pub count: usize,
    /// 本年累计: this account from the year's first quarter up to this one.
    pub year_to_date: Money,
    /// Sub-items (明细) with their totals, largest first.
    pub items: Vec<ItemTotal>,
    /// A 管理费用-type account a notice highlights.
    pub highlight: bool,
    /// Whether the period has entries under this account (it may be listed only for the
    /// year-to-date column).
    pub has_entries: bool,
    /// The account name in plain words (名词解释), when the chart of accounts knows it.
    pub gloss: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ItemTotal {
    pub item: String,
    pub amount: Money,
    pub count: usize,
}

/// Totals per chart account, in chart order.
pub fn account_totals(entries: &[Located<Entry>]) -> Vec<AccountTotal> {
    type Slot = (Money, usize, BTreeMap<String, (Money, usize)>);
    let mut by: BTreeMap<(usize, String), Slot> = BTreeMap::new();
    for e in entries {
        let slot = by
            .entry((account_chart::order(&e.account), e.account.clone()))
            .or_default();
        slot.0 += e.amount;
        slot.1 += 1;
        let item = if e.item.is_empty() {
            "(未分明细)"
        } else {
            e.item.as_str()
        };
        let it = slot.2.entry(item.to_string()).or_default();
        it.0 += e.amount;
        it.1 += 1;
    }
    by.into_iter()
        .map(|((_, account), (amount, count, items))| {
            let mut items: Vec<ItemTotal> = items
                .into_iter()
                .map(|(item, (amount, count))| ItemTotal {
                    item,
                    amount,
                    count,
                })
                .collect();
            items.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.item.cmp(&b.item)));
            AccountTotal {
                highlight: account_chart::HIGHLIGHT_ACCOUNTS.contains(&account.as_str()),
                gloss: super::glossary::account_gloss(&account),
                account,
                amount,
                count,
                year_to_date: amount,
                items,
                has_entries: count > 0,
            }
        })
        .collect()
}

/// Adds earlier quarters of the same year into `year_to_date`. Accounts used earlier in the
/// year but not this quarter are added with ¥0.00 for the quarter, so the 本年累计 column is
/// complete; returns the year-to-date total of all accounts.
pub fn add_year_to_date(totals: &mut Vec<AccountTotal>, earlier: &[&[Located<Entry>]]) -> Money {
    for e in earlier.iter().flat_map(|es| es.iter()) {
        if !totals.iter().any(|t| t.account == e.account) {
            totals.push(AccountTotal {
                account: e.account.clone(),
                amount: Money::ZERO,
                count: 0,
                year_to_date: Money::ZERO,
                items: Vec::new(),
                highlight: account_chart::HIGHLIGHT_ACCOUNTS.contains(&e.account.as_str()),
                has_entries: false,
                gloss: super::glossary::account_gloss(&e.account),
            });
        }
    }
    totals.sort_by(|a, b| {
        (account_chart::order(&a.account), &a.account)
            .cmp(&(account_chart::order(&b.account), &b.account))
    });
    for t in totals.iter_mut() {
        let before: Money = earlier
            .iter()
            .flat_map(|es| es.iter())
            .filter(|e| e.account == t.account)
            .map(|e| e.amount)
            .sum();
        t.year_to_date = t.amount + before;
    }
    totals.iter().map(|t| t.year_to_date).sum()
}

/// Income and expense of one month.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MonthTotal {
    pub month: u32,
    pub label: String,
    pub income: Money,
    pub expense: Money,
}

/// The three months of the quarter, each with its totals (a month with nothing is zero).
pub fn monthly(period: PeriodId, acc: &AccountsFile) -> Vec<MonthTotal> {
    period
        .months()
        .iter()
        .map(|&m| {
            let sum = |es: &[Located<Entry>]| -> Money {
                es.iter()
                    .filter(|e| e.date.month() == m)
                    .map(|e| e.amount)
                    .sum()
            };
            MonthTotal {
                month: m,
                label: format!("{m}月"),
                income: sum(&acc.income),
                expense: sum(&acc.expenses),
            }
        })
        .collect()
}

/// The headline figures of a period's accounts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AccountsSummary {
    pub income: Money,
    pub expense: Money,
    /// income − expense.
    pub net: Money,
    pub opening: Money,
    /// Sum of stated closing balances (computed where not stated).
    pub closing: Money,
    pub entry_count: usize,
    pub income_count: usize,
    pub expense_count: usize,
}

pub fn summary(flows: &[FundFlow], acc: &AccountsFile) -> AccountsSummary {
    let income: Money = acc.income.iter().map(|e| e.amount).sum();
    let expense: Money = acc.expenses.iter().map(|e| e.amount).sum();
    AccountsSummary {
        income,
        expense,
        net: income - expense,
        opening: flows.iter().map(|f| f.opening).sum(),
        closing: flows.iter().map(|f| f.closing).sum(),
        entry_count: acc.income.len() + acc.expenses.len(),
        income_count: acc.income.len(),
        expense_count: acc.expenses.len(),
    }
}

/// Closing balance of each fund at the end of each given period (stated where written,
/// computed otherwise); `None` where a period has no accounts. For the balance-over-time chart.
pub fn fund_history(
    funds: &[Fund],
    periods: &[(PeriodId, Option<&AccountsFile>)],
) -> Vec<(String, Vec<Option<Money>>)> {
    let flows: Vec<Option<Vec<FundFlow>>> = periods
        .iter()
        .map(|(id, acc)| acc.map(|a| fund_flows(funds, a, *id)))
        .collect();
    funds
        .iter()
        .map(|f| {
            let values = flows
                .iter()
                .map(|fl| {
                    fl.as_ref()
                        .and_then(|fl| fl.iter().find(|x| x.name == f.name))
                        .map(|x| x.closing)
                })
                .collect();
            (f.name.clone(), values)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FundKind, Review};
    use chrono::NaiveDate;

    fn entry(
        date: (i32, u32, u32),
        account: &str,
        item: &str,
        fen: i64,
        via: &str,
    ) -> Located<Entry> {
        Located {
            file: 0,
            path: String::new(),
            value: Entry {
                date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
                voucher: "记-1".into(),
                account: account.into(),
                item: item.into(),
                summary: "s".into(),
                amount: Money(fen),
                via: via.into(),
                source: String::new(),
                handler: "h".into(),
                approvers: vec![],
                reverses: None,
                lines: Vec::new(),
                part: None,
            },
        }
    }

    fn fund(name: &str, kind: FundKind) -> Fund {
        Fund {
            name: name.into(),
            kind,
            bank: String::new(),
            number: String::new(),
            opened: None,
            closed: None,
        }
    }

    fn sample() -> AccountsFile {
        let d = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
        AccountsFile {
            opening: [
                ("现金".to_string(), Money(100_00)),
                ("银行".to_string(), Money(5_000_00)),
            ]
            .into(),
            closing: [
                ("现金".to_string(), Money(50_00)),
                ("银行".to_string(), Money(6_000_00)),
            ]
            .into(),
            income: vec![
                entry((2025, 7, 3), "经营收入", "鱼塘", 1_200_00, "银行"),
                entry((2025, 8, 3), "补助收入", "", 300_00, "银行"),
            ],
            transfers: vec![],
            expenses: vec![
                entry((2025, 7, 9), "管理费用", "办公费", 50_00, "现金"),
                entry((2025, 9, 9), "管理费用", "水电费", 500_00, "银行"),
                entry((2025, 9, 19), "公益支出", "路灯", 10_00, "未登记"),
            ],
            review: Some(Review {
                reviewed_by: vec![],
                reviewed_on: d,
                posted_on: d,
                days: 10,
                opinion: String::new(),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn flows_per_fund_keep_unknown_names() {
        let acc = sample();
        let flows = fund_flows(
            &[fund("现金", FundKind::Cash), fund("银行", FundKind::Bank)],
            &acc,
            PeriodId {
                year: 2025,
                quarter: 3,
            },
        );
        assert_eq!(flows.len(), 3);
        assert_eq!(flows[0].computed, Money(50_00));
        assert_eq!(flows[0].difference(), Some(Money(0)));
        assert_eq!(flows[1].computed, Money(5_000_00 + 1_500_00 - 500_00));
        assert_eq!(flows[1].difference(), Some(Money(0)));
        assert_eq!(flows[2].name, "未登记");
        assert_eq!(flows[2].computed, Money(-10_00));
        let s = summary(&flows, &acc);
        assert_eq!(
            (s.income, s.expense, s.net),
            (Money(1_500_00), Money(560_00), Money(940_00))
        );
        assert_eq!(s.entry_count, 5);
    }

    #[test]
    fn history_of_closing_balances() {
        let acc = sample();
        let funds = [fund("现金", FundKind::Cash), fund("银行", FundKind::Bank)];
        let q2 = PeriodId {
            year: 2025,
            quarter: 2,
        };
        let q3 = PeriodId {
            year: 2025,
            quarter: 3,
        };
        let h = fund_history(&funds, &[(q2, None), (q3, Some(&acc))]);
        assert_eq!(h[0], ("现金".to_string(), vec![None, Some(Money(50_00))]));
        assert_eq!(h[1].1, vec![None, Some(Money(6_000_00))]);
    }

    #[test]
    fn totals_by_account_and_month() {
        let acc = sample();
        let t = account_totals(&acc.expenses);
        assert_eq!(t[0].account, "管理费用");
        assert_eq!(t[0].amount, Money(550_00));
        assert_eq!(t[0].items[0].item, "水电费");
        assert!(t[0].highlight);
        assert_eq!(t[1].account, "公益支出");
        let m = monthly(
            PeriodId {
                year: 2025,
                quarter: 3,
            },
            &acc,
        );
        assert_eq!(
            m.iter().map(|x| x.income.0).collect::<Vec<_>>(),
            vec![1_200_00, 300_00, 0]
        );
        assert_eq!(m[2].expense, Money(510_00));
        let mut t = account_totals(&acc.income);
        let earlier = [
            entry((2025, 2, 1), "经营收入", "", 7_00, "银行"),
            entry((2025, 5, 1), "投资收益", "", 40_00, "银行"),
        ];
        let ytd = add_year_to_date(&mut t, &[&earlier]);
        assert_eq!(t[0].year_to_date, Money(1_207_00));
        // Used only earlier in the year: listed with nothing this quarter.
        assert_eq!(
            (t[1].account.as_str(), t[1].amount, t[1].year_to_date),
            ("投资收益", Money(0), Money(40_00))
        );
        assert_eq!(t[2].year_to_date, Money(300_00));
        assert_eq!(ytd, Money(1_547_00));
    }
}
