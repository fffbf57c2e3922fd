//! The content model: what an accountant writes in `content/`, as typed Rust values.
//!
//! These types mirror the YAML files one to one (see `docs/format.md`); they hold what was
//! written and nothing computed. Every list item that could be read carries the file and YAML
//! path it came from (`Located`); the file's parsed tree, kept in [`Sources`], gives that path's
//! line and column (see [`spans`]), so later checks can name the exact file, line and column.
//! The serde adapters here (`de_text`, `de_date` …) say how a written value becomes a field.

pub mod account_chart;
pub mod contact;
pub mod county;
pub mod period;
pub mod record;
pub mod site;
pub mod spans;
pub mod town;
pub mod village;

pub use contact::*;
pub use period::*;
pub use site::*;
pub use town::*;
pub use village::*;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// Index of a source file in [`Sources`].
pub type FileId = usize;

/// A value together with where it was written: file and YAML path (e.g. `expenses[3]`), whose
/// position [`Sources::diag`] finds in the file's tree.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub file: FileId,
    pub path: String,
    pub value: T,
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Located<T> {
    /// The path of a field inside this item, e.g. `expenses[3].amount`.
    pub fn field(&self, name: &str) -> String {
        field_of(&self.path, name)
    }
}

/// The path of field `name` of the value at `path` (`income[3]` + `voucher`).
pub fn field_of(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Parses a date written as `2025-07-03`, `2025/7/3` or `2025年7月3日`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let cleaned: String = t
        .replace(['年', '月'], "-")
        .replace('日', "")
        .replace('/', "-");
    let parts: Vec<&str> = cleaned.split('-').collect();
    if parts.len() == 3 {
        if let (Ok(y), Ok(m), Ok(d)) = (
            parts[0].trim().parse::<i32>(),
            parts[1].trim().parse::<u32>(),
            parts[2].trim().parse::<u32>(),
        ) {
            if (1900..=2200).contains(&y) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Ok(date);
                }
                return Err(format!("日期「{t}」不存在(月份或日子不对)"));
            }
        }
    }
    Err(format!("「{t}」不是日期,请写成 2025-07-03"))
}

/// Serde adapter for dates in any of the accepted forms.
pub fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = String::deserialize(d)?;
    parse_date(&s).map_err(serde::de::Error::custom)
}

/// Serde adapter for text: also takes what YAML reads as a number or yes/no (a phone number or
/// voucher number typed without quotes), and an empty value as empty text. A number becomes the
/// text YAML would print for it (`2.0`, `1e16`, `.inf`).
pub fn de_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Text;
    impl<'v> serde::de::Visitor<'v> for Text {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("文字")
        }
        fn visit_str<E>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_string<E>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_u64<E>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E>(self, v: f64) -> Result<String, E> {
            Ok(float_text(v))
        }
        fn visit_bool<E>(self, v: bool) -> Result<String, E> {
            Ok(if v { "是" } else { "否" }.to_string())
        }
        fn visit_unit<E>(self) -> Result<String, E> {
            Ok(String::new())
        }
        fn visit_none<E>(self) -> Result<String, E> {
            Ok(String::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'v>>(self, _: A) -> Result<String, A::Error> {
            Err(serde::de::Error::custom(NOT_TEXT))
        }
        fn visit_map<A: serde::de::MapAccess<'v>>(self, _: A) -> Result<String, A::Error> {
            Err(serde::de::Error::custom(NOT_TEXT))
        }
    }
    d.deserialize_any(Text)
}

const NOT_TEXT: &str = "这里应写文字,不能是列表或「键: 值」表";

/// A float as YAML prints it: shortest round-trip digits, `e` exponents without `+`.
fn float_text(v: f64) -> String {
    if v.is_nan() {
        return ".nan".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-.inf" } else { ".inf" }.into();
    }
    serde_json::Number::from_f64(v)
        .map(|n| n.to_string().replace("e+", "e"))
        .unwrap_or_default()
}

/// Serde adapter for optional text: absent or empty is `None`.
pub fn de_opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = de_text(d)?;
    Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty()))
}

/// Serde adapter for optional dates.
pub fn de_opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    match s {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => parse_date(&s).map(Some).map_err(serde::de::Error::custom),
    }
}

/// `2025年7月3日` (GB/T 9704: Arabic numerals, no zero padding).
pub fn cn_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2025, 7, 3).unwrap();
        assert_eq!(parse_date("2025-07-03"), Ok(d));
        assert_eq!(parse_date("2025/7/3"), Ok(d));
        assert_eq!(parse_date("2025年7月3日"), Ok(d));
        assert!(parse_date("2025-02-30").unwrap_err().contains("不存在"));
        assert!(parse_date("七月三日").is_err());
        assert_eq!(cn_date(d), "2025年7月3日");
    }

    #[test]
    fn numbers_as_text_read_as_yaml_prints_them() {
        for (v, want) in [
            (2.0, "2.0"),
            (1.5, "1.5"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e16"),
            (1.5e-7, "1.5e-7"),
            (0.00001, "0.00001"),
            (-2.5, "-2.5"),
            (f64::NAN, ".nan"),
            (f64::NEG_INFINITY, "-.inf"),
        ] {
            assert_eq!(float_text(v), want);
        }
    }
}
