//! Writes the spreadsheets under `tests/fixtures/import/` that `tests/import.rs` imports:
//! an .xlsx voucher journal as finance software exports it (title rows, the journal on the
//! second sheet, dates only on a voucher's first line, subtotal rows), a GBK-encoded .csv
//! journal, a filled-in 收支明细 sheet made from `sanshai template`, and a small .csv with
//! mistakes. Run `cargo run --example make_import_fixtures` after changing the data here;
//! the expected `accounts.yaml` files beside them are checked by hand (see the README there).

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::path::Path;

/// One journal line: date (first line of a voucher), voucher, summary, code, name, debit,
/// credit. Amounts are text as the accountant typed them; "" is an empty cell.
type Line = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// A line of the CSV journal: a journal line with handler and approvers.
type CsvLine = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// One row of the 收支明细 sheet: 日期 … 资金来源, the amount a number.
type SheetRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// 红旗村, 2025 Q3 and Q4, with the codes of the 2004 chart and sub-accounts.
#[rustfmt::skip]
const HONGQI: &[Line] = &[
    ("2025-07-03", "记-1", "提取备用金", "101", "现金", "2000", ""),
    ("", "", "提取备用金", "10201", "银行存款—农商行", "", "2000"),
    ("2025-07-08", "记-2", "收到二季度村级组织运转经费", "10201", "银行存款—农商行", "62500", ""),
    ("", "", "收到二季度村级组织运转经费", "522", "补助收入—村级组织运转经费", "", "62500"),
    ("2025-07-10", "记-3", "计提7月村干部报酬", "541001", "管理费用—村干部报酬", "8000", ""),
    ("", "", "计提7月村干部报酬", "211", "应付工资", "", "8000"),
    ("2025-07-15", "记-4", "发放二季度村干部报酬(4人)", "211", "应付工资", "24000", ""),
    ("", "", "发放二季度村干部报酬(4人)", "10201", "银行存款—农商行", "", "24000"),
    ("2025-07-22", "记-5", "购买打印纸、墨盒", "541002", "管理费用—办公费", "486", ""),
    ("", "", "购买打印纸、墨盒", "101", "现金", "", "486"),
    ("2025-08-05", "记-6", "收村东鱼塘2025年度承包费", "10201", "银行存款—农商行", "12000", ""),
    ("", "", "收村东鱼塘2025年度承包费", "511", "发包及上交收入—鱼塘承包费", "", "12000"),
    ("2025-08-12", "记-7", "村主干道路灯维修,更换灯头12个", "551", "其他支出—路灯维修", "4380", ""),
    ("", "", "村主干道路灯维修,更换灯头12个", "10201", "银行存款—农商行", "", "4380"),
    ("2025-08-20", "记-8", "收到三组村民一事一议筹资款", "10202", "银行存款—邮储专户", "9600", ""),
    ("", "", "收到三组村民一事一议筹资款", "231", "一事一议资金", "", "9600"),
    ("2025-09-03", "记-9", "走访慰问困难党员(6人)", "541004", "管理费用—困难补助及慰问", "1,200.00", ""),
    ("", "", "走访慰问困难党员(6人)", "101", "现金", "", "1,200.00"),
    ("2025-09-15", "记-10", "支付8月村部电费", "541003", "管理费用—水电费", "356.4", ""),
    ("", "", "支付8月村部宽带费", "541002", "管理费用—办公费", "120", ""),
    ("", "", "支付8月村部电费和宽带费", "10201", "银行存款—农商行", "", "476.4"),
    ("2025-09-20", "记-11", "旧村部拆下的废旧钢材变卖", "101", "现金", "860", ""),
    ("", "", "旧村部拆下的废旧钢材变卖", "531", "其他收入—废旧物资变卖", "", "860"),
    ("2025-09-28", "记-12", "现金存入农商行", "10201", "银行存款—农商行", "1000", ""),
    ("", "", "现金存入农商行", "101", "现金", "", "1000"),
    ("2025-09-30", "记-13", "计提三季度固定资产折旧", "551", "其他支出—折旧", "3400", ""),
    ("", "", "计提三季度固定资产折旧", "152", "累计折旧", "", "3400"),
    ("2025-10-09", "记-14", "收到四季度村级组织运转经费", "10201", "银行存款—农商行", "62500", ""),
    ("", "", "收到四季度村级组织运转经费", "522", "补助收入—村级组织运转经费", "", "62500"),
    ("2025-10-15", "记-15", "发放三季度村干部报酬(4人)", "211", "应付工资", "24000", ""),
    ("", "", "发放三季度村干部报酬(4人)", "10201", "银行存款—农商行", "", "24000"),
    ("2025-10-20", "记-16", "支付三组机耕路硬化工程款", "551", "其他支出—一事一议项目", "28000", ""),
    ("", "", "支付三组机耕路硬化工程款", "10202", "银行存款—邮储专户", "", "28000"),
    ("2025-11-05", "记-17", "购买档案盒、文件柜", "541002", "管理费用—办公费", "320", ""),
    ("", "", "购买档案盒、文件柜", "101", "现金", "", "320"),
    ("2025-11-12", "记-18", "冲销记-17号凭证多记的办公费", "541002", "管理费用—办公费", "-120", ""),
    ("", "", "冲销记-17号凭证多记的办公费", "101", "现金", "", "-120"),
    ("2025-11-20", "记-19", "收绿丰家庭农场下半年机动地承包费(86亩)", "10201", "银行存款—农商行", "25800", ""),
    ("", "", "收绿丰家庭农场下半年机动地承包费(86亩)", "511", "发包及上交收入—机动地承包费", "", "25800"),
    ("2025-12-10", "记-20", "走访慰问困难群众(5户)", "541004", "管理费用—困难补助及慰问", "1500", ""),
    ("", "", "提取备用金", "101", "现金", "500", ""),
    ("", "", "取现慰问困难群众并留备用金", "10201", "银行存款—农商行", "", "2000"),
    ("2025-12-21", "记-21", "四季度银行存款结息", "10201", "银行存款—农商行", "86.35", ""),
    ("", "", "四季度银行存款结息", "531", "其他收入—利息", "", "86.35"),
    ("2025-12-31", "记-22", "计提四季度固定资产折旧", "551", "其他支出—折旧", "3400", ""),
    ("", "", "计提四季度固定资产折旧", "152", "累计折旧", "", "3400"),
];

