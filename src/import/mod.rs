//! `sanshai import`: a period's `accounts.yaml` from what the village's books already hold.
//!
//! A village's entries live in a finance program or an Excel sheet; nobody should type them
//! again. This module reads a voucher journal exported by finance software, or the simple
//! 收支明细 sheet `sanshai template` writes, and writes the period's `accounts.yaml` text: the
//! opening balances carried from the previous period's closing, every income, expense and
//! transfer, and the closing balances computed from them. It sits beside the pipeline: it reads
//! spreadsheets (`table`, `cell`, `header`), understands them (`journal`, `classify`,
//! `single`, with the `rules` file), and writes YAML text (`yaml`); it uses the content model,
//! the loader (for the village and the previous period) and money, never the reports or
//! outputs. Every problem names its cell, in Chinese, and all are reported in one run.

pub mod cell;
pub mod classify;
pub mod header;
pub mod journal;
pub mod reversals;
pub mod rules;
pub mod single;
pub mod table;
pub mod template;
pub mod yaml;

use crate::diag::{Diagnostic, Severity};
use crate::model::{AccountsFile, Located, PeriodId, Town};
use crate::money::Money;
use cell::problem;
use classify::{Item, Posting, Village};
use rules::{Layout, Rules, SheetChoice};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use table::Table;

/// What to import, and where to.
#[derive(Debug, Clone)]
pub struct Request {
    pub content: PathBuf,
    /// The exported journal or 收支明细 sheet.
    pub input: PathBuf,
    /// The import rules file; the default rules when `None`.
    pub rules: Option<PathBuf>,
    pub village: String,
    /// The period to import; found from the dates when `None`.
    pub period: Option<PeriodId>,
    /// Overwrite an `accounts.yaml` whose money sections were edited by hand.
    pub force: bool,
}

/// What an import found and produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every problem, in the order of the table.
    pub problems: Vec<Diagnostic>,
    pub period: Option<PeriodId>,
    /// Where the file goes.
    pub target: Option<PathBuf>,
    /// The new `accounts.yaml`, when there was no error.
    pub text: Option<String>,
    /// Plain-language lines about what was done (counts, where the opening came from).
    pub notes: Vec<String>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|d| d.severity == Severity::Error)
    }
    fn error(
        &mut self,
        at: impl std::fmt::Display,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        self.problems
            .push(problem(Severity::Error, at, message, hint));
    }
}

/// Schema path of `accounts.yaml`, relative to the file (`content/villages/村/期/`), for the
/// modeline: the schemas sit in `schema/` beside the content folder.
pub const ACCOUNTS_SCHEMA: &str = "../../../../schema/accounts.schema.json";

