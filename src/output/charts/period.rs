//! The charts of a period page (and its printed notice): income and expense by account,
//! month by month, fund balances over recent periods, the request funnel and, in half-year
//! periods, satisfaction per cadre.

use super::shapes::{
    grouped_vbars, hbars, hbars_noted, hbars_to, small_multiples, stacked_hbars, BarRow, BarSeries,
    LineSeries, StackRow,
};
use super::{Chart, ChartTable};
use crate::derive::period::{
    AccountsView, BalanceHistory, ConductView, PerformanceView, PeriodReport, VisitsReport,
};
use crate::derive::{percent_label, AccountTotal};
use crate::model::PeriodId;
use crate::money::Money;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, Default)]
pub struct PeriodCharts {
    pub income_by_account: Option<Chart>,
    pub expense_by_account: Option<Chart>,
    pub monthly: Option<Chart>,
    pub balances: Option<Chart>,
    pub funnel: Option<Chart>,
    pub satisfaction: Option<Chart>,
    pub coverage: Option<Chart>,
}

/// How a set of amounts is best printed on a chart: 万元 with one decimal for large ones,
/// whole 元 otherwise. Returns the unit label and the formatter.
pub fn money_scale(max: Money) -> (&'static str, fn(i64) -> String) {
    if max.fen() >= 10_000_000 {
        ("单位:万元", |v| Money::from_fen(v).wan_yuan())
    } else {
        ("单位:元", |v| {
            let g = Money::from_fen((v + 50) / 100 * 100).grouped();
            g.trim_end_matches(".00").to_string()
        })
    }
}

/// A balance written short for a chart label: `61.6万` when the series reaches ¥100,000,
/// `1,634元` otherwise.
pub fn short_money(series_max: Money, m: Money) -> String {
    let (unit, fmt) = money_scale(series_max);
    if unit == "单位:万元" {
        format!("{}万", fmt(m.fen()))
    } else {
        format!("{}元", fmt(m.fen()))
    }
}

/// Short labels for periods: `一季度` within one year, `25年一季度` across years.
pub fn period_labels(ids: &[PeriodId]) -> Vec<String> {
    let one_year = ids.windows(2).all(|w| w[0].year == w[1].year);
    ids.iter()
        .map(|p| {
            let q = ["一", "二", "三", "四"][(p.quarter - 1) as usize];
            if one_year {
                format!("{q}季度")
            } else {
                format!("{}年{q}季度", p.year % 100)
            }
        })
        .collect()
}

fn by_account(
    id: &str,
    kind: &str,
    totals: &[AccountTotal],
    series: usize,
) -> Result<Option<Chart>, String> {
    if totals.iter().all(|t| t.amount.fen() <= 0) {
        return Ok(None);
    }
    // Accounts listed only for the year-to-date column have nothing this period.
    let mut sorted: Vec<&AccountTotal> = totals.iter().filter(|t| t.amount.fen() > 0).collect();
    sorted.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.account.cmp(&b.account)));
    let total: Money = sorted.iter().map(|t| t.amount).sum();
    let title = format!("本期{kind}按科目");
    let desc = format!(
        "本期{kind}共 {},{}",
        total.yuan(),
        sorted
            .iter()
            .map(|t| format!("{} {}", t.account, t.amount.yuan()))
            .collect::<Vec<_>>()
            .join(",")
    );
    let rows: Vec<BarRow> = sorted
        .iter()
        .map(|t| BarRow {
            label: t.account.clone(),
            value: t.amount.fen(),
            text: t.amount.yuan(),
            series,
        })
        .collect();
    let table = ChartTable {
        headers: vec!["科目".into(), "金额".into(), "笔数".into()],
        rows: sorted
            .iter()
            .map(|t| vec![t.account.clone(), t.amount.yuan(), t.count.to_string()])
            .collect(),
    };
    Chart::draw(id, title, desc, table, |lb| hbars(lb, &rows)).map(Some)
}

