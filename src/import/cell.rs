//! Cells and what is read from them: where a cell is (`序时账.xlsx 第2张表 D14`), and its value
//! as money, a date or text.
//!
//! An accountant fixes a spreadsheet in Excel or WPS, so every problem names the cell the way
//! those programs do: column letters and a 1-based row. Amounts become integer 分 without ever
//! being computed in floating point, except for the one unavoidable step: a spreadsheet stores
//! a number typed into a cell as a binary float, and [`money_from_float`] turns it back into
//! whole 分 exactly, or refuses it (see its docs).

use crate::diag::{Diagnostic, Severity};
use crate::money::Money;
use chrono::NaiveDate;

/// One cell's value as the spreadsheet or CSV file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A number: what Excel and WPS store for every typed figure.
    Float(f64),
    /// A cell formatted as a date.
    Date(NaiveDate),
    Bool(bool),
    /// `#N/A`, `#DIV/0!` …
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as it would be shown: numbers without a trailing `.0`, dates as
    /// `2025-07-05`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => float_text(*f),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A float as the shortest text that reads back as the same float (`1234.5`, `501001`).
pub fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Where a cell is: the table's name (file, and sheet for workbooks) and its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    /// `序时账.xlsx 第2张表` or `凭证.csv`.
    pub table: String,
    /// 0-based row and column.
    pub row: usize,
    pub col: usize,
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}{}",
            self.table,
            column_letters(self.col),
            self.row + 1
        )
    }
}

/// `A`, `B` … `Z`, `AA` … for a 0-based column.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The 0-based column of letters such as `D` or `AB`; `None` when `s` is not column letters.
pub fn column_index(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut n = 0usize;
    for b in s.bytes() {
        n = n * 26 + usize::from(b - b'A' + 1);
    }
    Some(n - 1)
}

/// A problem at a cell (or at a whole file when `at` is `None`), printed like the checks'
/// messages: `序时账.xlsx 第2张表 D14: 错误: … (提示: …)`.
pub fn problem(
    severity: Severity,
    at: impl std::fmt::Display,
    message: impl Into<String>,
    hint: Option<&str>,
) -> Diagnostic {
    Diagnostic {
        severity,
        file: at.to_string(),
        line: 0,
        col: 0,
        message: message.into(),
        hint: hint.map(str::to_string),
    }
}

/// The largest amount a cell may hold, in yuan (一万亿元, as `Money::parse` allows).
const MAX_YUAN: f64 = 1e12;

/// Turns a number cell into whole 分, exactly.
///
/// A spreadsheet keeps a typed `1234.56` as the binary float nearest to it, and a formula
/// such as `=0.1+0.2` as `0.30000000000000004`. The amount meant is the whole number of 分
/// `n` whose own nearest float, `n / 100`, lies within a few units in the last place of the
/// cell's value (the rounding error of a short sum of fen amounts); that `n` is taken. A
/// value farther than that from every whole 分 (`1234.567`, `0.005`) is refused rather than
/// rounded, because the books hold no fractions of a 分. NaN, infinities and values of
/// 一万亿元 or more are refused too. No other arithmetic on amounts uses floats.
pub fn money_from_float(v: f64) -> Result<Money, String> {
    if !v.is_finite() {
        return Err("单元格里不是有效的数".into());
    }
    if v.abs() >= MAX_YUAN {
        return Err(format!("金额 {} 太大", float_text(v)));
    }
    let fen = (v * 100.0).round();
    let nearest = fen / 100.0;
    let ulp = |x: f64| x.abs().next_up() - x.abs();
    let tolerance = 4.0 * ulp(v).max(ulp(nearest));
    if (nearest - v).abs() > tolerance {
        return Err(format!(
            "金额 {} 不是整分(小数超过两位),账上最小到分",
            float_text(v)
        ));
    }
    Ok(Money::from_fen(fen as i64))
}

/// An amount cell: empty is `None`; text is read like an amount in YAML (also `(1,234.50)`
/// for a negative amount, as accounting formats show it); numbers by [`money_from_float`].
pub fn money_of(cell: &Cell) -> Result<Option<Money>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
                return Money::parse(inner).map(|m| Some(-m));
            }
            Money::parse(t).map(Some)
        }
        Cell::Int(i) => i
            .checked_mul(100)
            .filter(|f| f.unsigned_abs() < (MAX_YUAN as u64) * 100)
            .map(|f| Some(Money::from_fen(f)))
            .ok_or_else(|| format!("金额 {i} 太大")),
        Cell::Float(f) => money_from_float(*f).map(Some),
        Cell::Date(_) => Err("这里应是金额,单元格却是日期格式".into()),
        Cell::Bool(_) => Err("这里应是金额,单元格却是是/否值".into()),
        Cell::Error(e) => Err(format!("单元格是错误值 {e}(公式出错)")),
    }
}