/// Reads the input and composes the new `accounts.yaml` (nothing is written here).
pub fn run(req: &Request) -> Outcome {
    let mut out = Outcome::default();
    let rules = match &req.rules {
        None => Rules::default(),
        Some(path) => {
            let shown = path.display().to_string();
            match std::fs::read_to_string(path) {
                Err(e) => {
                    out.error(&shown, format!("无法读取导入规则文件: {e}"), None);
                    return out;
                }
                Ok(text) => match rules::read(&text, &shown) {
                    Ok(r) => r,
                    Err(d) => {
                        out.problems.extend(d.sorted());
                        return out;
                    }
                },
            }
        }
    };
    let (town, load_diags) = crate::load::load(&req.content);
    let village_file = req
        .content
        .join("villages")
        .join(&req.village)
        .join("village.yaml");
    let Some(town) = town else {
        out.problems.extend(load_diags.sorted());
        return out;
    };
    let Some(village) = town.villages.iter().find(|v| v.slug == req.village) else {
        let shown = village_file.display().to_string();
        let own: Vec<Diagnostic> = load_diags
            .sorted()
            .into_iter()
            .filter(|d| d.file == shown)
            .collect();
        if own.is_empty() {
            out.error(
                &shown,
                format!("找不到村「{}」", req.village),
                Some("村名写 villages/ 下的文件夹名(拼音);新村先运行 sanshai new village"),
            );
        }
        out.problems.extend(own);
        return out;
    };
    let shown_input = req
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| req.input.display().to_string());
    let encoding = rules.encoding.map(|e| match e {
        rules::EncodingName::Utf8 => table::Encoding::Utf8,
        rules::EncodingName::Gbk => table::Encoding::Gbk,
    });
    let tables = match table::read_tables(&req.input, &req.input.display().to_string(), encoding) {
        Ok(t) => t,
        Err(e) => {
            out.error(req.input.display(), e, None);
            return out;
        }
    };
    let Some((table, map)) = pick_table(&tables, &rules, &mut out) else {
        return out;
    };
    let info = &village.info;
    let cadres: Vec<String> = info.cadres.iter().map(|c| c.name.clone()).collect();
    let handler = rules.handler.clone().unwrap_or_else(|| {
        info.cadres
            .iter()
            .find(|c| {
                (c.role.contains("报账员") || c.role.contains("会计"))
                    && req
                        .period
                        .is_none_or(|p| c.serves_during(p.start(), p.end()))
            })
            .map(|c| c.name.clone())
            .unwrap_or_default()
    });
    let ctx = Village {
        funds: &info.funds,
        cadres,
        handler,
        approvers: rules.approvers.clone().unwrap_or_default(),
    };
    let period = match req
        .period
        .or_else(|| only_period(table, &map, &rules, &mut out))
    {
        Some(p) => p,
        None => return out,
    };
    out.period = Some(period);
    let mut outside = 0usize;
    let items: Vec<Item> = match map.layout {
        Layout::Journal => {
            let vouchers = journal::vouchers(table, &map, &rules, &mut out.problems);
            let mut items = Vec::new();
            let mut count = 0;
            for v in &vouchers {
                if !period.contains(v.date) {
                    outside += usize::from(v.date != chrono::NaiveDate::MIN);
                    continue;
                }
                count += 1;
                if !v.broken {
                    items.extend(classify::classify(v, &ctx, &rules, &mut out.problems));
                }
            }
            out.notes.push(format!(
                "{} 里有 {} 张凭证属于{}",
                table.name,
                count,
                period.label()
            ));
            items
        }
        Layout::SingleEntry => {
            let items = single::items(
                table,
                &map,
                &rules,
                &ctx,
                period,
                &mut out.problems,
                &mut outside,
            );
            out.notes.push(format!(
                "{} 里有 {} 笔收支属于{}",
                table.name,
                items.len(),
                period.label()
            ));
            items
        }
    };
    if outside > 0 {
        out.notes.push(format!(
            "另有 {outside} {}不在{},没有导入",
            if map.layout == Layout::Journal {
                "张凭证"
            } else {
                "行"
            },
            period.label()
        ));
    }
    let mut items = items;
    reversals::resolve(&mut items, village, period, &mut out.problems);
    check_items(&items, &ctx, &mut out);
    let target = req
        .content
        .join("villages")
        .join(&req.village)
        .join(period.slug())
        .join("accounts.yaml");
    out.target = Some(target.clone());
    let opening = opening_of(&town, village, period, &rules, &mut out);
    if out.has_errors() {
        return out;
    }
    let existing = std::fs::read_to_string(&target).ok();
    let state = yaml::existing_state(existing.as_deref());
    if state == yaml::Existing::EditedByHand && !req.force {
        out.error(
            target.display(),
            "这个 accounts.yaml 的收支部分是手工写的或导入后手工改过,没有覆盖",
            Some("先备份它;确实要用导入的结果替换 opening、closing、income、expenses、transfers 时加 --force(assets、special、review 会保留)"),
        );
        return out;
    }
    let mut acc = AccountsFile {
        opening,
        ..Default::default()
    };
    for it in items {
        let located = |v| Located {
            file: 0,
            path: String::new(),
            value: v,
        };
        match it.posting {
            Posting::Income(e) => acc.income.push(located(e)),
            Posting::Expense(e) => acc.expenses.push(located(e)),
            Posting::Transfer(t) => acc.transfers.push(Located {
                file: 0,
                path: String::new(),
                value: t,
            }),
        }
    }
    acc.income.sort_by_key(|e| e.date);
    acc.expenses.sort_by_key(|e| e.date);
    acc.transfers.sort_by_key(|t| t.date);
    // 代收代付 written by hand stay in the file, and in the closing balances.
    if let Some(current) = village
        .periods
        .iter()
        .find(|p| p.id == period)
        .and_then(|p| p.accounts.as_ref())
    {
        acc.pass_through = current.pass_through.clone();
    }
    let flows = crate::calc::flows::fund_flows(&info.funds, &acc, period);
    acc.closing = flows.iter().map(|f| (f.name.clone(), f.computed)).collect();
    let kept = match &existing {
        Some(t) => yaml::kept_sections(t),
        None => yaml::review_template(&info.supervisors, period),
    };
    let header = vec![
        format!("{} {} 晒账单", info.name, period.label()),
        format!(
            "opening、closing、income、expenses、transfers 由 sanshai import 从「{shown_input}」生成。"
        ),
        "要改这几部分,请改账套后重新导入;在这里手改了,再导入时要加 --force 才会覆盖。".into(),
        "三资 assets、专项 special、审核 review 重新导入时原样保留,请直接在本文件里填写。".into(),
    ];
    let order: Vec<String> = info.funds.iter().map(|f| f.name.clone()).collect();
    out.text = Some(yaml::accounts_file(
        ACCOUNTS_SCHEMA,
        &header,
        &acc,
        &order,
        &kept,
    ));
    out
}