fn monthly(a: &AccountsView) -> Result<Chart, String> {
    let max = a
        .months
        .iter()
        .map(|m| m.income.max(m.expense))
        .max()
        .unwrap_or_default();
    let (unit, fmt) = money_scale(max);
    let cats: Vec<String> = a.months.iter().map(|m| m.label.clone()).collect();
    let series = vec![
        BarSeries {
            name: "收入".into(),
            values: a.months.iter().map(|m| m.income.fen()).collect(),
            texts: a.months.iter().map(|m| fmt(m.income.fen())).collect(),
        },
        BarSeries {
            name: "支出".into(),
            values: a.months.iter().map(|m| m.expense.fen()).collect(),
            texts: a.months.iter().map(|m| fmt(m.expense.fen())).collect(),
        },
    ];
    let title = "每月收入和支出".to_string();
    let desc = a
        .months
        .iter()
        .map(|m| {
            format!(
                "{}收入 {}、支出 {}",
                m.label,
                m.income.yuan(),
                m.expense.yuan()
            )
        })
        .collect::<Vec<_>>()
        .join(";");
    Chart::draw(
        "chart-monthly",
        title,
        desc,
        ChartTable {
            headers: vec!["月份".into(), "收入".into(), "支出".into()],
            rows: a
                .months
                .iter()
                .map(|m| vec![m.label.clone(), m.income.yuan(), m.expense.yuan()])
                .collect(),
        },
        |lb| grouped_vbars(lb, &cats, &series, unit),
    )
}

/// Balances of each fund over the last (up to) four periods.
fn balances(h: &BalanceHistory) -> Result<Option<Chart>, String> {
    let history = &h.funds;
    let ids: &[PeriodId] = &h.periods;
    let cats = period_labels(ids);
    let series: Vec<LineSeries> = history
        .iter()
        .map(|(name, vs)| LineSeries {
            name: name.clone(),
            values: vs.iter().map(|m| m.map(Money::fen)).collect(),
        })
        .collect();
    // Each fund on its own scale, every point labelled (万 for large balances, 元 otherwise).
    let labels: Vec<Vec<String>> = history
        .iter()
        .map(|(_, vs)| {
            let max = vs.iter().flatten().copied().max().unwrap_or_default();
            vs.iter()
                .map(|m| m.map_or(String::new(), |m| short_money(max, m)))
                .collect()
        })
        .collect();
    let title = "各账户期末余额(近几期)".to_string();
    let desc = history
        .iter()
        .map(|(name, vs)| {
            let last = vs
                .last()
                .copied()
                .flatten()
                .map_or("—".to_string(), Money::yuan);
            format!("{name}本期末 {last}")
        })
        .collect::<Vec<_>>()
        .join(";");
    let mut headers = vec!["期间".to_string()];
    headers.extend(history.iter().map(|(n, _)| n.clone()));
    let rows = ids
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut row = vec![p.label()];
            row.extend(
                history
                    .iter()
                    .map(|(_, vs)| vs[i].map_or("—".to_string(), Money::yuan)),
            );
            row
        })
        .collect();
    Ok(Some(Chart::draw(
        "chart-balances",
        title,
        desc,
        ChartTable { headers, rows },
        |lb| small_multiples(lb, &cats, &series, &labels),
    )?))
}

fn funnel(p: &PerformanceView) -> Result<Chart, String> {
    let l = &p.counts;
    // The first step is the whole ledger: with requests carried in, 受理和转入.
    let steps = [
        (l.ledger_label, l.on_ledger),
        ("办理", l.handled),
        ("回访", l.followed_up),
        ("落实", l.resolved),
    ];
    let title = "群众诉求办理进度".to_string();
    let desc = format!(
        "{} {} 件,办理 {} 件,回访 {} 件,落实 {} 件,落实率 {}",
        l.ledger_label,
        l.on_ledger,
        l.handled,
        l.followed_up,
        l.resolved,
        percent_label(l.resolution_permille)
    );
    let rows: Vec<BarRow> = steps
        .iter()
        .map(|(name, n)| BarRow {
            label: (*name).into(),
            value: *n as i64,
            text: format!("{n} 件"),
            series: 2,
        })
        .collect();
    let mut table_rows: Vec<Vec<String>> = steps
        .iter()
        .map(|(n, c)| vec![(*n).into(), c.to_string()])
        .collect();
    table_rows.push(vec!["落实率".into(), percent_label(l.resolution_permille)]);
    Chart::draw(
        "chart-funnel",
        title,
        desc,
        ChartTable {
            headers: vec!["环节".into(), "件数".into()],
            rows: table_rows,
        },
        |lb| {
            hbars_noted(
                lb,
                &rows,
                Some(&format!("落实率 {}", percent_label(l.resolution_permille))),
            )
        },
    )
}

