//! Charts of the village page (key figures across its periods) and of the town page (the
//! villages side by side for the latest period).

use super::period::{money_scale, period_labels, short_money};
use super::shapes::{grouped_vbars, hbars, small_multiples, BarRow, BarSeries, LineSeries};
use super::{Chart, ChartTable};
use crate::derive::town::RankRow;
use crate::derive::village::PeriodBrief;
use crate::model::PeriodId;
use crate::money::Money;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, Default)]
pub struct VillageCharts {
    pub money: Option<Chart>,
    pub closing: Option<Chart>,
    pub requests: Option<Chart>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct TownCharts {
    pub scores: Option<Chart>,
    pub money: Option<Chart>,
    pub resolution: Option<Chart>,
}

fn table(headers: &[&str], rows: Vec<Vec<String>>) -> ChartTable {
    ChartTable {
        headers: headers.iter().map(|s| s.to_string()).collect(),
        rows,
    }
}

fn income_expense(
    id: &str,
    title: String,
    cats: &[String],
    income: &[Money],
    expense: &[Money],
) -> Result<Chart, String> {
    let max = income
        .iter()
        .chain(expense)
        .copied()
        .max()
        .unwrap_or_default();
    let (unit, fmt) = money_scale(max);
    let series = vec![
        BarSeries {
            name: "收入".into(),
            values: income.iter().map(|m| m.fen()).collect(),
            texts: income.iter().map(|m| fmt(m.fen())).collect(),
        },
        BarSeries {
            name: "支出".into(),
            values: expense.iter().map(|m| m.fen()).collect(),
            texts: expense.iter().map(|m| fmt(m.fen())).collect(),
        },
    ];
    let desc = cats
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c}收入 {}、支出 {}", income[i].yuan(), expense[i].yuan()))
        .collect::<Vec<_>>()
        .join(";");
    let rows = cats
        .iter()
        .enumerate()
        .map(|(i, c)| vec![c.clone(), income[i].yuan(), expense[i].yuan()])
        .collect();
    Chart::draw(
        id,
        title,
        desc,
        table(&["", "收入", "支出"], rows),
        |lb| grouped_vbars(lb, cats, &series, unit),
    )
}

/// `periods` newest first, as the village page lists them.
pub fn village_charts(periods: &[PeriodBrief]) -> Result<VillageCharts, String> {
    let mut list: Vec<&PeriodBrief> = periods.iter().filter(|p| p.has_accounts).collect();
    list.reverse();
    list.truncate(8);
    if list.is_empty() {
        return Ok(VillageCharts::default());
    }
    let ids: Vec<PeriodId> = list.iter().map(|p| p.id).collect();
    let cats = period_labels(&ids);
    let income: Vec<Money> = list.iter().map(|p| p.income).collect();
    let expense: Vec<Money> = list.iter().map(|p| p.expense).collect();
    let money = income_expense(
        "chart-village-money",
        "各期收入和支出".into(),
        &cats,
        &income,
        &expense,
    )?;

    let max = list.iter().map(|p| p.closing).max().unwrap_or_default();
    let title = "各期期末结余".to_string();
    let desc = list
        .iter()
        .map(|p| format!("{}期末结余 {}", p.label, p.closing.yuan()))
        .collect::<Vec<_>>()
        .join(";");
    let series = [LineSeries {
        name: "期末结余(各账户合计)".into(),
        values: list.iter().map(|p| Some(p.closing.fen())).collect(),
    }];
    // Every point labelled: the figure matters more than the slope.
    let labels = vec![list
        .iter()
        .map(|p| short_money(max, p.closing))
        .collect::<Vec<_>>()];
    let closing = Chart::draw(
        "chart-village-closing",
        title,
        desc,
        table(
            &["期间", "期末结余"],
            list.iter()
                .map(|p| vec![p.label.clone(), p.closing.yuan()])
                .collect(),
        ),
        |lb| small_multiples(lb, &cats, &series, &labels),
    )?;

    let title = "各期群众诉求受理和落实".to_string();
    let desc = list
        .iter()
        .map(|p| {
            format!(
                "{}受理 {} 件、以前转入 {} 件、落实 {} 件,落实率 {}",
                p.label,
                p.requests_received,
                p.requests_carried,
                p.requests_resolved,
                p.resolution_rate
            )
        })
        .collect::<Vec<_>>()
        .join(";");
    let series = vec![
        BarSeries {
            name: "受理".into(),
            values: list.iter().map(|p| p.requests_received as i64).collect(),
            texts: list
                .iter()
                .map(|p| p.requests_received.to_string())
                .collect(),
        },
        BarSeries {
            name: "落实".into(),
            values: list.iter().map(|p| p.requests_resolved as i64).collect(),
            texts: list
                .iter()
                .map(|p| p.requests_resolved.to_string())
                .collect(),
        },
    ];
    let requests = Chart::draw(
        "chart-village-requests",
        title,
        desc,
        table(
            &["期间", "受理", "以前转入", "落实", "落实率"],
            list.iter()
                .map(|p| {
                    vec![
                        p.label.clone(),
                        p.requests_received.to_string(),
                        p.requests_carried.to_string(),
                        p.requests_resolved.to_string(),
                        p.resolution_rate.clone(),
                    ]
                })
                .collect(),
        ),
        |lb| grouped_vbars(lb, &cats, &series, "单位:件"),
    )?;
    Ok(VillageCharts {
        money: Some(money),
        closing: Some(closing),
        requests: Some(requests),
    })
}

