//! Fund flows (账户收支): per cash box or bank account, opening + income − expense +
//! transfers in − transfers out + 代收 − 代付. The reconciliation check and every report use
//! this one sum.

use crate::model::{AccountsFile, Fund, FundKind, PassDirection, PeriodId, Village};
use crate::money::Money;
use serde::Serialize;
use std::collections::BTreeMap;

/// Money through one cash box or bank account in a period.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FundFlow {
    pub name: String,
    pub kind: FundKind,
    pub bank: String,
    pub number: String,
    pub opening: Money,
    pub income: Money,
    pub expense: Money,
    /// Moved in from / out to the village's other funds.
    pub transfers_in: Money,
    pub transfers_out: Money,
    /// 代收 / 代付: money that only passed through.
    pub pass_in: Money,
    pub pass_out: Money,
    /// opening + income − expense + transfers in − transfers out + 代收 − 代付.
    pub computed: Money,
    /// What the books say (`closing` in the file); `None` when not written.
    pub stated: Option<Money>,
    /// The closing balance published: the stated one where written, else the computed one.
    pub closing: Money,
    /// Money moved in or out between the village's own funds this period.
    pub has_transfers: bool,
    /// Money received or paid on for others through this fund this period.
    pub has_pass_through: bool,
}

impl FundFlow {
    /// stated − computed, when the closing balance was written.
    pub fn difference(&self) -> Option<Money> {
        self.stated.map(|s| s - self.computed)
    }

    fn empty(name: &str, kind: FundKind, acc: &AccountsFile) -> FundFlow {
        FundFlow {
            name: name.to_string(),
            kind,
            bank: String::new(),
            number: String::new(),
            opening: acc.opening.get(name).copied().unwrap_or_default(),
            income: Money::ZERO,
            expense: Money::ZERO,
            transfers_in: Money::ZERO,
            transfers_out: Money::ZERO,
            pass_in: Money::ZERO,
            pass_out: Money::ZERO,
            computed: Money::ZERO,
            stated: acc.closing.get(name).copied(),
            closing: Money::ZERO,
            has_transfers: false,
            has_pass_through: false,
        }
    }
}

/// Flows for every fund open during `period` (or given a balance), in the order of
/// `village.yaml`, then any other name the entries use (so that nothing is dropped from the
/// sums).
pub fn fund_flows(funds: &[Fund], acc: &AccountsFile, period: PeriodId) -> Vec<FundFlow> {
    let mut flows: Vec<FundFlow> = funds
        .iter()
        .filter(|f| {
            f.open_during(period.start(), period.end())
                || acc.opening.contains_key(&f.name)
                || acc.closing.contains_key(&f.name)
        })
        .map(|f| FundFlow {
            bank: f.bank.clone(),
            number: f.number.clone(),
            ..FundFlow::empty(&f.name, f.kind, acc)
        })
        .collect();
    fn slot(flows: &mut Vec<FundFlow>, funds: &[Fund], acc: &AccountsFile, name: &str) -> usize {
        if let Some(i) = flows.iter().position(|f| f.name == name) {
            return i;
        }
        let flow = match funds.iter().find(|f| f.name == name) {
            Some(f) => FundFlow {
                bank: f.bank.clone(),
                number: f.number.clone(),
                ..FundFlow::empty(name, f.kind, acc)
            },
            None => FundFlow::empty(name, FundKind::Bank, acc),
        };
        flows.push(flow);
        flows.len() - 1
    }
    for e in &acc.income {
        let i = slot(&mut flows, funds, acc, &e.via);
        flows[i].income += e.amount;
    }
    for e in &acc.expenses {
        let i = slot(&mut flows, funds, acc, &e.via);
        flows[i].expense += e.amount;
    }
    for t in &acc.transfers {
        let i = slot(&mut flows, funds, acc, &t.from);
        flows[i].transfers_out += t.amount;
        let i = slot(&mut flows, funds, acc, &t.to);
        flows[i].transfers_in += t.amount;
    }
    for x in &acc.pass_through {
        let i = slot(&mut flows, funds, acc, &x.via);
        match x.kind {
            PassDirection::Received => flows[i].pass_in += x.amount,
            PassDirection::PaidOn => flows[i].pass_out += x.amount,
        }
    }
    for f in &mut flows {
        f.computed = f.opening + f.income - f.expense + f.transfers_in - f.transfers_out
            + f.pass_in
            - f.pass_out;
        f.closing = f.stated.unwrap_or(f.computed);
        f.has_transfers = !f.transfers_in.is_zero() || !f.transfers_out.is_zero();
        f.has_pass_through = !f.pass_in.is_zero() || !f.pass_out.is_zero();
    }
    flows
}

/// What each matter still held at the start of `period`: received − paid on, over the
/// village's earlier periods.
pub fn held_before(v: &Village, period: PeriodId) -> BTreeMap<&str, Money> {
    let mut held: BTreeMap<&str, Money> = BTreeMap::new();
    for q in v.periods.iter().filter(|q| q.id < period) {
        for x in q.accounts.iter().flat_map(|a| &a.pass_through) {
            let h = held.entry(x.matter.as_str()).or_default();
            match x.kind {
                PassDirection::Received => *h += x.amount,
                PassDirection::PaidOn => *h -= x.amount,
            }
        }
    }
    held
}
