//! Finding the header row and which column is which.
//!
//! Exports start with title rows (村名, 期间, 单位:元) before the column names, and name the
//! same column differently (借方, 借方金额, 借方金额(元)). The header row is the first of the
//! first 30 rows that names the columns a layout needs; the rules' `columns` can name a
//! column by its header text or by its letter, and `header_row` can fix the row.

use super::cell::{column_index, column_letters};
use super::rules::{Field, Layout, Rules};
use super::table::Table;
use std::collections::BTreeMap;

/// Where the data is: the layout, the first data row (0-based) and each field's column.
#[derive(Debug, Clone)]
pub struct ColumnMap {
    pub layout: Layout,
    /// 0-based row of the header; `None` when the table has none.
    pub header: Option<usize>,
    pub cols: BTreeMap<Field, usize>,
}

impl ColumnMap {
    pub fn col(&self, f: Field) -> Option<usize> {
        self.cols.get(&f).copied()
    }
    pub fn data_start(&self) -> usize {
        self.header.map_or(0, |h| h + 1)
    }
}

/// A header cell's text without spaces, `*` marks and a unit in brackets.
pub fn normalize(text: &str) -> String {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{3000}')
        .collect();
    let cut = t.find(['(', '（']).unwrap_or(t.len());
    t[..cut].to_string()
}

/// The fields a layout cannot do without.
fn complete(layout: Layout, cols: &BTreeMap<Field, usize>) -> bool {
    let has = |f| cols.contains_key(&f);
    match layout {
        Layout::Journal => {
            has(Field::Date)
                && (has(Field::Code) || has(Field::Name))
                && ((has(Field::Debit) && has(Field::Credit))
                    || (has(Field::Amount) && has(Field::Direction)))
        }
        Layout::SingleEntry => {
            has(Field::Date)
                && has(Field::Kind)
                && has(Field::Account)
                && has(Field::Amount)
                && has(Field::Fund)
        }
    }
}

/// Columns of `layout` found from the header row `row` (or only from letters when `None`).
fn columns_at(
    table: &Table,
    row: Option<usize>,
    layout: Layout,
    rules: &Rules,
) -> Result<BTreeMap<Field, usize>, String> {
    let headers: Vec<String> = row
        .map(|r| {
            table
                .rows
                .get(r)
                .map(|cells| cells.iter().map(|c| normalize(&c.text())).collect())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let find = |name: &str| headers.iter().position(|h| h == &normalize(name));
    let mut cols = BTreeMap::new();
    for f in Field::ALL {
        if let Some(given) = f.given(&rules.columns) {
            let col = match column_index(given) {
                Some(c) => c,
                None => find(given).ok_or_else(|| {
                    format!("导入规则 columns.{} 写的「{given}」在表头里找不到", f.key())
                })?,
            };
            cols.insert(f, col);
        } else if let Some(c) = f.header_names(layout).iter().find_map(|n| find(n)) {
            cols.insert(f, c);
        }
    }
    Ok(cols)
}

/// Finds the header and the columns of a table; `Err` says what is missing.
pub fn locate(table: &Table, rules: &Rules) -> Result<ColumnMap, String> {
    let layouts: Vec<Layout> = match rules.layout {
        Some(l) => vec![l],
        None => vec![Layout::SingleEntry, Layout::Journal],
    };
    let fixed = rules
        .header_row
        .map(|n| n.checked_sub(1).map(|r| r as usize));
    let rows: Vec<Option<usize>> = match fixed {
        Some(r) => vec![r],
        None => (0..table.rows.len().min(30)).map(Some).collect(),
    };
    let mut first_error = None;
    for row in &rows {
        for &layout in &layouts {
            match columns_at(table, *row, layout, rules) {
                Ok(cols) if complete(layout, &cols) => {
                    return Ok(ColumnMap {
                        layout,
                        header: *row,
                        cols,
                    })
                }
                Ok(_) => {}
                Err(e) => {
                    if fixed.is_some() {
                        first_error.get_or_insert(e);
                    }
                }
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    let at = match fixed {
        Some(Some(r)) => format!("第{}行", r + 1),
        _ => "前30行".to_string(),
    };
    Err(format!(
        "{at}里找不到表头:序时账要有 日期、科目名称(或科目编码)、借方金额、贷方金额 这几列,\
         收支明细要有 日期、收/支、科目、金额、账户 这几列"
    ))
}

/// `D列「借方金额」` for messages about a column.
pub fn describe(table: &Table, map: &ColumnMap, col: usize) -> String {
    let name = map
        .header
        .map(|h| table.cell(h, col).text())
        .filter(|t| !t.is_empty());
    match name {
        Some(n) => format!("{}列「{n}」", column_letters(col)),
        None => format!("{}列", column_letters(col)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cell::Cell;

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            name: "t.csv".into(),
            sheet: String::new(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| Cell::Text(s.to_string())).collect())
                .collect(),
        }
    }

    #[test]
    fn header_found_below_title_rows() {
        let t = table(&[
            &["东山村 序时账"],
            &["单位:元"],
            &[
                "日期",
                "凭证字号",
                "摘要",
                "科目编码",
                "科目名称",
                "借方金额(元)",
                "贷 方",
            ],
        ]);
        let m = locate(&t, &Rules::default()).unwrap();
        assert_eq!(m.layout, Layout::Journal);
        assert_eq!(m.header, Some(2));
        assert_eq!(m.col(Field::Debit), Some(5));
        assert_eq!(m.col(Field::Credit), Some(6));
        let single = table(&[&[
            "日期",
            "凭证号",
            "收/支",
            "科目",
            "明细",
            "摘要",
            "金额",
            "账户",
        ]]);
        let m = locate(&single, &Rules::default()).unwrap();
        assert_eq!(m.layout, Layout::SingleEntry);
        assert_eq!(m.col(Field::Account), Some(3));
        assert!(locate(&table(&[&["甲", "乙"]]), &Rules::default())
            .unwrap_err()
            .contains("找不到表头"));
    }
}