/// `ranking` in rank order, for the latest period labelled `period`.
pub fn town_charts(all: &[RankRow], period: &str) -> Result<TownCharts, String> {
    // Villages that have not published the period have no figures to draw.
    let published: Vec<RankRow> = all.iter().filter(|r| r.published).cloned().collect();
    let ranking = published.as_slice();
    if ranking.is_empty() {
        return Ok(TownCharts::default());
    }
    let scored: Vec<&RankRow> = ranking.iter().filter(|r| r.score.is_some()).collect();
    let scores = if scored.is_empty() {
        None
    } else {
        let title = format!("{period}各村评议得分");
        let desc = scored
            .iter()
            .map(|r| {
                format!(
                    "第 {} 名 {} {} 分",
                    r.rank.unwrap_or(0),
                    r.name,
                    r.score.clone().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join(";");
        let rows: Vec<BarRow> = scored
            .iter()
            .map(|r| BarRow {
                label: r.name.clone(),
                // In 分-like hundredths, as the bar scale has always been drawn.
                value: r.score_tenths.map_or(0, |t| i64::from(t) * 10),
                text: match r.flag_reason {
                    Some(reason) => format!("{} 分({reason})", r.score.clone().unwrap_or_default()),
                    None => format!("{} 分", r.score.clone().unwrap_or_default()),
                },
                series: 0,
            })
            .collect();
        Some(Chart::draw(
            "chart-town-scores",
            title,
            desc,
            table(
                &["排名", "村", "得分", "结果"],
                scored
                    .iter()
                    .map(|r| {
                        vec![
                            r.rank.map_or("—".into(), |n| n.to_string()),
                            r.name.clone(),
                            r.score.clone().unwrap_or_default(),
                            r.rating.unwrap_or("").to_string(),
                        ]
                    })
                    .collect(),
            ),
            |lb| hbars(lb, &rows),
        )?)
    };
    let cats: Vec<String> = ranking.iter().map(|r| r.name.clone()).collect();
    let income: Vec<Money> = ranking.iter().map(|r| r.income).collect();
    let expense: Vec<Money> = ranking.iter().map(|r| r.expense).collect();
    let money = income_expense(
        "chart-town-money",
        format!("{period}各村收入和支出"),
        &cats,
        &income,
        &expense,
    )?;
    let title = format!("{period}各村群众诉求落实率");
    let desc = ranking
        .iter()
        .map(|r| format!("{} {}", r.name, r.resolution_rate))
        .collect::<Vec<_>>()
        .join(";");
    let rows: Vec<BarRow> = ranking
        .iter()
        .map(|r| BarRow {
            label: r.name.clone(),
            value: i64::from(r.resolution_permille),
            text: r.resolution_rate.clone(),
            series: 2,
        })
        .collect();
    let resolution = Chart::draw(
        "chart-town-resolution",
        title,
        desc,
        table(
            &["村", "落实率"],
            ranking
                .iter()
                .map(|r| vec![r.name.clone(), r.resolution_rate.clone()])
                .collect(),
        ),
        |lb| hbars(lb, &rows),
    )?;
    Ok(TownCharts {
        scores,
        money: Some(money),
        resolution: Some(resolution),
    })
}
