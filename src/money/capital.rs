//! Chinese capital numerals (大写金额) for amounts in 分, as 会计基础工作规范 Art. 52 requires.
//!
//! Digits are 零壹贰叁肆伍陆柒捌玖 with units 拾佰仟万亿 (亿 nests, so 10^12 元 is 壹万亿) and
//! 元角分; the text starts with 人民币 (人民币负 for negatives). Zeros between two nonzero digits
//! are one 零, even across a 万 or 亿 (叁佰万零伍仟); trailing zeros are dropped, so 零 never stands
//! before a unit. 拾 always has its digit (壹拾). 整 follows 元 or 角 when there is no 分, and 零
//! sits between 元 and 分 when the 角 digit is zero (壹佰元零伍分).

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// Capital-numeral form of an amount in 分, e.g. 1_030_000 -> "人民币壹万零叁佰元整".
pub fn to_capital(fen: i64) -> String {
    let mut out = String::from(if fen < 0 { "人民币负" } else { "人民币" });
    let abs = fen.unsigned_abs();
    let (yuan, jiao, fen) = (abs / 100, (abs / 10 % 10) as usize, (abs % 10) as usize);
    if yuan > 0 {
        out.push_str(&integer(yuan));
        out.push('元');
    } else if jiao == 0 && fen == 0 {
        out.push_str("零元");
    }
    if jiao > 0 {
        out.push(DIGITS[jiao]);
        out.push('角');
    } else if yuan > 0 && fen > 0 {
        out.push('零');
    }
    if fen > 0 {
        out.push(DIGITS[fen]);
        out.push('分');
    } else {
        out.push('整');
    }
    out
}

/// A positive integer. 亿 nests (万亿, 亿亿); a zero gap between two written digits is one 零.
fn integer(n: u64) -> String {
    const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
    let digits = n.to_string();
    let len = digits.len();
    let mut s = String::new();
    let mut gap = false;
    for (i, b) in digits.bytes().enumerate() {
        let (p, d) = (len - 1 - i, usize::from(b - b'0'));
        if d == 0 {
            gap = true;
        } else {
            if gap {
                s.push('零');
                gap = false;
            }
            s.push(DIGITS[d]);
            s.push_str(UNITS[p % 4]);
        }
        // 亿 always closes the part above it; 万 only a section that has digits.
        if p > 0 && p % 8 == 0 {
            s.push('亿');
        } else if p % 8 == 4
            && digits.as_bytes()[i.saturating_sub(3)..=i]
                .iter()
                .any(|&b| b != b'0')
        {
            s.push('万');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a capital amount back into 分, to check the text means what it should.
    fn parse(s: &str) -> i128 {
        let (neg, body) = match s.strip_prefix("人民币负") {
            Some(b) => (true, b),
            None => (false, s.strip_prefix("人民币").expect("prefix")),
        };
        let (mut big, mut wan, mut small, mut digit, mut total) = (0i128, 0, 0, 0, 0);
        for c in body.chars() {
            if let Some(d) = DIGITS.iter().position(|&x| x == c) {
                digit = d as i128;
                continue;
            }
            match c {
                '拾' => small += digit * 10,
                '佰' => small += digit * 100,
                '仟' => small += digit * 1000,
                '万' => (wan, small) = (wan + (small + digit) * 10_000, 0),
                '亿' => (big, wan, small) = ((big + wan + small + digit) * 100_000_000, 0, 0),
                '元' => total = (big + wan + small + digit) * 100,
                '角' => total += digit * 10,
                '分' => total += digit,
                '整' => {}
                _ => panic!("unexpected {c} in {s}"),
            }
            digit = 0;
        }
        if neg {
            -total
        } else {
            total
        }
    }

    #[test]
    fn examples() {
        let cases: &[(i64, &str)] = &[
            (0, "人民币零元整"),
            (1, "人民币壹分"),
            (-100, "人民币负壹元整"),
            (105, "人民币壹元零伍分"),
            (5, "人民币伍分"),
            (50, "人民币伍角整"),
            (56, "人民币伍角陆分"),
            (150, "人民币壹元伍角整"),
            (1_000, "人民币壹拾元整"),
            (1_050, "人民币壹拾元伍角整"),
            (10_005, "人民币壹佰元零伍分"),
            (101_010, "人民币壹仟零壹拾元壹角整"),
            (120_030, "人民币壹仟贰佰元叁角整"),
            (120_005, "人民币壹仟贰佰元零伍分"),
            (1_000_000, "人民币壹万元整"),
            (1_030_000, "人民币壹万零叁佰元整"),
            (1_234_560, "人民币壹万贰仟叁佰肆拾伍元陆角整"),
            (20_000_007, "人民币贰拾万元零柒分"),
            (100_000_100, "人民币壹佰万零壹元整"),
            (300_500_000, "人民币叁佰万零伍仟元整"),
            (10_000_000_000, "人民币壹亿元整"),
            (10_001_000_000, "人民币壹亿零壹万元整"),
            (11_000_000_000, "人民币壹亿壹仟万元整"),
            (10_100_000_000, "人民币壹亿零壹佰万元整"),
            (101_000_000_000, "人民币壹拾亿零壹仟万元整"),
            (100_000_001_000, "人民币壹拾亿零壹拾元整"),
            (100_000_000_000_000, "人民币壹万亿元整"),
            (100_010_000_000_000, "人民币壹万零壹亿元整"),
            (1_000_000_000_000_000_000, "人民币壹亿亿元整"),
            (-10_230_045, "人民币负壹拾万零贰仟叁佰元肆角伍分"),
            (
                99_999_999_999_999,
                "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
            ),
        ];
        for &(fen, want) in cases {
            assert_eq!(to_capital(fen), want, "{fen}");
        }
    }

    #[test]
    fn extremes_do_not_panic_and_round_trip() {
        for fen in [i64::MAX, i64::MIN, i64::MIN + 1, i64::MAX - 99] {
            assert_eq!(parse(&to_capital(fen)), fen as i128, "{fen}");
        }
        assert_eq!(
            to_capital(i64::MIN),
            "人民币负玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分"
        );
    }

    fn check(fen: i64) {
        let s = to_capital(fen);
        assert_eq!(parse(&s), fen as i128, "{fen}: {s}");
        for bad in "一二三四五六七八九十两念毛另".chars() {
            assert!(!s.contains(bad), "{fen}: {s}");
        }
        for bad in [
            "零零",
            "零万",
            "零亿",
            "零拾",
            "零佰",
            "零仟",
            "零角",
            "分整",
            "人民币拾",
        ] {
            assert!(!s.contains(bad), "{fen}: {s}");
        }
        assert!(fen == 0 || !s.contains("零元"), "{fen}: {s}");
        assert!(s.ends_with('整') || s.ends_with('分'), "{fen}: {s}");
        assert!(
            !s.contains("负拾") && !s.contains("亿拾") && !s.contains("万拾"),
            "{s}"
        );
    }

    #[test]
    fn property_many_values() {
        for fen in -2_000..200_000 {
            check(fen);
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let fen = (x as i64) >> (x % 60);
            check(fen);
            // Sparse digits exercise the zero rules.
            check(fen / 10_000_000 * 10_000_000 + fen % 1_000);
        }
        for p in 0..19 {
            let pow = 10i64.pow(p);
            for fen in [pow, pow + 1, pow - 1, pow * 9 + 5, -pow] {
                check(fen);
            }
        }
    }
}