/// 青山村, 2025 Q3 and Q4: numbers-only vouchers, `/` between account levels, slashes in
/// dates, handler and approvers columns.
#[rustfmt::skip]
const QINGSHAN: &[CsvLine] = &[
    ("2025/7/4", "1", "收到二季度村级组织运转经费", "102", "银行存款", "50,000.00", "", "郑丽", "周明、吴建平、何强"),
    ("", "", "收到二季度村级组织运转经费", "522", "补助收入/村级组织运转经费", "", "50,000.00", "", ""),
    ("2025/7/10", "2", "发放二季度村干部报酬(4人)", "541", "管理费用/村干部报酬", "30,000.00", "", "郑丽", "周明、吴建平、何强"),
    ("", "", "发放二季度村干部报酬(4人)", "102", "银行存款", "", "30,000.00", "", ""),
    ("2025/7/18", "3", "提取备用金", "101", "库存现金", "1,500.00", "", "郑丽", ""),
    ("", "", "提取备用金", "102", "银行存款", "", "1,500.00", "", ""),
    ("2025/8/2", "4", "购买会议室桌椅", "541", "管理费用/办公费", "1,380.00", "", "吴建平", "周明、吴建平、何强"),
    ("", "", "购买会议室桌椅", "102", "银行存款", "", "1,380.00", "", ""),
    ("2025/8/16", "5", "收村部门面房三季度租金", "101", "库存现金", "3,600.00", "", "郑丽", "周明、吴建平、何强"),
    ("", "", "收村部门面房三季度租金", "501", "经营收入/门面房租金", "", "3,600.00", "", ""),
    ("2025/8/17", "6", "现金存入信用社", "102", "银行存款", "3,600.00", "", "郑丽", ""),
    ("", "", "现金存入信用社", "101", "库存现金", "", "3,600.00", "", ""),
    ("2025/9/9", "7", "慰问困难户(3户)", "541", "管理费用/困难补助及慰问", "900.00", "", "何强", "周明"),
    ("", "", "慰问困难户(3户)", "101", "库存现金", "", "900.00", "", ""),
    ("2025/9/25", "8", "支付村道保洁费(7-9月)", "551", "其他支出/环境卫生保洁", "2,400.00", "", "何强", "周明、吴建平、郑丽"),
    ("", "", "支付村道保洁费(7-9月)", "102", "银行存款", "", "2,400.00", "", ""),
    ("2025/9/30", "9", "计提三季度折旧", "551", "其他支出/折旧", "1,200.00", "", "郑丽", ""),
    ("", "", "计提三季度折旧", "152", "累计折旧", "", "1,200.00", "", ""),
    ("2025/10/8", "10", "收到四季度村级组织运转经费", "102", "银行存款", "50,000.00", "", "郑丽", "周明、吴建平、何强"),
    ("", "", "收到四季度村级组织运转经费", "522", "补助收入/村级组织运转经费", "", "50,000.00", "", ""),
    ("2025/10/12", "11", "发放三季度村干部报酬(4人)", "541", "管理费用/村干部报酬", "30,000.00", "", "郑丽", "周明、吴建平、何强"),
    ("", "", "发放三季度村干部报酬(4人)", "102", "银行存款", "", "30,000.00", "", ""),
    ("2025/11/3", "12", "收茶园承包费(2025年度)", "102", "银行存款", "18,000.00", "", "吴建平", "周明、吴建平、何强"),
    ("", "", "收茶园承包费(2025年度)", "511", "发包及上交收入/茶园承包费", "", "18,000.00", "", ""),
    ("2025/11/20", "13", "购买激光打印机一台", "541", "管理费用/办公费", "1,650.00", "", "郑丽", "周明、吴建平、何强"),
    ("", "", "购买激光打印机一台", "102", "银行存款", "", "1,650.00", "", ""),
    ("2025/12/5", "14", "支付10-11月路灯电费", "551", "其他支出/路灯电费", "645.30", "", "何强", "周明"),
    ("", "", "支付10-11月路灯电费", "102", "银行存款", "", "645.30", "", ""),
    ("2025/12/28", "15", "计提四季度折旧", "551", "其他支出/折旧", "1,200.00", "", "郑丽", ""),
    ("", "", "计提四季度折旧", "152", "累计折旧", "", "1,200.00", "", ""),
];