/// A date cell: a date-formatted cell, a date serial number, `20250705`, or text in any form
/// `accounts.yaml` accepts (`2025-07-05`, `2025/7/5`, `2025年7月5日`) or `2025.7.5`; with a
/// `format` (chrono's `%Y%m%d` notation) text must be in that form.
pub fn date_of(cell: &Cell, format: Option<&str>) -> Result<Option<NaiveDate>, String> {
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(d) => return Ok(Some(*d)),
        Cell::Int(i) => return serial_or_digits(*i as f64).map(Some),
        Cell::Float(f) => return serial_or_digits(*f).map(Some),
        Cell::Text(t) => t.trim().to_string(),
        other => return Err(format!("「{}」不是日期", other.text())),
    };
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(fmt) = format {
        return NaiveDate::parse_from_str(&text, fmt)
            .map(Some)
            .map_err(|_| format!("「{text}」不是导入规则 date_format 写的「{fmt}」格式的日期"));
    }
    // A date and a time (`2025-07-05 00:00:00`): the date part.
    let date_part = text.split_whitespace().next().unwrap_or_default();
    if date_part.len() == 8 && date_part.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(d) = NaiveDate::parse_from_str(date_part, "%Y%m%d") {
            return Ok(Some(d));
        }
    }
    crate::model::parse_date(&date_part.replace('.', "-")).map(Some)
}

/// A number in a date column: `20250705`, or an Excel date serial (days since 1899-12-30).
fn serial_or_digits(f: f64) -> Result<NaiveDate, String> {
    if f.fract() == 0.0 && (19_000_101.0..=22_001_231.0).contains(&f) {
        let n = f as i64;
        return NaiveDate::from_ymd_opt(
            (n / 10_000) as i32,
            (n / 100 % 100) as u32,
            (n % 100) as u32,
        )
        .ok_or_else(|| format!("「{n}」不是日期"));
    }
    if (1.0..=109_575.0).contains(&f) {
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid epoch");
        if let Some(d) = epoch.checked_add_days(chrono::Days::new(f.floor() as u64)) {
            return Ok(d);
        }
    }
    Err(format!("「{}」不是日期", float_text(f)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(3), "D");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        for i in 0..800 {
            assert_eq!(column_index(&column_letters(i)), Some(i));
        }
        assert_eq!(column_index("日期"), None);
        let at = At {
            table: "序时账.xlsx 第2张表".into(),
            row: 13,
            col: 3,
        };
        assert_eq!(at.to_string(), "序时账.xlsx 第2张表 D14");
    }

    #[test]
    fn floats_become_whole_fen_or_are_refused() {
        let fen = |v: f64| money_from_float(v).map(Money::fen);
        assert_eq!(fen(1234.56), Ok(123456));
        assert_eq!(fen(1234.5), Ok(123450));
        assert_eq!(fen(0.01), Ok(1));
        assert_eq!(fen(-37500.0), Ok(-3750000));
        assert_eq!(fen(0.1 + 0.2), Ok(30));
        assert_eq!(fen(1.1 + 2.2), Ok(330));
        assert_eq!(fen(186420.35 + 12000.0 - 41880.0), Ok(15654035));
        assert_eq!(fen(99_999_999_999.99), Ok(9_999_999_999_999));
        // Every fen amount up to a million yuan survives the float a spreadsheet stores.
        for n in (0..100_000_000i64).step_by(9_973) {
            assert_eq!(fen(n as f64 / 100.0), Ok(n), "{n}");
        }
        assert!(fen(1234.567).unwrap_err().contains("不是整分"));
        assert!(fen(0.005).unwrap_err().contains("不是整分"));
        assert!(fen(0.001).is_err());
        assert!(fen(f64::NAN).is_err());
        assert!(fen(f64::INFINITY).is_err());
        assert!(fen(1e12).unwrap_err().contains("太大"));
    }

    #[test]
    fn amount_cells() {
        let m = |c: Cell| money_of(&c).map(|o| o.map(Money::fen));
        assert_eq!(m(Cell::Empty), Ok(None));
        assert_eq!(m(Cell::Text(" ".into())), Ok(None));
        assert_eq!(m(Cell::Text("1,234.50".into())), Ok(Some(123450)));
        assert_eq!(m(Cell::Text("(1,234.50)".into())), Ok(Some(-123450)));
        assert_eq!(m(Cell::Text("-500".into())), Ok(Some(-50000)));
        assert_eq!(m(Cell::Int(12)), Ok(Some(1200)));
        assert!(m(Cell::Text("壹佰元".into())).is_err());
        assert!(m(Cell::Error("#DIV/0!".into()))
            .unwrap_err()
            .contains("#DIV/0!"));
    }

    #[test]
    fn date_cells() {
        let d = NaiveDate::from_ymd_opt(2025, 7, 5).unwrap();
        let date = |c: Cell| date_of(&c, None);
        assert_eq!(date(Cell::Date(d)), Ok(Some(d)));
        assert_eq!(date(Cell::Float(45843.0)), Ok(Some(d)));
        assert_eq!(date(Cell::Int(20250705)), Ok(Some(d)));
        for t in [
            "2025-07-05",
            "2025/7/5",
            "2025年7月5日",
            "2025.7.5",
            "20250705",
            "2025-07-05 00:00:00",
        ] {
            assert_eq!(date(Cell::Text(t.into())), Ok(Some(d)), "{t}");
        }
        assert!(date(Cell::Text("7月5日".into())).is_err());
        assert_eq!(
            date_of(&Cell::Text("05/07/2025".into()), Some("%d/%m/%Y")),
            Ok(Some(d))
        );
        assert!(date_of(&Cell::Text("2025-07-05".into()), Some("%d/%m/%Y")).is_err());
    }
}
