//! Fund flows (账户收支): per cash box or bank account, opening + income − expense +
//! transfers in − transfers out. The reconciliation check and every report use this one sum.

use crate::model::{AccountsFile, Fund, FundKind};
use crate::money::Money;
use serde::Serialize;

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
    /// opening + income − expense + transfers in − transfers out.
    pub computed: Money,
    /// What the books say (`closing` in the file); `None` when not written.
    pub stated: Option<Money>,
    /// The closing balance published: the stated one where written, else the computed one.
    pub closing: Money,
    /// Money moved in or out between the village's own funds this period.
    pub has_transfers: bool,
}

impl FundFlow {
    /// stated − computed, when the closing balance was written.
    pub fn difference(&self) -> Option<Money> {
        self.stated.map(|s| s - self.computed)
    }
}

/// Flows for every declared fund, in the order of `village.yaml`, then any undeclared names
/// the entries use (so that nothing is dropped from the sums).
pub fn fund_flows(funds: &[Fund], acc: &AccountsFile) -> Vec<FundFlow> {
    let mut flows: Vec<FundFlow> = funds
        .iter()
        .map(|f| FundFlow {
            name: f.name.clone(),
            kind: f.kind,
            bank: f.bank.clone(),
            number: f.number.clone(),
            opening: acc.opening.get(&f.name).copied().unwrap_or_default(),
            income: Money::ZERO,
            expense: Money::ZERO,
            transfers_in: Money::ZERO,
            transfers_out: Money::ZERO,
            computed: Money::ZERO,
            stated: acc.closing.get(&f.name).copied(),
            closing: Money::ZERO,
            has_transfers: false,
        })
        .collect();
    fn slot(flows: &mut Vec<FundFlow>, acc: &AccountsFile, name: &str) -> usize {
        if let Some(i) = flows.iter().position(|f| f.name == name) {
            return i;
        }
        flows.push(FundFlow {
            name: name.to_string(),
            kind: FundKind::Bank,
            bank: String::new(),
            number: String::new(),
            opening: acc.opening.get(name).copied().unwrap_or_default(),
            income: Money::ZERO,
            expense: Money::ZERO,
            transfers_in: Money::ZERO,
            transfers_out: Money::ZERO,
            computed: Money::ZERO,
            stated: acc.closing.get(name).copied(),
            closing: Money::ZERO,
            has_transfers: false,
        });
        flows.len() - 1
    }
    for e in &acc.income {
        let i = slot(&mut flows, acc, &e.via);
        flows[i].income += e.amount;
    }
    for e in &acc.expenses {
        let i = slot(&mut flows, acc, &e.via);
        flows[i].expense += e.amount;
    }
    for t in &acc.transfers {
        let i = slot(&mut flows, acc, &t.from);
        flows[i].transfers_out += t.amount;
        let i = slot(&mut flows, acc, &t.to);
        flows[i].transfers_in += t.amount;
    }
    for f in &mut flows {
        f.computed = f.opening + f.income - f.expense + f.transfers_in - f.transfers_out;
        f.closing = f.stated.unwrap_or(f.computed);
        f.has_transfers = f.transfers_in != Money::ZERO || f.transfers_out != Money::ZERO;
    }
    flows
}
