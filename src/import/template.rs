//! `sanshai template`: the empty 收支明细 workbook a village without finance software fills in
//! Excel or WPS and imports.
//!
//! The header row has exactly the names `sanshai import` recognises, so the filled sheet
//! imports with no rules file. Drop-down lists offer the allowed values (收/支/转, the chart's
//! accounts, and with `--village` the village's accounts and cadres), the date and amount
//! columns are formatted, and a second sheet explains each column in plain words.

use crate::model::account_chart::{EXPENSE_ACCOUNTS, INCOME_ACCOUNTS};
use crate::model::VillageFile;
use rust_xlsxwriter::{DataValidation, DocProperties, Format, FormatBorder, Workbook};

/// The columns, in order, with a width and a line of explanation.
pub const COLUMNS: &[(&str, f64, &str)] = &[
    ("日期", 12.0, "收付款的日期,如 2025-07-05;要在本季度之内"),
    ("凭证号", 10.0, "记账凭证号,如 记-001;同一季度不能重复"),
    (
        "收/支",
        7.0,
        "写「收」「支」或「转」(本村两个账户之间划转,如从银行提现金)",
    ),
    (
        "科目",
        14.0,
        "会计科目,从下拉列表选(收入写收入科目,支出写支出科目)",
    ),
    (
        "明细",
        14.0,
        "明细项目,如 办公费、村干部报酬;用「其他收入/其他支出」时一定要写",
    ),
    ("摘要", 36.0, "写清楚这笔钱是干什么的"),
    (
        "金额",
        14.0,
        "只写阿拉伯数字,最多两位小数,如 1234.50;不要写「元」",
    ),
    (
        "账户",
        14.0,
        "走的哪个账户,和 village.yaml 的账户名一字不差;划转写「农商行基本户→现金」",
    ),
    ("经手人", 9.0, "经手的村干部"),
    (
        "审批人",
        18.0,
        "审批的村干部,几个人用顿号隔开,如 王建国、李志强、陈德胜",
    ),
    (
        "资金来源",
        12.0,
        "支出的资金来源,如 集体自有资金、上级补助(可以不写)",
    ),
];

/// Rows that get drop-down lists and formats.
const ROWS: u32 = 1000;

fn err(e: rust_xlsxwriter::XlsxError) -> String {
    format!("无法生成表格: {e}")
}

/// The template workbook, as bytes.
pub fn workbook(village: Option<&VillageFile>) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let created = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date");
    book.set_properties(
        &DocProperties::new()
            .set_title("收支明细")
            .set_creation_datetime(&created),
    );
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.00");
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name("收支明细").map_err(err)?;
    for (i, (name, width, _)) in COLUMNS.iter().enumerate() {
        let col = i as u16;
        sheet
            .write_string_with_format(0, col, *name, &head)
            .map_err(err)?;
        sheet.set_column_width(col, *width).map_err(err)?;
        let format = match *name {
            "日期" => &date,
            "金额" => &money,
            _ => &text,
        };
        sheet.set_column_format(col, format).map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    let col = |name: &str| COLUMNS.iter().position(|c| c.0 == name).unwrap_or(0) as u16;
    let list = |values: &[String], title: &str, message: &str| -> Result<DataValidation, String> {
        DataValidation::new()
            .allow_list_strings(values)
            .and_then(|v| v.set_input_title(title))
            .and_then(|v| v.set_input_message(message))
            .map_err(err)
    };
    let mut lists = vec![
        (
            "收/支",
            list(
                &["收".into(), "支".into(), "转".into()],
                "收/支",
                "收、支,或账户之间划转写「转」",
            )?,
        ),
        (
            "科目",
            list(
                &INCOME_ACCOUNTS
                    .iter()
                    .chain(EXPENSE_ACCOUNTS)
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>(),
                "科目",
                "收入选收入科目,支出选支出科目",
            )?,
        ),
    ];
    if let Some(v) = village {
        let funds: Vec<String> = v.funds.iter().map(|f| f.name.clone()).collect();
        let cadres: Vec<String> = v.cadres.iter().map(|c| c.name.clone()).collect();
        if !funds.is_empty() {
            let mut dv = list(&funds, "账户", "本村的现金或银行账户")?;
            // A transfer is written `甲→乙`, which is not in the list: allow it.
            dv = dv.ignore_blank(true).show_error_message(false);
            lists.push(("账户", dv));
        }
        if !cadres.is_empty() && cadres.join(",").chars().count() < 250 {
            lists.push(("经手人", list(&cadres, "经手人", "本村干部")?));
        }
    }
    for (name, dv) in &lists {
        let c = col(name);
        sheet.add_data_validation(1, c, ROWS, c, dv).map_err(err)?;
    }
    let help = book.add_worksheet();
    help.set_name("填写说明").map_err(err)?;
    help.set_column_width(0, 12).map_err(err)?;
    help.set_column_width(1, 90).map_err(err)?;
    help.write_string_with_format(0, 0, "列", &head)
        .map_err(err)?;
    help.write_string_with_format(0, 1, "怎么填", &head)
        .map_err(err)?;
    for (i, (name, _, what)) in COLUMNS.iter().enumerate() {
        help.write_string(i as u32 + 1, 0, *name).map_err(err)?;
        help.write_string(i as u32 + 1, 1, *what).map_err(err)?;
    }
    let n = COLUMNS.len() as u32 + 2;
    let notes = [
        "每一笔收入、支出占一行,第一行的列名不要改。可以一次填几个季度,导入时用 --period 选一期。",
        "填好后保存,在命令行运行: sanshai import 收支明细.xlsx --village 村文件夹名 --period 2025-q3",
        "红字冲销(负数金额)现在还不能导入,请在账上查明原凭证后处理。",
    ];
    for (i, note) in notes.iter().enumerate() {
        help.write_string(n + i as u32, 1, *note).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::header::locate;
    use crate::import::rules::{Layout, Rules};
    use crate::import::table::read_tables;

    #[test]
    fn the_template_imports_as_a_single_entry_sheet() {
        let bytes = workbook(None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("收支明细.xlsx");
        std::fs::write(&path, bytes).unwrap();
        let tables = read_tables(&path, "收支明细.xlsx", None).unwrap();
        assert_eq!(tables[0].sheet, "收支明细");
        assert_eq!(tables[1].sheet, "填写说明");
        let map = locate(&tables[0], &Rules::default()).unwrap();
        assert_eq!(map.layout, Layout::SingleEntry);
        assert_eq!(map.header, Some(0));
    }
}
