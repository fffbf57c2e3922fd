//! Exact money: amounts are integer 分 (fen, 1/100 yuan), never floats.
//!
//! Accountants type amounts in many ways: `1234.5`, `"1,234.50"`, `"¥1,234.50"`. All of them are
//! parsed from their decimal text, so no binary rounding ever touches a figure. A YAML number that
//! the parser already turned into a float is printed back with Rust's shortest round-trip form,
//! which restores the digits the accountant typed for every amount below 10^13 yuan; anything with
//! more than two decimals, NaN, infinities or text is rejected with a message that says why.

pub mod capital;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

pub use capital::to_capital;

/// An amount of money in 分. Negative values are allowed (a difference, an overdraft).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

/// The largest amount accepted: 一万亿元 in 分, far above any village's books.
const MAX_FEN: i64 = 1_000_000_000_000 * 100;

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// Parses the text of an amount. See the module docs for what is accepted.
    pub fn parse(text: &str) -> Result<Money, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("金额为空".into());
        }
        if t.chars()
            .any(|c| ('０'..='９').contains(&c) || c == '．' || c == '，')
        {
            return Err(format!(
                "金额「{t}」含全角数字或符号,请用半角(英文输入法)输入"
            ));
        }
        let (neg, rest) = match t.strip_prefix('-') {
            Some(r) => (true, r.trim_start()),
            None => (false, t),
        };
        let rest = rest
            .strip_prefix('¥')
            .or_else(|| rest.strip_prefix('￥'))
            .unwrap_or(rest)
            .trim_start();
        let rest = rest.strip_suffix('元').unwrap_or(rest).trim_end();
        let (int_part, frac_part) = match rest.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (rest, None),
        };
        let digits = strip_grouping(int_part)
            .ok_or_else(|| format!("金额「{t}」的千分位逗号位置不对,应写成 1,234.50 或 1234.50"))?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("「{t}」不是金额,金额只能写数字,如 1234.50"));
        }
        let frac = frac_part.unwrap_or("");
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("「{t}」不是金额,金额只能写数字,如 1234.50"));
        }
        if frac.len() > 2 {
            return Err(format!("金额「{t}」的小数超过两位,金额最小到分"));
        }
        if digits.len() > 13 {
            return Err(format!("金额「{t}」太大"));
        }
        let yuan: i64 = digits.parse().map_err(|_| format!("金额「{t}」太大"))?;
        let mut fen_part: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            fen_part += i64::from(b - b'0') * if i == 0 { 10 } else { 1 };
        }
        let fen = yuan * 100 + fen_part;
        if fen > MAX_FEN {
            return Err(format!("金额「{t}」太大"));
        }
        Ok(Money(if neg { -fen } else { fen }))
    }

    /// `12345.60` — two decimals, no grouping and no sign of currency: the form data files
    /// (CSV, JSON) carry, which spreadsheets and the Frictionless `number` type read exactly.
    pub fn decimal(self) -> String {
        let abs = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// `12,345.60` — grouped figures with two decimals, no currency sign.
    pub fn grouped(self) -> String {
        let abs = self.0.unsigned_abs();
        let yuan = (abs / 100).to_string();
        let mut out = String::with_capacity(yuan.len() + 8);
        if self.0 < 0 {
            out.push('-');
        }
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out.push_str(&format!(".{:02}", abs % 100));
        out
    }

    /// `¥12,345.60`, or `-¥12.00` for a negative amount.
    pub fn yuan(self) -> String {
        let g = self.grouped();
        match g.strip_prefix('-') {
            Some(rest) => format!("-¥{rest}"),
            None => format!("¥{g}"),
        }
    }

    /// `1.2` (万元, one decimal, rounded half away from zero) for charts.
    pub fn wan_yuan(self) -> String {
        let tenths = (self.0.abs() + 50_000) / 100_000;
        let sign = if self.0 < 0 && tenths > 0 { "-" } else { "" };
        format!("{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

/// Removes thousands separators when they sit every three digits; `None` when they do not.
fn strip_grouping(int_part: &str) -> Option<String> {
    if !int_part.contains(',') {
        return Some(int_part.to_string());
    }
    let groups: Vec<&str> = int_part.split(',').collect();
    let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    if first_ok && rest_ok {
        Some(groups.concat())
    } else {
        None
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.yuan())
    }
}

// Sums saturate instead of overflowing: one amount is at most ¥1 万亿, so only absurd input
// (tens of thousands of such amounts) could reach the limit, and the checks refuse any file
// whose amounts add up past `SUM_LIMIT` before a total is ever shown. No input can panic here.
impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0.saturating_add(o.0))
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0.saturating_sub(o.0))
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        *self = *self + o;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        *self = *self - o;
    }
}
impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// The largest total of amounts a file may add up to (¥10 万亿 in 分): far above any village's
/// books, far below where sums could saturate.
pub const SUM_LIMIT: Money = Money(MAX_FEN * 10);