fn amount_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    text: &str,
    money: &Format,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    // Typed figures are numbers in the spreadsheet; a figure with a thousands comma was
    // typed as text (finance programs export both).
    match text.parse::<f64>() {
        Ok(v) => sheet
            .write_number_with_format(row, col, v, money)
            .map(|_| ()),
        Err(_) => sheet.write_string(row, col, text).map(|_| ()),
    }
}

fn hongqi(path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let created = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.00");
    let cover = book.add_worksheet();
    cover.set_name("封面")?;
    cover.write_string_with_format(0, 0, "红旗村股份经济合作社 会计账簿导出", &bold)?;
    cover.write_string(1, 0, "账套: 红旗村 2025年")?;
    cover.write_string(2, 0, "导出内容: 序时账(2025年07月—2025年12月)")?;
    let sheet = book.add_worksheet();
    sheet.set_name("序时账")?;
    sheet.merge_range(0, 0, 0, 7, "红旗村 序时账", &bold)?;
    sheet.write_string(1, 0, "期间: 2025年07月 至 2025年12月")?;
    sheet.write_string(1, 6, "单位: 元")?;
    let head = [
        "日期",
        "凭证字号",
        "摘要",
        "科目编码",
        "科目名称",
        "借方金额",
        "贷方金额",
        "制单人",
    ];
    for (c, h) in head.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let fen = |t: &str| {
        if t.is_empty() {
            0
        } else {
            sanshai::money::Money::parse(t).unwrap().fen()
        }
    };
    let yuan = |f: i64| f as f64 / 100.0;
    let mut row = 3u32;
    let (mut month, mut sums, mut year) = (0u32, (0i64, 0i64), (0i64, 0i64));
    let subtotal = |sheet: &mut rust_xlsxwriter::Worksheet,
                    row: &mut u32,
                    label: &str,
                    s: (i64, i64)|
     -> Result<(), XlsxError> {
        sheet.write_string_with_format(*row, 2, label, &bold)?;
        sheet.write_number_with_format(*row, 5, yuan(s.0), &money)?;
        sheet.write_number_with_format(*row, 6, yuan(s.1), &money)?;
        *row += 1;
        Ok(())
    };
    for (d, v, summary, code, name, debit, credit) in HONGQI {
        if let Ok(day) = NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            let m = chrono::Datelike::month(&day);
            if month != 0 && m != month {
                subtotal(sheet, &mut row, "本月合计", sums)?;
                sums = (0, 0);
            }
            month = m;
            sheet.write_datetime_with_format(row, 0, day, &date)?;
        }
        if !v.is_empty() {
            sheet.write_string(row, 1, *v)?;
        }
        sheet.write_string(row, 2, *summary)?;
        sheet.write_string(row, 3, *code)?;
        sheet.write_string(row, 4, *name)?;
        sheet.write_string(row, 7, "王秀英")?;
        amount_cell(sheet, row, 5, debit, &money)?;
        amount_cell(sheet, row, 6, credit, &money)?;
        sums = (sums.0 + fen(debit), sums.1 + fen(credit));
        year = (year.0 + fen(debit), year.1 + fen(credit));
        row += 1;
    }
    subtotal(sheet, &mut row, "本月合计", sums)?;
    subtotal(sheet, &mut row, "本年累计", year)?;
    sheet.set_column_width(2, 40)?;
    sheet.set_column_width(4, 28)?;
    book.save(path)
}