fn satisfaction(c: &ConductView) -> Result<Option<Chart>, String> {
    if c.cadres.is_empty() {
        return Ok(None);
    }
    let names = ["满意", "基本满意", "不满意"];
    let rows: Vec<StackRow> = c
        .cadres
        .iter()
        .map(|x| StackRow {
            label: x.name.clone(),
            counts: vec![x.survey.satisfied, x.survey.basic, x.survey.unsatisfied],
            note: format!("满意率 {}", x.satisfaction_rate),
        })
        .collect();
    let title = format!("{}干部满意度测评", c.half_label);
    let desc = c
        .cadres
        .iter()
        .map(|x| {
            format!(
                "{}:满意 {}、基本满意 {}、不满意 {},共 {} 票,满意率 {}",
                x.name,
                x.survey.satisfied,
                x.survey.basic,
                x.survey.unsatisfied,
                x.survey.respondents,
                x.satisfaction_rate
            )
        })
        .collect::<Vec<_>>()
        .join(";");
    Ok(Some(Chart::draw(
        "chart-satisfaction",
        title,
        desc,
        ChartTable {
            headers: ["干部", "满意", "基本满意", "不满意", "参评", "满意率"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            rows: c
                .cadres
                .iter()
                .map(|x| {
                    vec![
                        x.name.clone(),
                        x.survey.satisfied.to_string(),
                        x.survey.basic.to_string(),
                        x.survey.unsatisfied.to_string(),
                        x.survey.respondents.to_string(),
                        x.satisfaction_rate.clone(),
                    ]
                })
                .collect(),
        },
        |lb| stacked_hbars(lb, &names, &rows),
    )?))
}

/// The share of linked households visited in every two weeks, per grid, drawn against 100%.
fn coverage(x: &VisitsReport) -> Result<Option<Chart>, String> {
    if x.grids.is_empty() {
        return Ok(None);
    }
    let rows: Vec<BarRow> = x
        .grids
        .iter()
        .map(|g| BarRow {
            label: g.name.clone(),
            value: i64::from(g.permille),
            text: g.rate.clone(),
            series: 3,
        })
        .collect();
    let title = format!(
        "每两周走访到的联系户占比（按网格，{} 天一轮）",
        x.window_days
    );
    let desc = x
        .grids
        .iter()
        .map(|g| {
            format!(
                "{}:{} 户 × {} 轮应走访 {} 户次,走访到 {} 户次,{}",
                g.name, g.linked, g.windows, g.due, g.covered, g.rate
            )
        })
        .collect::<Vec<_>>()
        .join(";");
    Ok(Some(Chart::draw(
        "chart-coverage",
        title,
        desc,
        ChartTable {
            headers: ["网格", "联系户", "轮数", "应走访户次", "走访到", "占比"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            rows: x
                .grids
                .iter()
                .map(|g| {
                    vec![
                        g.name.clone(),
                        g.linked.to_string(),
                        g.windows.to_string(),
                        g.due.to_string(),
                        g.covered.to_string(),
                        g.rate.clone(),
                    ]
                })
                .collect(),
        },
        |lb| hbars_to(lb, &rows, None, Some(1000)),
    )?))
}

pub fn period_charts(r: &PeriodReport) -> Result<PeriodCharts, String> {
    let mut c = PeriodCharts::default();
    if let Some(a) = &r.accounts {
        c.income_by_account = by_account("chart-income", "收入", &a.income_totals, 0)?;
        c.expense_by_account = by_account("chart-expense", "支出", &a.expense_totals, 1)?;
        c.monthly = Some(monthly(a)?);
    }
    if let Some(h) = &r.balance_history {
        c.balances = balances(h)?;
    }
    if let Some(p) = &r.performance {
        c.funnel = Some(funnel(p)?);
    }
    if let Some(x) = &r.conduct {
        c.satisfaction = satisfaction(x)?;
    }
    if let Some(x) = &r.visits {
        c.coverage = coverage(x)?;
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_and_labels() {
        let (unit, f) = money_scale(Money::from_fen(12_345_678));
        assert_eq!((unit, f(12_345_678)), ("单位:万元", "12.3".to_string()));
        let (unit, f) = money_scale(Money::from_fen(300_049));
        assert_eq!((unit, f(300_049)), ("单位:元", "3,000".to_string()));
        let q = |year, quarter| PeriodId { year, quarter };
        assert_eq!(
            period_labels(&[q(2025, 1), q(2025, 2)]),
            vec!["一季度", "二季度"]
        );
        assert_eq!(
            period_labels(&[q(2024, 4), q(2025, 1)]),
            vec!["24年四季度", "25年一季度"]
        );
    }
}
