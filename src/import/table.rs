//! Reading a spreadsheet or CSV file into tables of cells, kept at their real positions.
//!
//! Workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods) are read with calamine, every sheet a table
//! named `文件 第N张表`; a sheet that starts below or right of A1 is padded so that row and
//! column indices are the ones Excel shows. A CSV file is one table; finance programs on
//! Windows write it in GBK, newer ones in UTF-8 (with or without a byte-order mark), so the
//! encoding is found from the bytes unless the import rules name it.

use super::cell::Cell;
use calamine::{Data, Reader};
use std::path::Path;

/// One sheet (or a CSV file): rows of cells, `rows[r][c]` being the cell Excel calls
/// column `c` and row `r + 1`.
#[derive(Debug, Clone)]
pub struct Table {
    /// How messages name it: `序时账.xlsx 第2张表` or `凭证.csv`.
    pub name: String,
    /// The sheet's own name (empty for CSV).
    pub sheet: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }
}

/// Text encodings of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gbk,
}

/// Reads every table of a file. `shown` is how messages name the file.
pub fn read_tables(
    path: &Path,
    shown: &str,
    encoding: Option<Encoding>,
) -> Result<Vec<Table>, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| format!("无法读取文件: {e}"))?;
            Ok(vec![read_csv(&bytes, shown, encoding)?])
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, shown),
        _ => Err(format!(
            "不认识的文件类型「.{ext}」,只能导入 .xlsx、.xls 或 .csv 文件"
        )),
    }
}

fn read_workbook(path: &Path, shown: &str) -> Result<Vec<Table>, String> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| {
        format!("打不开这个表格文件({e});请用 Excel 或 WPS 打开后另存为 .xlsx 再试")
    })?;
    let names = book.sheet_names();
    let mut tables = Vec::new();
    for (i, sheet) in names.iter().enumerate() {
        let Some(range) = book.worksheet_range_at(i) else {
            continue;
        };
        let range = range.map_err(|e| format!("第{}张表「{sheet}」读不出来: {e}", i + 1))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0 as usize];
        for row in range.rows() {
            let mut cells = vec![Cell::Empty; c0 as usize];
            cells.extend(row.iter().map(cell_of));
            rows.push(cells);
        }
        tables.push(Table {
            name: format!("{shown} 第{}张表", i + 1),
            sheet: sheet.clone(),
            rows,
        });
    }
    Ok(tables)
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .map(Cell::Date)
                .unwrap_or(Cell::Float(dt.as_f64()))
        }
        Data::DateTime(dt) => Cell::Float(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// Decodes CSV bytes (UTF-8 with or without BOM, else GBK) and splits them into cells.
pub fn read_csv(bytes: &[u8], shown: &str, encoding: Option<Encoding>) -> Result<Table, String> {
    let text = decode(bytes, encoding)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("第{}行读不出来: {e}", i + 1))?;
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Table {
        name: shown.to_string(),
        sheet: String::new(),
        rows,
    })
}

fn decode(bytes: &[u8], encoding: Option<Encoding>) -> Result<String, String> {
    let utf8 = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match encoding {
        Some(Encoding::Utf8) => String::from_utf8(utf8.to_vec())
            .map_err(|_| "文件不是 UTF-8 编码(导入规则写了 encoding: UTF-8)".to_string()),
        Some(Encoding::Gbk) => gbk(bytes),
        None => match std::str::from_utf8(utf8) {
            Ok(t) => Ok(t.to_string()),
            Err(_) => gbk(bytes),
        },
    }
}

fn gbk(bytes: &[u8]) -> Result<String, String> {
    // GB18030 decodes every GBK file and is what Windows writes as "ANSI" in China.
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(
            "文件既不是 UTF-8 也不是 GBK 编码,读不出来;请用 Excel 打开后另存为「CSV UTF-8」".into(),
        );
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_gbk_or_utf8() {
        let text = "日期,摘要,金额\n2025-07-05,\"收租金,三季度\",1200.00\n";
        let (gbk_bytes, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad);
        let utf8_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for bytes in [gbk_bytes.to_vec(), text.as_bytes().to_vec(), utf8_bom] {
            let t = read_csv(&bytes, "凭证.csv", None).unwrap();
            assert_eq!(t.rows.len(), 2);
            assert_eq!(t.cell(0, 0), &Cell::Text("日期".into()));
            assert_eq!(t.cell(1, 1), &Cell::Text("收租金,三季度".into()));
            assert_eq!(t.cell(1, 2), &Cell::Text("1200.00".into()));
            assert_eq!(t.cell(5, 5), &Cell::Empty);
        }
        assert!(read_csv(&[0xff, 0xfe, 0x80, 0x00], "x.csv", None).is_err());
    }
}