fn csv_row(fields: &[&str]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.to_string()
            }
        })
        .collect();
    quoted.join(",") + "\r\n"
}

fn qingshan_csv(path: &Path) {
    let mut text = csv_row(&["青山村凭证汇总表(2025年7月-12月)"]);
    text += &csv_row(&[
        "凭证日期",
        "凭证号",
        "摘要",
        "科目代码",
        "科目名称",
        "借方",
        "贷方",
        "经手人",
        "审批人",
    ]);
    for (d, v, s, code, name, debit, credit, handler, approvers) in QINGSHAN {
        text += &csv_row(&[d, v, s, code, name, debit, credit, handler, approvers]);
    }
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad, "every character has a GBK code");
    std::fs::write(path, bytes).unwrap();
}

/// The 收支明细 sheet of 青山村's third quarter, as an accountant fills in the template.
fn qingshan_single(path: &Path) -> Result<(), XlsxError> {
    // rust_xlsxwriter cannot edit a file, so the rows go into a new workbook with the
    // template's header row (the importer reads the header, not the styling).
    let mut book = Workbook::new();
    let created = NaiveDate::from_ymd_opt(2025, 10, 6).unwrap();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = book.add_worksheet();
    sheet.set_name("收支明细")?;
    for (c, (name, ..)) in sanshai::import::template::COLUMNS.iter().enumerate() {
        sheet.write_string(0, c as u16, *name)?;
    }
    #[rustfmt::skip]
    let rows: &[SheetRow] = &[
        ("2025-07-04", "记-001", "收", "补助收入", "村级组织运转经费", "收到二季度村级组织运转经费", 50000.0, "信用社基本户", "郑丽", "周明、吴建平、何强", ""),
        ("2025-07-10", "记-002", "支", "管理费用", "村干部报酬", "发放二季度村干部报酬(4人)", 30000.0, "信用社基本户", "郑丽", "周明、吴建平、何强", "上级补助"),
        ("2025-07-18", "记-003", "转", "", "", "提取备用金", 1500.0, "信用社基本户→现金", "郑丽", "", ""),
        ("2025-08-02", "记-004", "支", "管理费用", "办公费", "购买会议室桌椅", 1380.0, "信用社基本户", "吴建平", "周明、吴建平、何强", "集体自有资金"),
        ("2025-08-16", "记-005", "收", "经营收入", "门面房租金", "收村部门面房三季度租金", 3600.0, "现金", "郑丽", "周明、吴建平、何强", ""),
        ("2025-08-17", "记-006", "转", "", "", "现金存入信用社", 3600.0, "现金→信用社基本户", "郑丽", "", ""),
        ("2025-09-09", "记-007", "支", "管理费用", "困难补助及慰问", "慰问困难户(3户)", 900.0, "现金", "何强", "周明", "集体自有资金"),
        ("2025-09-25", "记-008", "支", "其他支出", "环境卫生保洁", "支付村道保洁费(7-9月)", 2400.0, "信用社基本户", "何强", "周明、吴建平、郑丽", "集体自有资金"),
    ];
    for (i, r) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        let day = NaiveDate::parse_from_str(r.0, "%Y-%m-%d").unwrap();
        sheet.write_datetime_with_format(row, 0, day, &date)?;
        for (c, v) in [(1, r.1), (2, r.2), (3, r.3), (4, r.4), (5, r.5)] {
            if !v.is_empty() {
                sheet.write_string(row, c, v)?;
            }
        }
        sheet.write_number_with_format(row, 6, r.6, &money)?;
        for (c, v) in [(7, r.7), (8, r.8), (9, r.9), (10, r.10)] {
            if !v.is_empty() {
                sheet.write_string(row, c, v)?;
            }
        }
    }
    book.save(path)
}

