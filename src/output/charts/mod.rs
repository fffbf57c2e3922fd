//! Charts: static SVG drawn with plotters' SVG backend at build time, from derived figures.
//!
//! Why inline `<svg>` and not files: a period page and its printed notice embed the same
//! markup, the page needs no extra requests (it also works opened from disk), and every chart
//! carries its own `<title>` and `<desc>`. Each chart comes with the same numbers as a table
//! ([`ChartTable`]) that the page shows beside it, so small bars never hide a figure.
//!
//! plotters lays text out by byte length, which makes a Chinese label look three times too
//! wide; so nothing here asks plotters to measure text: label columns are sized with
//! [`text_width`], which counts a CJK character as one em and a digit as a little over half.
//! Colours are from the Okabe–Ito colour-blind-safe palette, every bar carries a direct label,
//! and the second series is hatched, so charts read the same in black and white.

mod canvas;
mod overview;
mod period;
mod shapes;

pub use overview::{town_charts, village_charts, TownCharts, VillageCharts};
pub use period::{period_charts, PeriodCharts};

use serde::Serialize;

/// Okabe–Ito: blue, orange, bluish green, vermillion, sky blue, reddish purple.
pub const PALETTE: [(u8, u8, u8); 6] = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (213, 94, 0),
    (86, 180, 233),
    (204, 121, 167),
];

/// Font families for chart text: CJK fonts common on phones and Windows first.
pub const FONT: &str =
    "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// A finished chart: SVG markup plus the numbers it shows.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Stable id within a page (used for `aria-labelledby`).
    pub id: String,
    pub title: String,
    /// One or two sentences that say what the chart shows, with its key numbers.
    pub desc: String,
    /// Complete `<svg>` element; all text in it is escaped.
    pub svg: String,
    pub table: ChartTable,
}

impl Chart {
    /// Draws a chart with `draw`, which receives its id, title and description, and keeps the
    /// numbers beside it as `table`.
    pub fn draw(
        id: &str,
        title: String,
        desc: String,
        table: ChartTable,
        draw: impl FnOnce(&shapes::Labels) -> Result<String, String>,
    ) -> Result<Chart, String> {
        let svg = draw(&shapes::Labels {
            id,
            title: &title,
            desc: &desc,
        })?;
        Ok(Chart {
            id: id.to_string(),
            title,
            desc,
            svg,
            table,
        })
    }
}

/// The chart's numbers as a table (first column: the category).
#[derive(Debug, Clone, Serialize, Default)]
pub struct ChartTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Estimated width in px of `text` at font `size`: one em for a CJK character, 0.6 em for
/// ASCII, which is what matters for sizing label columns.
pub fn text_width(text: &str, size: u32) -> u32 {
    let ems: f64 = text
        .chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum();
    (ems * f64::from(size)).ceil() as u32
}

/// Escapes text for SVG/XML content and attributes.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Makes plotters' SVG scalable and accessible: a viewBox with fluid width, `role="img"`,
/// and `<title>`/`<desc>` right after the opening tag.
pub fn finish_svg(raw: &str, id: &str, title: &str, desc: &str, width: u32, height: u32) -> String {
    let body_start = raw.find('>').map_or(0, |i| i + 1);
    let body = compact(raw[body_start..].trim_start());
    let id = escape_xml(id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" font-family=\"{}\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>\n{}",
        FONT,
        escape_xml(title),
        escape_xml(desc),
        body
    )
}

/// Drops attributes plotters repeats on every element (full opacity, the font family, which
/// the root `<svg>` now carries) and rounds font sizes, roughly halving the markup.
fn compact(body: &str) -> String {
    let font_attr = format!(" font-family=\"{FONT}\"");
    let s = body
        .replace(" opacity=\"1\"", "")
        .replace(&font_attr, "")
        .replace(" stroke=\"none\" stroke-width=\"1\"", " stroke=\"none\"");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("font-size=\"") {
        let start = i + "font-size=\"".len();
        out.push_str(&rest[..start]);
        let end = rest[start..].find('"').map_or(rest.len(), |j| start + j);
        match rest[start..end].parse::<f64>() {
            Ok(v) => out.push_str(&format!("{}", (v * 10.0).round() / 10.0)),
            Err(_) => out.push_str(&rest[start..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_wider_than_digits() {
        assert_eq!(text_width("管理费用", 10), 40);
        assert_eq!(text_width("12.5", 10), 24);
    }

    #[test]
    fn finish_adds_title_and_desc_escaped() {
        let s = finish_svg(
            "<svg width=\"10\" height=\"10\">\n<rect/></svg>",
            "c1",
            "a<b",
            "x&y",
            10,
            10,
        );
        assert!(s.starts_with("<svg xmlns="));
        assert!(s.contains("<title id=\"c1-t\">a&lt;b</title><desc id=\"c1-d\">x&amp;y</desc>"));
        assert!(s.ends_with("<rect/></svg>"));
    }
}
