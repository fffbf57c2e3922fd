//! Double entry to disclosure: what each voucher means for the village's cash and bank
//! accounts.
//!
//! The disclosure (晒账单) lists money that went through the village's funds: income (a fund
//! debited against an income account), expenses (a fund credited against an expense account)
//! and transfers (fund to fund). A voucher can mix these — an expense paid partly in cash,
//! cash drawn and spent at once — so each voucher's lines are split into where money came from
//! and where it went, and paired: funds with expenses, income with funds, funds with funds.
//! What is left is reported, never dropped: money that moved through a fund against an account
//! that is neither income nor expense (the rules must say which it counts as), and vouchers or
//! parts that touched no fund at all (accruals, depreciation), which the disclosure does not
//! list. A red-ink line (a negative amount) or an income or expense account on its opposite
//! side is a reversal of that income or expense.

use super::cell::{problem, At};
use super::journal::{Line, Voucher};
use super::rules::{lookup, Rules, BANK_NAMES, CASH_NAMES, CODES_2004};
use crate::diag::{Diagnostic, Severity};
use crate::model::account_chart::{EXPENSE_ACCOUNTS, INCOME_ACCOUNTS};
use crate::model::{Entry, Fund, FundKind, Transfer};
use crate::money::Money;

/// One line of the disclosure made from a voucher.
#[derive(Debug, Clone)]
pub enum Posting {
    Income(Entry),
    Expense(Entry),
    Transfer(Transfer),
}

/// A posting, whether it reverses an earlier one, and the cell it came from.
#[derive(Debug, Clone)]
pub struct Item {
    pub posting: Posting,
    pub reversal: bool,
    pub at: At,
}

/// What an account line is, for the disclosure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Fund(String),
    Income {
        account: String,
        item: String,
    },
    Expense {
        account: String,
        item: String,
    },
    /// Any other account (应收款, 应付工资, 累计折旧 …), by its name.
    Other(String),
}

/// What the importer knows of the village.
pub struct Village<'a> {
    pub funds: &'a [Fund],
    pub cadres: Vec<String>,
    /// 经手人 when the table has none: the rules' or the village's 报账员.
    pub handler: String,
    pub approvers: Vec<String>,
}

