//! The paper notice of each period for the village board (公开栏): `<村>/<期>/print.html`.
//!
//! A notice lays out the very same period page model as the web page (as mdBook builds its
//! print page from the book), plus what only paper needs: a QR code back to the web page, the short
//! fingerprint that lets a reader check that paper and web say the same, and the paper size.
//! It is laid out once per period ([`PeriodArt::notice_html`]); the village's print page and the
//! town print place that HTML.

use super::{per_village, render_value, value_of, OutFile, Output, PeriodArt, Site};
use crate::derive::period::PeriodReport;
use crate::model::{Paper, Supervisor};
use qrcode::render::svg;
use qrcode::EcLevel;
use serde::Serialize;

/// What a notice shows besides the period page: laid out by `partials/notice.html` as `n`,
/// with the period page as `n.p`.
#[derive(Serialize)]
struct NoticeFields<'a> {
    /// Unique on a page that prints many notices (`<村>-<期>`): the prefix of every id.
    id: String,
    /// Absolute address of the period's web page ("" when no base URL is set).
    url: &'a str,
    /// QR code of `url` as inline SVG ("" when no base URL is set).
    qr_svg: &'a str,
    /// Where the web page lists the period's data files (`…/#data`; "" without a base URL).
    data_url: String,
    /// First 16 hex digits of the period's fingerprint.
    fingerprint_short: &'a str,
    /// The supervision committee members who reviewed this notice, each given a line to sign.
    signers: &'a [Supervisor],
    paper: Paper,
}

/// The notice's model as a template value: its own fields and `p`, the period page's value
/// (shared, not copied).
pub fn notice_value(
    report: &PeriodReport,
    page: tera::Value,
    url: &str,
    qr_svg: &str,
    paper: Paper,
) -> Result<tera::Value, String> {
    let fields = NoticeFields {
        id: format!("{}-{}", report.village_slug, report.period.slug),
        url,
        qr_svg,
        data_url: if url.is_empty() {
            String::new()
        } else {
            format!("{url}#data")
        },
        fingerprint_short: &report.fingerprint_short,
        signers: report
            .accounts
            .as_ref()
            .map_or(&[], |a| a.signers.as_slice()),
        paper,
    };
    let mut map = super::to_value(&fields)?
        .into_map()
        .ok_or("公告的数据不是一个表")?;
    map.insert("p".into(), page);
    Ok(tera::Value::from(map))
}

/// A print page's model: the period page as `p`, the paper and the notice laid out already.
pub fn print_page(art: &PeriodArt, paper: Paper) -> Result<tera::Value, String> {
    Ok(value_of(vec![
        ("p", art.page.clone()),
        ("paper", super::to_value(&paper)?),
        ("notice_html", art.notice_html.clone()),
    ]))
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
///
/// The code uses one fixed mask pattern instead of trying all eight and scoring each (the
/// scoring was a tenth of a county's build). Any mask decodes: the score only avoids patterns
/// that look like finder marks, and the quiet zone and error correction level M keep a
/// board's code readable (every sample notice's code is decoded in the print tests).
pub fn qr_svg(text: &str) -> Result<String, String> {
    let (width, colors) = qr_modules(text)?;
    let raw = qrcode::render::Renderer::<svg::Color>::new(&colors, width, 4)
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

/// The modules of the QR code of `text`: its width and its dark and light modules, row by row.
fn qr_modules(text: &str) -> Result<(usize, Vec<qrcode::Color>), String> {
    use qrcode::bits::Bits;
    use qrcode::canvas::{Canvas, MaskPattern};
    let failed = |e: qrcode::types::QrError| format!("二维码生成失败: {e}");
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M).map_err(failed)?;
    let version = bits.version();
    let data = Bits::into_bytes(bits);
    let (data, ec) = qrcode::ec::construct_codewords(&data, version, EcLevel::M).map_err(failed)?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(MaskPattern::Checkerboard);
    Ok((
        version.width().unsigned_abs() as usize,
        canvas.into_colors(),
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
                    render_value(
                        site.tera,
                        &format!("{}/{}/print.html", v.slug, p.period.slug),
                        "print.html",
                        print_page(art, paper)?,
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

    /// The fixed mask decodes for addresses of every length a site has (QR versions 2 to 7),
    /// read back by an independent decoder from the drawn modules.
    #[test]
    fn fixed_mask_codes_decode() {
        for n in 0..60 {
            let url = format!(
                "https://sanshai.example.cn/{}-{n}/village-{}/2025-q{}/",
                "镇".repeat(n % 7),
                "x".repeat(n),
                1 + n % 4
            );
            let (width, colors) = qr_modules(&url).unwrap();
            let (scale, quiet) = (4, 4);
            let side = (width + 2 * quiet) * scale;
            let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
                let (mx, my) = (x / scale, y / scale);
                let inside =
                    (quiet..quiet + width).contains(&mx) && (quiet..quiet + width).contains(&my);
                let dark =
                    inside && colors[(my - quiet) * width + (mx - quiet)] == qrcode::Color::Dark;
                if dark {
                    0
                } else {
                    255
                }
            });
            let grids = img.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            let (_, content) = grids[0].decode().unwrap();
            assert_eq!(content, url);
        }
    }
}
