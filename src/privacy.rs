//! Personal numbers in free text (个人信息保护法): villagers' ID numbers, mobile numbers and
//! bank-card numbers are found and masked before any output can show them.
//!
//! Accountants copy whatever the paper says into summaries, requests and notes; a request
//! summary like 「张三 13812345678 反映…」 must not put the number on the web. To avoid masking
//! voucher numbers, amounts or dates, each kind is recognised by what makes it real:
//! - an ID number (居民身份证号码, GB 11643) has 17 digits, a valid birth date and the check
//!   digit (0–9 or X) that the standard's weights give;
//! - a mobile number has 11 digits starting 13–19 (written whole, or as 3-4-4 with spaces or
//!   hyphens);
//! - a bank-card number has 16 to 19 digits (whole or in groups of four) that pass Luhn's check.
//!
//! A run of digits longer than the pattern is not cut into a match (a 20-digit contract number
//! is not a card). Phones that `site.yaml` and `village.yaml` publish on purpose are passed as
//! `published` and left as they are, wherever they appear.

use std::collections::BTreeSet;

/// What kind of personal number was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    IdNumber,
    Mobile,
    BankCard,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::IdNumber => "身份证号",
            Kind::Mobile => "手机号",
            Kind::BankCard => "银行卡号",
        }
    }
}

/// One personal number in a text: its kind, byte range and masked form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub masked: String,
}

/// A run of digits (with single spaces or hyphens between groups) found in the text.
struct Run {
    start: usize,
    end: usize,
    /// The digits (and a final X of an ID number) without separators.
    digits: String,
}

fn is_sep(c: char) -> bool {
    c == ' ' || c == '-'
}

/// Maximal runs of ASCII digits, allowing one separator between digits, and an X at the end.
fn runs(text: &str) -> Vec<Run> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let before_is_word = i > 0 && chars[i - 1].1.is_ascii_alphanumeric();
        if !c.is_ascii_digit() || before_is_word {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        let mut j = i;
        let mut end = start;
        while j < chars.len() {
            let (at, ch) = chars[j];
            if ch.is_ascii_digit() {
                digits.push(ch);
                end = at + 1;
                j += 1;
            } else if is_sep(ch)
                && j + 1 < chars.len()
                && chars[j + 1].1.is_ascii_digit()
                && !digits.is_empty()
            {
                j += 1;
            } else if (ch == 'X' || ch == 'x') && digits.len() == 17 {
                digits.push('X');
                end = at + 1;
                j += 1;
                break;
            } else {
                break;
            }
        }
        let after_is_word = chars.get(j).is_some_and(|(_, c)| c.is_ascii_alphanumeric());
        if !after_is_word {
            out.push(Run { start, end, digits });
        }
        i = j.max(i + 1);
    }
    out
}

/// GB 11643 check: 17 digits, a real birth date, the right check character.
pub fn is_id_number(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let sum: u32 = b[..17]
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = C[(sum % 11) as usize];
    let last = b[17].to_ascii_uppercase();
    let date = &s[6..14];
    let ok_date = chrono::NaiveDate::parse_from_str(date, "%Y%m%d")
        .is_ok_and(|d| (1900..=2100).contains(&chrono::Datelike::year(&d)));
    last == check && ok_date
}

/// Luhn's check over a string of digits.
pub fn luhn(s: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in s.bytes().rev().enumerate() {
        if !c.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

fn is_mobile(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// Every personal number in `text`, except those in `published` (digits only).
pub fn find(text: &str, published: &BTreeSet<String>) -> Vec<Found> {
    let mut out = Vec::new();
    // The shortest personal number (a mobile) has 11 digits: most text has fewer in all.
    if text.bytes().filter(u8::is_ascii_digit).count() < 11 {
        return out;
    }
    for r in runs(text) {
        let d = &r.digits;
        if published.contains(d) {
            continue;
        }
        let (kind, masked) = if is_id_number(d) {
            (Kind::IdNumber, format!("{}********{}", &d[..6], &d[14..]))
        } else if is_mobile(d) {
            (Kind::Mobile, format!("{}****{}", &d[..3], &d[7..]))
        } else if (16..=19).contains(&d.len()) && luhn(d) {
            (
                Kind::BankCard,
                format!("{} **** **** {}", &d[..4], &d[d.len() - 4..]),
            )
        } else {
            continue;
        };
        out.push(Found {
            kind,
            start: r.start,
            end: r.end,
            masked,
        });
    }
    out
}

/// `text` with every personal number masked (the text itself when there is none).
pub fn mask(text: &str, published: &BTreeSet<String>) -> String {
    let found = find(text, published);
    if found.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in found {
        out.push_str(&text[at..f.start]);
        out.push_str(&f.masked);
        at = f.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The digits of a phone number as written (`138-1234-5678` → `13812345678`), for the list
/// of numbers published on purpose.
pub fn digits_of(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> BTreeSet<String> {
        BTreeSet::new()
    }

    // Check digits computed by hand with the GB 11643 weights.
    const ID: &str = "11010519491231002X";

    #[test]
    fn id_numbers_by_check_digit_and_date() {
        assert!(is_id_number(ID));
        assert!(!is_id_number("110105194912310021"));
        assert!(!is_id_number("110105194913310021")); // month 13
        assert_eq!(
            mask(&format!("户主身份证{ID}已核"), &none()),
            "户主身份证110105********002X已核"
        );
        assert_eq!(
            mask("身份证 11010519491231002x", &none()),
            "身份证 110105********002X"
        );
    }

    #[test]
    fn mobiles_whole_or_grouped() {
        assert_eq!(
            mask("张三 13812345678 反映", &none()),
            "张三 138****5678 反映"
        );
        assert_eq!(mask("电话138-1234-5678。", &none()), "电话138****5678。");
        assert_eq!(mask("电话 138 1234 5678", &none()), "电话 138****5678");
        // Office phones, amounts, vouchers and dates are not personal numbers.
        for keep in [
            "0816-2345678",
            "金额 12345678.90",
            "记-001",
            "2025-07-03",
            "12345678901234567890",
            "合同号 HT13812345678",
        ] {
            assert_eq!(mask(keep, &none()), keep);
        }
    }

    #[test]
    fn bank_cards_by_luhn() {
        // 6217000010001234569 passes Luhn; the same with the last digit changed does not.
        assert!(luhn("6217000010001234569"));
        assert!(!luhn("6217000010001234564"));
        assert_eq!(
            mask("打入卡号 6217 0000 1000 1234 569", &none()),
            "打入卡号 6217 **** **** 4569"
        );
        assert_eq!(mask("6217000010001234564", &none()), "6217000010001234564");
    }

    #[test]
    fn published_phones_stay() {
        let published: BTreeSet<String> = [digits_of("138-0000-1111")].into();
        assert_eq!(
            mask("找王书记 13800001111 或 13912345678", &published),
            "找王书记 13800001111 或 139****5678"
        );
    }

    #[test]
    fn found_positions_point_into_the_text() {
        let text = "甲 13812345678";
        let f = find(text, &none());
        assert_eq!(f.len(), 1);
        assert_eq!(&text[f[0].start..f[0].end], "13812345678");
        assert_eq!(f[0].kind, Kind::Mobile);
    }
}