/// The table to import: the sheet the rules name, else the first whose header is recognised.
fn pick_table<'t>(
    tables: &'t [Table],
    rules: &Rules,
    out: &mut Outcome,
) -> Option<(&'t Table, header::ColumnMap)> {
    let chosen: Vec<&Table> = match &rules.sheet {
        None => tables.iter().collect(),
        Some(SheetChoice::Number(n)) => tables
            .get((*n as usize).wrapping_sub(1))
            .into_iter()
            .collect(),
        Some(SheetChoice::Name(name)) => tables.iter().filter(|t| &t.sheet == name).collect(),
    };
    if chosen.is_empty() {
        let names: Vec<String> = tables
            .iter()
            .enumerate()
            .map(|(i, t)| format!("第{}张表「{}」", i + 1, t.sheet))
            .collect();
        out.error(
            tables.first().map(|t| t.name.clone()).unwrap_or_default(),
            format!("导入规则 sheet 指定的表不存在(有: {})", names.join("、")),
            None,
        );
        return None;
    }
    let mut errors = Vec::new();
    for t in &chosen {
        match header::locate(t, rules) {
            Ok(map) => return Some((t, map)),
            Err(e) => errors.push((t.name.clone(), e)),
        }
    }
    for (name, e) in errors {
        out.error(
            name,
            e,
            Some("表头的列名不一样时,在导入规则 columns 里写明每一列(见 docs/import.md)"),
        );
    }
    None
}

/// The one period the table's dates fall in; several are reported (use `--period`).
fn only_period(
    table: &Table,
    map: &header::ColumnMap,
    rules: &Rules,
    out: &mut Outcome,
) -> Option<PeriodId> {
    let col = map.col(rules::Field::Date)?;
    let mut found: BTreeMap<PeriodId, usize> = BTreeMap::new();
    for row in map.data_start()..table.rows.len() {
        if let Ok(Some(d)) = cell::date_of(table.cell(row, col), rules.date_format.as_deref()) {
            let id = PeriodId {
                year: chrono::Datelike::year(&d),
                quarter: (chrono::Datelike::month(&d) - 1) / 3 + 1,
            };
            *found.entry(id).or_default() += 1;
        }
    }
    match found.len() {
        1 => found.into_keys().next(),
        0 => {
            out.error(&table.name, "表里找不到任何日期", None);
            None
        }
        _ => {
            let list: Vec<String> = found.keys().map(|p| p.label()).collect();
            out.error(
                &table.name,
                format!("表里有几个季度的账: {}", list.join("、")),
                Some("用 --period 指定导入哪一期,如 --period 2025-q3"),
            );
            None
        }
    }
}