/// A journal with a row whose amount is mistyped and a voucher that touches no fund.
fn with_mistakes(path: &Path) {
    let mut text = csv_row(&[
        "日期",
        "凭证号",
        "摘要",
        "科目编码",
        "科目名称",
        "借方金额",
        "贷方金额",
    ]);
    for r in [
        [
            "2025-07-04",
            "记-001",
            "收到二季度村级组织运转经费",
            "102",
            "银行存款",
            "50000.00",
            "",
        ],
        [
            "",
            "",
            "收到二季度村级组织运转经费",
            "522",
            "补助收入/村级组织运转经费",
            "",
            "50000.00",
        ],
        [
            "2025-07-10",
            "记-002",
            "发放二季度村干部报酬",
            "541",
            "管理费用/村干部报酬",
            "3,0000.00",
            "",
        ],
        [
            "",
            "",
            "发放二季度村干部报酬",
            "102",
            "银行存款",
            "",
            "30000.00",
        ],
        [
            "2025-09-30",
            "记-003",
            "计提三季度折旧",
            "551",
            "其他支出/折旧",
            "1200.00",
            "",
        ],
        ["", "", "计提三季度折旧", "152", "累计折旧", "", "1200.00"],
    ] {
        text += &csv_row(&r);
    }
    std::fs::write(path, text).unwrap();
}

fn main() -> Result<(), XlsxError> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    hongqi(&dir.join("红旗村序时账.xlsx"))?;
    qingshan_csv(&dir.join("青山村凭证汇总.csv"));
    qingshan_single(&dir.join("青山村收支明细.xlsx"))?;
    with_mistakes(&dir.join("有错的序时账.csv"));
    println!("已写入 {}", dir.display());
    Ok(())
}
