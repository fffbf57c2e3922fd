//! The rows of each table of a period's data package, read off the period's report in the
//! order its page lists them. Kept apart from the column descriptions in [`super::tables`],
//! which name these functions beside each table's columns.

use super::tables::{Cell, Rows};
use crate::derive::period::PeriodReport;
use crate::model::FundKind;

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

pub(super) fn entries(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    let sides = [("收入", &a.income), ("支出", &a.expenses)];
    sides
        .iter()
        .flat_map(|(side, list)| list.iter().map(move |e| (*side, e)))
        .map(|(side, e)| {
            vec![
                text(side),
                Cell::Integer(e.no as u64),
                Cell::Date(e.iso_date.clone()),
                text(&e.voucher),
                text(&e.account),
                text(&e.item),
                text(&e.summary),
                Cell::Money(e.amount),
                text(&e.via),
                text(&e.source),
                text(&e.handler),
                text(&e.approvers.join("、")),
                text(&e.part_note),
                text(&e.reversal_note),
            ]
        })
        .collect()
}

pub(super) fn funds(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    a.funds
        .iter()
        .map(|f| {
            vec![
                text(&f.name),
                text(match f.kind {
                    FundKind::Cash => "现金",
                    FundKind::Bank => "银行",
                }),
                text(&f.bank),
                text(&f.number),
                Cell::Money(f.opening),
                Cell::Money(f.income),
                Cell::Money(f.expense),
                Cell::Money(f.transfers_in),
                Cell::Money(f.transfers_out),
                Cell::Money(f.pass_in),
                Cell::Money(f.pass_out),
                Cell::Money(f.closing),
            ]
        })
        .collect()
}

pub(super) fn account_totals(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    let sides = [("收入", &a.income_totals), ("支出", &a.expense_totals)];
    sides
        .iter()
        .flat_map(|(side, list)| list.iter().map(move |t| (*side, t)))
        .map(|(side, t)| {
            vec![
                text(side),
                text(&t.account),
                Cell::Money(t.amount),
                Cell::Integer(t.count as u64),
                Cell::Money(t.year_to_date),
            ]
        })
        .collect()
}

pub(super) fn transfers(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    (1u64..)
        .zip(&a.transfers)
        .map(|(no, t)| {
            vec![
                Cell::Integer(no),
                Cell::Date(t.iso_date.clone()),
                text(&t.voucher),
                text(&t.from),
                text(&t.to),
                Cell::Money(t.amount),
                text(&t.summary),
                text(&t.handler),
            ]
        })
        .collect()
}

pub(super) fn pass_through(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    a.pass_through
        .iter()
        .flat_map(|m| (1u64..).zip(&m.lines).map(move |(no, l)| (m, no, l)))
        .map(|(m, no, l)| {
            vec![
                text(&m.matter),
                Cell::Integer(no),
                Cell::Date(l.iso_date.clone()),
                text(&l.voucher),
                text(l.kind),
                text(&l.party),
                text(&l.summary),
                Cell::Money(l.amount),
                text(&l.via),
                text(&l.handler),
                text(&l.approvers.join("、")),
            ]
        })
        .collect()
}

pub(super) fn fixed_assets(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    a.assets
        .fixed
        .iter()
        .map(|x| {
            vec![
                text(&x.name),
                Cell::Money(x.cost),
                Cell::Money(x.depreciation),
                text(&x.status),
            ]
        })
        .collect()
}

pub(super) fn resources(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    a.assets
        .resources
        .iter()
        .map(|x| vec![text(&x.kind), text(&x.name), text(&x.area), text(&x.status)])
        .collect()
}

pub(super) fn contracts(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    a.assets
        .contracts
        .iter()
        .map(|c| {
            vec![
                text(&c.subject),
                text(&c.counterparty),
                Cell::Date(c.start.to_string()),
                Cell::Date(c.end.to_string()),
                Cell::Money(c.annual),
                Cell::Money(c.received),
            ]
        })
        .collect()
}

pub(super) fn claims(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    let kinds = [
        ("应收款", &a.assets.receivables),
        ("应付款", &a.assets.payables),
    ];
    kinds
        .iter()
        .flat_map(|(kind, list)| list.iter().map(move |c| (*kind, c)))
        .map(|(kind, c)| {
            vec![
                text(kind),
                text(&c.party),
                Cell::Money(c.amount),
                text(&c.note),
            ]
        })
        .collect()
}

pub(super) fn yishiyiyi(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    a.special
        .one_matter_one_discussion
        .iter()
        .map(|x| {
            vec![
                text(&x.project),
                Cell::Money(x.raised),
                Cell::Integer(u64::from(x.labour_days)),
                Cell::Money(x.subsidy),
                Cell::Money(x.spent),
                text(&x.note),
            ]
        })
        .collect()
}

pub(super) fn land_compensation(r: &PeriodReport) -> Rows {
    let Some(a) = &r.accounts else {
        return Vec::new();
    };
    a.special
        .land_compensation
        .iter()
        .map(|x| {
            vec![
                text(&x.project),
                Cell::Money(x.total),
                Cell::Money(x.collective),
                Cell::Money(x.households),
                Cell::Integer(u64::from(x.household_count)),
                text(&x.note),
            ]
        })
        .collect()
}

pub(super) fn requests(r: &PeriodReport) -> Rows {
    let Some(p) = &r.performance else {
        return Vec::new();
    };
    p.requests
        .iter()
        .chain(&p.carried_requests)
        .map(|q| {
            vec![
                text(&q.id),
                text(if q.carried {
                    "往期转入"
                } else {
                    "本季度受理"
                }),
                text(&q.received_in),
                Cell::Date(q.iso_date.clone()),
                text(q.source),
                text(&q.from),
                text(&q.summary),
                text(q.status),
                text(&q.handler),
                text(&q.action),
                Cell::Date(q.iso_resolved_on.clone()),
            ]
        })
        .collect()
}

pub(super) fn survey(r: &PeriodReport) -> Rows {
    let Some(c) = &r.conduct else {
        return Vec::new();
    };
    c.cadres
        .iter()
        .map(|k| {
            vec![
                text(&k.name),
                text(&k.role),
                Cell::Integer(u64::from(k.survey.satisfied)),
                Cell::Integer(u64::from(k.survey.basic)),
                Cell::Integer(u64::from(k.survey.unsatisfied)),
                Cell::Integer(u64::from(k.survey.respondents)),
                Cell::Permille(k.survey.satisfaction_permille),
                text(k.result),
            ]
        })
        .collect()
}

pub(super) fn visits(r: &PeriodReport) -> Rows {
    let Some(x) = &r.visits else {
        return Vec::new();
    };
    x.log
        .iter()
        .map(|v| {
            vec![
                Cell::Date(v.iso_date.clone()),
                text(&v.by),
                text(&v.group),
                Cell::Integer(v.households as u64),
                text(v.kind),
                text(v.case),
                text(&v.raised),
                text(&v.request),
            ]
        })
        .collect()
}

pub(super) fn visit_coverage(r: &PeriodReport) -> Rows {
    let Some(x) = &r.visits else {
        return Vec::new();
    };
    x.grids
        .iter()
        .map(|g| {
            vec![
                text(&g.name),
                Cell::Integer(g.linked as u64),
                Cell::Integer(g.windows as u64),
                Cell::Integer(g.due as u64),
                Cell::Integer(g.covered as u64),
                Cell::Permille(g.permille),
            ]
        })
        .collect()
}
