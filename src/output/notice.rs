//! The paper notice of each period for the village board (公开栏): `<村>/<期>/print.html`.
//!
//! A notice lays out the very same [`PeriodPage`] as the web page (as mdBook builds its print
//! page from the book), plus what only paper needs: a QR code back to the web page, the short
//! fingerprint that lets a reader check that paper and web say the same, and the paper size.

use super::web::PeriodPage;
use super::{per_village, render_page, OutFile, Output, PeriodArt, Site};
use crate::derive::period::{EntryLine, PeriodReport};
use crate::model::{Paper, Supervisor};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Serialize;

#[derive(Serialize)]
pub struct NoticeModel<'a> {
    /// Unique on a page that prints many notices (`<村>-<期>`): the prefix of every id.
    pub id: String,
    pub p: PeriodPage<'a>,
    /// Absolute address of the period's web page ("" when no base URL is set).
    pub url: &'a str,
    /// QR code of `url` as inline SVG ("" when no base URL is set).
    pub qr_svg: &'a str,
    /// Where the web page lists the period's data files (`…/#data`; "" without a base URL).
    pub data_url: String,
    /// First 16 hex digits of the period's fingerprint.
    pub fingerprint_short: &'a str,
    /// The supervision committee members who reviewed this notice, each given a line to sign.
    pub signers: &'a [Supervisor],
    /// Income and expenses in one dated list.
    pub lines: &'a [EntryLine],
    pub paper: Paper,
}

impl<'a> NoticeModel<'a> {
    pub fn new(report: &'a PeriodReport, art: &'a PeriodArt, paper: Paper) -> NoticeModel<'a> {
        let accounts = report.accounts.as_ref();
        NoticeModel {
            id: format!("{}-{}", report.village_slug, report.period.slug),
            p: PeriodPage::new(report, art),
            url: &art.url,
            qr_svg: &art.qr_svg,
            data_url: if art.url.is_empty() {
                String::new()
            } else {
                format!("{}#data", art.url)
            },
            fingerprint_short: &report.fingerprint_short,
            signers: accounts.map_or(&[], |a| a.signers.as_slice()),
            lines: accounts.map_or(&[], |a| a.lines.as_slice()),
            paper,
        }
    }
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

/// `<村>/<期>/print.html` for every period.
pub struct Notices;

impl Output for Notices {
    fn name(&self) -> &'static str {
        "公开栏打印版"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        let paper = site.report.site.paper;
        per_village(&site.report.village_reports, |i, v| {
            v.period_reports
                .iter()
                .zip(&site.art.periods[i])
                .map(|(p, art)| {
                    render_page(
                        site.tera,
                        format!("{}/{}/print.html", v.slug, p.period.slug),
                        "print.html",
                        &NoticeModel::new(p, art, paper),
                        None,
                    )
                })
                .collect()
        })
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
