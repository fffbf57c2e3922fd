//! Page models for paper: the period notice for the village board (公开栏), the town's
//! "print everything" page, and the sheet of contact cards (连心卡).
//!
//! A notice is built from the very same [`PeriodPage`] as the web page (as mdBook builds its
//! print page from the book), plus what only paper needs: the entries of both kinds in one
//! dated list, the people who sign, a QR code back to the web page and the short fingerprint
//! that lets a reader check that paper and web say the same.

use super::view::{period_page, EntryView, PeriodPage, PeriodRef};
use crate::model::{Paper, Supervisor};
use crate::model::{Town, Village};
use crate::money::Money;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Serialize;

/// One line of the notice's entry list (收入 and 支出 together, by date).
#[derive(Debug, Clone, Serialize)]
pub struct LedgerRow {
    pub no: usize,
    pub date: String,
    pub voucher: String,
    /// 科目 and 明细, e.g. 管理费用·办公费.
    pub account: String,
    pub summary: String,
    pub income: Option<Money>,
    pub expense: Option<Money>,
    pub handler: String,
    pub approvers: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoticeModel {
    pub p: PeriodPage,
    /// Absolute address of the period's web page ("" when no base URL is set).
    pub url: String,
    /// QR code of `url` as inline SVG ("" when no base URL is set).
    pub qr_svg: String,
    /// First 16 hex digits of the period's fingerprint.
    pub fingerprint_short: String,
    /// The supervision committee members who reviewed this notice (`review.reviewed_by`),
    /// with their roles, each given a line to sign.
    pub signers: Vec<Supervisor>,
    pub ledger: Vec<LedgerRow>,
    pub paper: Paper,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrintAllPage {
    pub period: PeriodRef,
    pub notices: Vec<NoticeModel>,
    /// Villages that have not published this period (named on the last sheet).
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardCadre {
    pub name: String,
    /// The one-line 分工 printed on the card (see `calc::card_fit::card_duty`).
    pub duty_short: String,
    pub phone: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardsPage {
    pub slug: String,
    pub village_name: String,
    pub cadres: Vec<CardCadre>,
    pub reception_day: String,
    pub reception_place: String,
    /// How many cards on the sheet (8 on A4).
    pub copies: Vec<usize>,
    /// Address of the village page ("" without a base URL), printed on the back.
    pub url: String,
}

/// The web address of a village period, or "" without a base URL.
pub fn period_url(base_url: &str, slug: &str, period: &str) -> String {
    if base_url.is_empty() {
        return String::new();
    }
    format!("{}/{slug}/{period}/", base_url.trim_end_matches('/'))
}

/// A QR code for `text` as an inline `<svg>` (black on white, with the quiet zone), labelled
/// for screen readers.
pub fn qr_svg(text: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| format!("二维码生成失败: {e}"))?;
    let raw = code
        .render::<svg::Color>()
        .module_dimensions(4, 4)
        .quiet_zone(true)
        .build();
    let body = raw.find("<svg").map_or(raw.as_str(), |i| &raw[i..]);
    let open_end = body.find('>').map_or(0, |i| i + 1);
    let text = super::charts::escape_xml(text);
    Ok(format!(
        "<svg class=\"qr\" role=\"img\" {}<title>本期公开网页的二维码</title><desc>{text}</desc>{}",
        &body[5..open_end],
        &body[open_end..]
    ))
}

fn ledger(p: &PeriodPage) -> Vec<LedgerRow> {
    let Some(a) = &p.accounts else {
        return Vec::new();
    };
    let mut all: Vec<(&EntryView, bool)> = a
        .income
        .iter()
        .map(|e| (e, true))
        .chain(a.expenses.iter().map(|e| (e, false)))
        .collect();
    all.sort_by(|x, y| {
        (&x.0.iso_date, &x.0.voucher, !x.1).cmp(&(&y.0.iso_date, &y.0.voucher, !y.1))
    });
    all.into_iter()
        .enumerate()
        .map(|(i, (e, is_income))| LedgerRow {
            no: i + 1,
            date: e.date.clone(),
            voucher: e.voucher.clone(),
            account: if e.item.is_empty() {
                e.account.clone()
            } else {
                format!("{}·{}", e.account, e.item)
            },
            summary: e.summary.clone(),
            income: is_income.then_some(e.amount),
            expense: (!is_income).then_some(e.amount),
            handler: e.handler.clone(),
            approvers: e.approvers.clone(),
        })
        .collect()
}

pub fn notice(town: &Town, v: &Village, index: usize) -> Result<NoticeModel, String> {
    notice_from(town, v, period_page(town, v, index)?)
}

/// The reviewers who sign the notice, with their roles from `village.yaml`.
fn signers(v: &Village, names: &[String]) -> Vec<Supervisor> {
    names
        .iter()
        .map(|name| Supervisor {
            name: name.clone(),
            role: v
                .info
                .supervisors
                .iter()
                .find(|s| &s.name == name)
                .map(|s| s.role.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// The notice of a period whose page model is already built.
pub fn notice_from(town: &Town, v: &Village, p: PeriodPage) -> Result<NoticeModel, String> {
    let url = period_url(&town.site.base_url, &v.slug, &p.period.slug);
    let qr = if url.is_empty() {
        String::new()
    } else {
        qr_svg(&url)?
    };
    Ok(NoticeModel {
        url,
        qr_svg: qr,
        fingerprint_short: p.fingerprint.chars().take(16).collect(),
        signers: p
            .accounts
            .as_ref()
            .map_or_else(Vec::new, |a| signers(v, &a.review.reviewed_by)),
        ledger: ledger(&p),
        paper: town.site.paper,
        p,
    })
}

pub fn print_all(town: &Town, period: crate::model::PeriodId) -> Result<PrintAllPage, String> {
    let mut notices = Vec::new();
    let mut missing = Vec::new();
    for v in &town.villages {
        match v.periods.iter().position(|p| p.id == period) {
            Some(i) => notices.push(notice(town, v, i)?),
            None => missing.push(v.info.name.clone()),
        }
    }
    Ok(PrintAllPage {
        period: PeriodRef {
            slug: period.slug(),
            label: period.label(),
        },
        notices,
        missing,
    })
}

pub fn cards(base_url: &str, v: &Village) -> CardsPage {
    CardsPage {
        slug: v.slug.clone(),
        village_name: v.info.name.clone(),
        cadres: v
            .info
            .cadres
            .iter()
            .map(|c| CardCadre {
                name: c.name.clone(),
                duty_short: crate::calc::card_fit::card_duty(c).0,
                phone: c.phone.clone(),
            })
            .collect(),
        reception_day: v.info.reception_day.clone(),
        reception_place: v.info.reception_place.clone(),
        copies: (1..=8).collect(),
        url: if base_url.is_empty() {
            String::new()
        } else {
            format!("{}/{}/", base_url.trim_end_matches('/'), v.slug)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_qr() {
        assert_eq!(
            period_url("https://a.cn/", "dongshan", "2025-q3"),
            "https://a.cn/dongshan/2025-q3/"
        );
        assert_eq!(period_url("", "dongshan", "2025-q3"), "");
        let svg = qr_svg("https://a.cn/x/").unwrap();
        assert!(
            svg.starts_with("<svg class=\"qr\" role=\"img\" xmlns="),
            "{svg}"
        );
        assert!(svg.contains("<title>本期公开网页的二维码</title><desc>https://a.cn/x/</desc>"));
        assert_eq!(svg, qr_svg("https://a.cn/x/").unwrap());
    }
}
