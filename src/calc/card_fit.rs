//! What fits on a contact card (连心卡): four cards share an A4 sheet, so each side of a
//! card (95 × 136 mm, 12 pt text) has room for about two dozen printed lines; a cadre takes
//! two (name and phone, then 分工). These functions decide the
//! one-line 分工 shown per cadre and estimate whether each side fits, so that the checks can
//! warn before a card is printed with its last lines cut off.

use crate::model::{Cadre, Phone};

/// Longest 分工 a card line holds (characters).
pub const CARD_DUTY_MAX: usize = 12;
/// Cadres that fit on the front of a card.
pub const CARD_MAX_CADRES: usize = 8;
/// Printed lines the back of a card holds (12 pt text, 1.25 line height, in 130 mm, less a
/// margin for headings).
pub const CARD_LINES: usize = 22;

/// The 分工 printed on the card, and whether it had to be shortened from `duties`.
pub fn card_duty(c: &Cadre) -> (String, bool) {
    if !c.card_duty.trim().is_empty() {
        return shorten(c.card_duty.trim());
    }
    let source = if c.duties.trim().is_empty() {
        c.role.trim()
    } else {
        c.duties.trim()
    };
    let first = source
        .split(['，', ',', '；', ';', '。'])
        .next()
        .unwrap_or("")
        .trim();
    let (text, cut) = shorten(first);
    (text, cut || first.len() < source.len())
}

/// Cuts text to [`CARD_DUTY_MAX`] characters at the last 、 when possible (adding 等, which
/// reads naturally in a list of duties).
fn shorten(text: &str) -> (String, bool) {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= CARD_DUTY_MAX {
        return (text.to_string(), false);
    }
    let head: String = chars[..CARD_DUTY_MAX - 1].iter().collect();
    match head.rfind('、') {
        Some(i) if i > 0 => (format!("{}等", &head[..i]), true),
        _ => (format!("{head}…"), true),
    }
}

/// Printed width of text in ems (CJK characters 1, ASCII 0.55).
fn ems(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
        .sum()
}

/// Estimated printed lines on the back of a card: reception day, then 监督电话 and
/// 便民服务电话 one per line (long names wrap), each part with a heading.
pub fn card_back_lines(reception: &str, supervision: &[Phone], service: &[Phone]) -> usize {
    let line_ems = 20.0;
    let wrap = |e: f64| (e / line_ems).ceil().max(1.0) as usize;
    let reception_lines = if reception.is_empty() {
        0
    } else {
        wrap(ems(reception) + 4.0)
    };
    let sup: usize = supervision
        .iter()
        .map(|p| wrap(ems(&p.name) + ems(&p.phone) + 1.0))
        .sum();
    let serv: usize = service
        .iter()
        .map(|p| wrap(ems(&p.name) + ems(&p.phone) + 1.0))
        .sum();
    reception_lines + 1 + sup + if service.is_empty() { 0 } else { 1 + serv }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cadre(duties: &str, card: &str) -> Cadre {
        Cadre {
            name: "王".into(),
            role: "书记".into(),
            duties: duties.into(),
            phone: String::new(),
            card_duty: card.into(),
            from: None,
            until: None,
            successor: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn card_duty_prefers_the_short_form() {
        assert_eq!(
            card_duty(&cadre("主持党支部全面工作，负责党建", "")),
            ("主持党支部全面工作".into(), true)
        );
        assert_eq!(card_duty(&cadre("党建", "")), ("党建".into(), false));
        assert_eq!(
            card_duty(&cadre("很长很长的分工", "全面工作")),
            ("全面工作".into(), false)
        );
        assert_eq!(
            card_duty(&cadre(
                "分管道路、水利、饮水、路灯等基础设施和人居环境整治",
                ""
            )),
            ("分管道路、水利、饮水等".into(), true)
        );
        assert_eq!(card_duty(&cadre("", "")), ("书记".into(), false));
    }

    #[test]
    fn back_of_card_lines() {
        let p = |n: &str| Phone {
            name: n.into(),
            phone: "0000-6123401".into(),
        };
        assert_eq!(
            card_back_lines("每月第一个星期五上午", &[p("镇纪委")], &[]),
            3
        );
        assert_eq!(
            card_back_lines(
                "",
                &[p("示例镇农村经营管理站（村账镇管）")],
                &[p("a"), p("b"), p("c")]
            ),
            // A 16-character name and its number wrap at 12 pt.
            1 + 2 + 1 + 3
        );
    }
}