/// Money is written to templates as integer 分; the `yuan` and `capital` filters format it.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        d.deserialize_any(MoneyVisitor)
    }
}

struct MoneyVisitor;

impl serde::de::Visitor<'_> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("金额(如 1234.50)")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Money, E> {
        if v.unsigned_abs() > (MAX_FEN / 100) as u64 {
            return Err(E::custom(format!("金额「{v}」太大")));
        }
        Ok(Money(v * 100))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Money, E> {
        if v > (MAX_FEN / 100) as u64 {
            return Err(E::custom(format!("金额「{v}」太大")));
        }
        Ok(Money(v as i64 * 100))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Money, E> {
        if !v.is_finite() {
            return Err(E::custom("金额不能是 NaN 或无穷大,请写数字,如 1234.50"));
        }
        // Shortest round-trip text restores what was typed (see module docs).
        Money::parse(&format!("{v}")).map_err(E::custom)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Money, E> {
        Money::parse(v).map_err(E::custom)
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Money, E> {
        Err(E::custom(format!("「{v}」不是金额,请写数字,如 1234.50")))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Money, E> {
        Err(E::custom("金额为空,请写数字,如 0.00"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<i64, String> {
        Money::parse(s).map(|m| m.0)
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(p("1234.5"), Ok(123_450));
        assert_eq!(p("1,234.50"), Ok(123_450));
        assert_eq!(p("¥1,234.50"), Ok(123_450));
        assert_eq!(p("1234"), Ok(123_400));
        assert_eq!(p("0.01"), Ok(1));
        assert_eq!(p("-12.3"), Ok(-1230));
        assert_eq!(p("1,000,000"), Ok(100_000_000));
        assert_eq!(p(" 12.00元 "), Ok(1200));
    }

    #[test]
    fn rejects_non_amounts() {
        assert!(p("1.234").unwrap_err().contains("两位"));
        assert!(p("NaN").is_err());
        assert!(p("abc").is_err());
        assert!(p("").is_err());
        assert!(p("12,34.00").unwrap_err().contains("逗号"));
        assert!(p("１２３").unwrap_err().contains("全角"));
        assert!(p("1.2.3").is_err());
        assert!(p("99999999999999").is_err());
    }

    #[test]
    fn yaml_numbers_keep_their_digits() {
        let m: Money = serde_norway::from_str("1234.56").unwrap();
        assert_eq!(m.0, 123_456);
        let m: Money = serde_norway::from_str("0.1").unwrap();
        assert_eq!(m.0, 10);
        let m: Money = serde_norway::from_str("\"1,234.50\"").unwrap();
        assert_eq!(m.0, 123_450);
        assert!(serde_norway::from_str::<Money>("1.005").is_err());
        assert!(serde_norway::from_str::<Money>(".nan").is_err());
        assert!(serde_norway::from_str::<Money>("true").is_err());
        assert!(serde_norway::from_str::<Money>("~").is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(Money(1_234_560).yuan(), "¥12,345.60");
        assert_eq!(Money(5).yuan(), "¥0.05");
        assert_eq!(Money(-120_000).yuan(), "-¥1,200.00");
        assert_eq!(Money(100_000_000).grouped(), "1,000,000.00");
        assert_eq!(Money(100_000_000).decimal(), "1000000.00");
        assert_eq!(Money(-5).decimal(), "-0.05");
        assert_eq!(Money(i64::MIN).decimal(), "-92233720368547758.08");
        assert_eq!(
            Money::parse(&Money(-123_456).decimal()),
            Ok(Money(-123_456))
        );
        assert_eq!(Money(12_345_678).wan_yuan(), "12.3");
        assert_eq!(Money(4_000).wan_yuan(), "0.0");
    }
}