/// The levels of an account name: `管理费用/办公费` → [管理费用, 办公费].
pub fn levels(name: &str) -> Vec<String> {
    name.split(['/', '\\', '-', '—', '－', '_', '·', '>', '＞', ':', '：'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn chart_kind(account: &str, item: String) -> Option<Kind> {
    if INCOME_ACCOUNTS.contains(&account) {
        Some(Kind::Income {
            account: account.to_string(),
            item,
        })
    } else if EXPENSE_ACCOUNTS.contains(&account) {
        Some(Kind::Expense {
            account: account.to_string(),
            item,
        })
    } else {
        None
    }
}

/// What the account of `line` is; `Err` (message, hint) when the rules must say.
pub fn resolve(line: &Line, v: &Village, rules: &Rules) -> Result<Kind, (String, String)> {
    let lv = levels(&line.name);
    let shown = match (line.code.is_empty(), line.name.is_empty()) {
        (false, false) => format!("{} {}", line.code, line.name),
        (true, _) => line.name.clone(),
        (false, true) => line.code.clone(),
    };
    if let Some((key, fund)) = lookup(&rules.funds, &line.code, &lv, &line.name) {
        if !v.funds.iter().any(|f| f.name == fund) {
            return Err((
                format!(
                    "导入规则 funds 把「{key}」对应到账户「{fund}」,但 village.yaml 里没有这个账户"
                ),
                "账户名要和 village.yaml 的 funds 一字不差".into(),
            ));
        }
        return Ok(Kind::Fund(fund.to_string()));
    }
    if let Some((key, target)) = lookup(&rules.accounts, &line.code, &lv, &line.name) {
        let (account, item) = match target.split_once('/') {
            Some((a, i)) => (a.trim(), i.trim().to_string()),
            None => (
                target.trim(),
                lv.get(1..).map(|r| r.join("/")).unwrap_or_default(),
            ),
        };
        return chart_kind(account, item).ok_or_else(|| {
            (
                format!("导入规则 accounts 把「{key}」对应到「{account}」,它不是收支科目"),
                "只能写 docs/format.md 科目表里的收入或支出科目,如 管理费用/办公费".into(),
            )
        });
    }
    // The first level names the account; with no name, a code of the 2004 chart does.
    let (base, rest): (String, Vec<String>) = match lv.first() {
        Some(first) => (first.clone(), lv[1..].to_vec()),
        None => match CODES_2004.iter().find(|(c, _)| line.code.starts_with(c)) {
            Some((_, n)) => (n.to_string(), Vec::new()),
            None => (line.code.clone(), Vec::new()),
        },
    };
    let fund_kind = if CASH_NAMES.contains(&base.as_str()) {
        Some(FundKind::Cash)
    } else if BANK_NAMES.contains(&base.as_str()) {
        Some(FundKind::Bank)
    } else {
        None
    };
    if let Some(kind) = fund_kind {
        let of_kind: Vec<&Fund> = v.funds.iter().filter(|f| f.kind == kind).collect();
        let matches = |f: &&Fund| {
            rest.iter().any(|l| {
                l.chars().count() >= 2
                    && (f.name.contains(l.as_str())
                        || l.contains(f.name.as_str())
                        || f.bank.contains(l.as_str()))
            })
        };
        let named: Vec<&&Fund> = of_kind.iter().filter(|f| matches(f)).collect();
        let chosen = match (of_kind.len(), named.len()) {
            (_, 1) => Some(named[0].name.clone()),
            (1, 0) => Some(of_kind[0].name.clone()),
            _ => None,
        };
        return chosen.map(Kind::Fund).ok_or_else(|| {
            let names: Vec<&str> = of_kind.iter().map(|f| f.name.as_str()).collect();
            (
                format!(
                    "看不出科目「{shown}」是本村哪个{}账户(village.yaml 里有: {})",
                    if kind == FundKind::Cash {
                        "现金"
                    } else {
                        "银行"
                    },
                    if names.is_empty() {
                        "没有".to_string()
                    } else {
                        names.join("、")
                    }
                ),
                format!(
                    "在导入规则里写明,如 funds: {{ \"{}\": {} }}",
                    if line.code.is_empty() {
                        &line.name
                    } else {
                        &line.code
                    },
                    names.first().copied().unwrap_or("账户名")
                ),
            )
        });
    }
    Ok(chart_kind(&base, rest.join("/")).unwrap_or(Kind::Other(shown)))
}

/// One side of a voucher: an account with the money it gave (origin) or took (destination).
#[derive(Debug, Clone)]
struct Part {
    kind: Kind,
    reversal: bool,
    amount: Money,
    /// The first line of this account in the voucher.
    line: usize,
}

impl Part {
    fn is_fund(&self) -> bool {
        matches!(self.kind, Kind::Fund(_))
    }
    fn is_flow(&self) -> bool {
        matches!(self.kind, Kind::Income { .. } | Kind::Expense { .. })
    }
}

/// Turns one balanced voucher into postings; problems are added to `problems`.
pub fn classify(
    voucher: &Voucher,
    village: &Village,
    rules: &Rules,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Item> {
    let debit: Money = voucher.lines.iter().map(|l| l.debit).sum();
    let credit: Money = voucher.lines.iter().map(|l| l.credit).sum();
    if debit != credit {
        problems.push(problem(
            Severity::Error,
            &voucher.at,
            format!(
                "凭证 {} 借贷不平: 借方合计 {},贷方合计 {},相差 {}",
                voucher.id,
                debit,
                credit,
                (debit - credit).abs()
            ),
            Some("核对这张凭证的每一行金额,是否漏导出了一行"),
        ));
        return Vec::new();
    }
    // Net of each account over the voucher, as debit − credit.
    let mut nets: Vec<(Kind, Money, usize)> = Vec::new();
    let mut failed = false;
    for (i, line) in voucher.lines.iter().enumerate() {
        match resolve(line, village, rules) {
            Ok(kind) => match nets.iter_mut().find(|(k, ..)| *k == kind) {
                Some(n) => n.1 += line.debit - line.credit,
                None => nets.push((kind, line.debit - line.credit, i)),
            },
            Err((message, hint)) => {
                problems.push(problem(
                    Severity::Error,
                    &line.account_at,
                    message,
                    Some(&hint),
                ));
                failed = true;
            }
        }
    }
    if failed {
        return Vec::new();
    }
    let (mut origins, mut dests) = (Vec::new(), Vec::new());
    for (kind, net, line) in nets {
        if net.is_zero() {
            continue;
        }
        // Income is at home on the credit side, everything else on the debit side.
        let natural = if matches!(kind, Kind::Income { .. }) {
            -net
        } else {
            net
        };
        let reversal = natural.fen() < 0 && !matches!(kind, Kind::Fund(_) | Kind::Other(_));
        let part = Part {
            kind,
            reversal,
            amount: net.abs(),
            line,
        };
        if net.fen() < 0 {
            origins.push(part);
        } else {
            dests.push(part);
        }
    }
    let mut pairs: Vec<(Part, Part, Money)> = Vec::new();
    type Test = fn(&Part) -> bool;
    let rounds: [(Test, Test); 5] = [
        (Part::is_fund, Part::is_flow),
        (Part::is_flow, Part::is_fund),
        (Part::is_fund, Part::is_fund),
        (|p| !p.is_fund(), Part::is_fund),
        (Part::is_fund, |p| !p.is_fund()),
    ];
    for (from_ok, to_ok) in rounds {
        for o in origins.iter_mut().filter(|o| from_ok(o)) {
            for d in dests.iter_mut().filter(|d| to_ok(d)) {
                let x = o.amount.min(d.amount);
                if x.fen() > 0 {
                    pairs.push((o.clone(), d.clone(), x));
                    o.amount -= x;
                    d.amount -= x;
                }
            }
        }
    }
    let touched_fund = pairs.iter().any(|(o, d, _)| o.is_fund() || d.is_fund());
    let no_fund: Money = origins.iter().map(|o| o.amount).sum();
    if !touched_fund {
        problems.push(problem(
            Severity::Warning,
            &voucher.at,
            format!(
                "凭证 {}(借方合计 {})没有动用现金或银行存款(如计提、折旧、转账核销),不列入收支公开",
                voucher.id, debit
            ),
            Some("收支公开只列经过现金和银行账户的钱;这张凭证如果确实该公开,请核对科目"),
        ));
        return Vec::new();
    }
    if no_fund.fen() > 0 {
        problems.push(problem(
            Severity::Warning,
            &voucher.at,
            format!(
                "凭证 {} 有 {} 没有经过现金或银行存款(记在往来或其他科目),这部分不列入收支公开",
                voucher.id, no_fund
            ),
            None,
        ));
    }
    let mut items: Vec<Item> = Vec::new();
    for (o, d, amount) in pairs {
        let (flow, fund, income_side) = match (&o.kind, &d.kind) {
            (Kind::Fund(from), Kind::Fund(to)) => {
                let line = &voucher.lines[o.line];
                push_transfer(&mut items, voucher, line, village, from, to, amount);
                continue;
            }
            (Kind::Fund(f), _) => (&d, f, false),
            (_, Kind::Fund(f)) => (&o, f, true),
            _ => continue,
        };
        let line = &voucher.lines[flow.line];
        let (account, item, is_income) = match &flow.kind {
            Kind::Income { account, item } => (account, item, true),
            Kind::Expense { account, item } => (account, item, false),
            Kind::Other(name) => {
                problems.push(problem(
                    Severity::Error,
                    &line.account_at,
                    format!(
                        "凭证 {}: 科目「{name}」不是收入或支出科目,但这张凭证{}账户「{fund}」{} {},公开时该算哪个收支科目?",
                        voucher.id,
                        if income_side { "让" } else { "从" },
                        if income_side { "收进" } else { "付出" },
                        amount
                    ),
                    Some(&format!(
                        "在导入规则的 accounts 下写明,如 accounts: {{ {}: 管理费用/村干部报酬 }}",
                        levels(&line.name).first().cloned().unwrap_or_else(|| line.code.clone())
                    )),
                ));
                continue;
            }
            Kind::Fund(_) => continue,
        };
        debug_assert_eq!(is_income != flow.reversal, income_side);
        let entry = entry_of(voucher, line, village, account, item, fund, amount);
        let posting = if is_income {
            Posting::Income(entry)
        } else {
            Posting::Expense(entry)
        };
        merge(&mut items, posting, flow.reversal, line.amount_at.clone());
    }
    if items.len() > 1 {
        for (n, it) in items.iter_mut().enumerate() {
            let id = format!("{}({})", voucher.id, n + 1);
            match &mut it.posting {
                Posting::Income(e) | Posting::Expense(e) => e.voucher = id,
                Posting::Transfer(t) => t.voucher = id,
            }
        }
    }
    items
}

fn summary_of(voucher: &Voucher, line: &Line) -> String {
    if line.summary.is_empty() {
        voucher
            .lines
            .iter()
            .map(|l| l.summary.clone())
            .find(|s| !s.is_empty())
            .unwrap_or_default()
    } else {
        line.summary.clone()
    }
}

fn handler_of(voucher: &Voucher, line: &Line, village: &Village) -> String {
    std::iter::once(line)
        .chain(&voucher.lines)
        .map(|l| l.handler.clone())
        .find(|h| !h.is_empty())
        .unwrap_or_else(|| village.handler.clone())
}

fn entry_of(
    voucher: &Voucher,
    line: &Line,
    village: &Village,
    account: &str,
    item: &str,
    fund: &str,
    amount: Money,
) -> Entry {
    let approvers = std::iter::once(line)
        .chain(&voucher.lines)
        .map(|l| l.approvers.clone())
        .find(|a| !a.is_empty())
        .unwrap_or_else(|| village.approvers.clone());
    let source = std::iter::once(line)
        .chain(&voucher.lines)
        .map(|l| l.source.clone())
        .find(|s| !s.is_empty())
        .unwrap_or_default();
    Entry {
        date: voucher.date,
        voucher: voucher.id.clone(),
        account: account.to_string(),
        item: item.to_string(),
        summary: summary_of(voucher, line),
        amount,
        via: fund.to_string(),
        source,
        handler: handler_of(voucher, line, village),
        approvers,
        reverses: None,
        lines: Vec::new(),
        part: None,
    }
}

fn push_transfer(
    items: &mut Vec<Item>,
    voucher: &Voucher,
    line: &Line,
    village: &Village,
    from: &str,
    to: &str,
    amount: Money,
) {
    let t = Transfer {
        date: voucher.date,
        voucher: voucher.id.clone(),
        from: from.to_string(),
        to: to.to_string(),
        amount,
        summary: summary_of(voucher, line),
        handler: handler_of(voucher, line, village),
    };
    merge(items, Posting::Transfer(t), false, line.amount_at.clone());
}

/// Adds a posting, or adds its amount to an equal one of the same voucher.
fn merge(items: &mut Vec<Item>, posting: Posting, reversal: bool, at: At) {
    let same = |a: &Posting, b: &Posting| match (a, b) {
        (Posting::Income(x), Posting::Income(y)) | (Posting::Expense(x), Posting::Expense(y)) => {
            x.account == y.account && x.item == y.item && x.via == y.via && x.summary == y.summary
        }
        (Posting::Transfer(x), Posting::Transfer(y)) => x.from == y.from && x.to == y.to,
        _ => false,
    };
    if let Some(it) = items
        .iter_mut()
        .find(|it| it.reversal == reversal && same(&it.posting, &posting))
    {
        let add = match &posting {
            Posting::Income(e) | Posting::Expense(e) => e.amount,
            Posting::Transfer(t) => t.amount,
        };
        match &mut it.posting {
            Posting::Income(e) | Posting::Expense(e) => e.amount += add,
            Posting::Transfer(t) => t.amount += add,
        }
        return;
    }
    items.push(Item {
        posting,
        reversal,
        at,
    });
}