/// Checks that the entries' people are the village's cadres.
fn check_items(items: &[Item], v: &Village, out: &mut Outcome) {
    let mut no_handler = false;
    for it in items {
        let (handler, approvers, voucher) = match &it.posting {
            Posting::Income(e) | Posting::Expense(e) => (&e.handler, &e.approvers[..], &e.voucher),
            Posting::Transfer(t) => (&t.handler, &[][..], &t.voucher),
        };
        if handler.is_empty() {
            no_handler = true;
        } else if !v.cadres.contains(handler) {
            out.error(
                &it.at,
                format!("凭证 {voucher} 的经手人「{handler}」不是本村干部"),
                Some("写 village.yaml 里 cadres 的姓名"),
            );
        }
        for a in approvers {
            if !v.cadres.contains(a) {
                out.error(
                    &it.at,
                    format!("凭证 {voucher} 的审批人「{a}」不是本村干部"),
                    Some("写 village.yaml 里 cadres 的姓名"),
                );
            }
        }
    }
    if no_handler {
        out.error(
            "导入规则",
            "不知道经手人是谁:表里没有经手人一列,导入规则也没写 handler,village.yaml 里也没有职务写着报账员或会计的干部",
            Some("在导入规则里写 handler: 姓名"),
        );
    }
}

/// Opening balances: the previous period's closing, else the rules' `opening`.
fn opening_of(
    town: &Town,
    village: &crate::model::Village,
    period: PeriodId,
    rules: &Rules,
    out: &mut Outcome,
) -> BTreeMap<String, Money> {
    let funds = &village.info.funds;
    let previous = village.periods.iter().rev().find(|p| p.id < period);
    if let Some(prev) = previous {
        let Some(acc) = &prev.accounts else {
            out.error(
                format!("villages/{}/{}/accounts.yaml", village.slug, prev.id.slug()),
                format!(
                    "{}的 accounts.yaml 读不出来,接不上期末余额",
                    prev.id.label()
                ),
                Some("先运行 sanshai check 把它改好"),
            );
            return BTreeMap::new();
        };
        let display = &town.sources.files[acc.file].display;
        if rules.opening.is_some() {
            out.notes.push(format!(
                "期初余额接{}的期末余额(导入规则里的 opening 只用于第一期)",
                prev.id.label()
            ));
        } else {
            out.notes
                .push(format!("期初余额接{}的期末余额", prev.id.label()));
        }
        return funds
            .iter()
            .filter(|f| {
                f.open_during(period.start(), period.end())
                    || acc.closing.get(&f.name).is_some_and(|m| !m.is_zero())
            })
            .map(|f| {
                let m = acc.closing.get(&f.name).copied().unwrap_or_else(|| {
                    out.problems.push(problem(
                        Severity::Warning,
                        display,
                        format!("上一期没有账户「{}」的期末余额,期初按 0 写入", f.name),
                        None,
                    ));
                    Money::ZERO
                });
                (f.name.clone(), m)
            })
            .collect();
    }
    match &rules.opening {
        Some(o) => funds
            .iter()
            .filter(|f| f.open_during(period.start(), period.end()))
            .map(|f| {
                let m = o.get(&f.name).copied().unwrap_or_else(|| {
                    out.error(
                        "导入规则",
                        format!("opening 里没有账户「{}」的期初余额", f.name),
                        None,
                    );
                    Money::ZERO
                });
                (f.name.clone(), m)
            })
            .collect(),
        None => {
            out.error(
                "导入规则",
                format!("{}是本村第一期,没有上期期末余额可接", period.label()),
                Some("在导入规则里写 opening:(每个账户的期初余额,照账本抄),用 --rules 给出"),
            );
            BTreeMap::new()
        }
    }
}

/// Writes the outcome's text to its target (making the period folder).
pub fn write(out: &Outcome) -> Result<PathBuf, String> {
    let (Some(target), Some(text)) = (&out.target, &out.text) else {
        return Err("没有可写的内容".into());
    };
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: 无法建立文件夹: {e}", dir.display()))?;
    }
    std::fs::write(target, text).map_err(|e| format!("{}: 无法写入: {e}", target.display()))?;
    Ok(target.clone())
}

/// Display name of a path for messages.
pub fn shown(path: &Path) -> String {
    path.display().to_string()
}
