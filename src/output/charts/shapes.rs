//! The chart kinds the pages use: labelled horizontal bars, grouped vertical bars, stacked
//! bars (survey answers) and lines over periods. Each takes prepared numbers and labels and
//! returns finished SVG; none of them adds anything up.

use super::canvas::{self, draw_svg, hatch, line, marker, rect, rgb, text, Anchor, GRID, INK};
use super::{finish_svg, text_width, PALETTE};

const W: u32 = 420;
const FONT: u32 = 21;
const SMALL: u32 = 20;

/// Text around a chart: id, title and description.
pub struct Labels<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}

/// One horizontal bar: a category label, its length and the text printed after it.
pub struct BarRow {
    pub label: String,
    pub value: i64,
    pub text: String,
    pub series: usize,
}

/// Horizontal bars, one per row, each labelled with its value.
pub fn hbars(l: &Labels, rows: &[BarRow]) -> Result<String, String> {
    hbars_noted(l, rows, None)
}

/// Horizontal bars with a line of text under them (e.g. the resolution rate of a funnel).
pub fn hbars_noted(l: &Labels, rows: &[BarRow], note: Option<&str>) -> Result<String, String> {
    hbars_to(l, rows, note, None)
}

/// Horizontal bars whose full length is `full` (e.g. 1000 for shares in thousandths) rather
/// than the longest bar, so a share of 50% is drawn half long.
pub fn hbars_to(
    l: &Labels,
    rows: &[BarRow],
    note: Option<&str>,
    full: Option<i64>,
) -> Result<String, String> {
    let row_h = 36;
    let bars_h = (rows.len().max(1) as u32) * row_h + 16;
    let height = bars_h + if note.is_some() { 30 } else { 0 };
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label, FONT))
        .max()
        .unwrap_or(0)
        + 14;
    let text_w = rows
        .iter()
        .map(|r| text_width(&r.text, FONT))
        .max()
        .unwrap_or(0)
        + 12;
    let bar_w = W.saturating_sub(label_w + text_w + 8).max(60);
    let max = rows
        .iter()
        .map(|r| r.value.max(0))
        .max()
        .unwrap_or(0)
        .max(full.unwrap_or(0))
        .max(1);
    let raw = draw_svg(W, height, |a| {
        for (i, r) in rows.iter().enumerate() {
            let y = 8 + (i as u32 * row_h) as i32;
            let mid = y + row_h as i32 / 2;
            text(
                a,
                &r.label,
                label_w as i32 - 10,
                mid,
                FONT,
                Anchor::End,
                false,
            )?;
            let len = (r.value.max(0) as f64 / max as f64 * f64::from(bar_w)).round() as i32;
            let (x0, x1) = (label_w as i32, label_w as i32 + len.max(1));
            rect(
                a,
                x0,
                y + 6,
                x1,
                y + row_h as i32 - 6,
                rgb(PALETTE[r.series % PALETTE.len()]),
            )?;
            if r.series % 2 == 1 {
                hatch(a, x0, y + 6, x1, y + row_h as i32 - 6)?;
            }
            text(a, &r.text, x1 + 6, mid, FONT, Anchor::Start, true)?;
        }
        if let Some(n) = note {
            text(a, n, 8, bars_h as i32 + 12, FONT, Anchor::Start, true)?;
        }
        line(
            a,
            vec![(label_w as i32, 4), (label_w as i32, bars_h as i32 - 4)],
            INK,
            1,
        )
    })?;
    Ok(finish_svg(&raw, l.id, l.title, l.desc, W, height))
}

/// One series of grouped bars: its name, bar lengths (same unit for all series) and the
/// text printed on top of each bar.
pub struct BarSeries {
    pub name: String,
    pub values: Vec<i64>,
    pub texts: Vec<String>,
}

/// A row of swatches (colour and pattern) with their names.
fn legend(a: &canvas::Area, names: &[(String, usize)], y: i32) -> Result<(), String> {
    let mut x = 8;
    for (name, s) in names {
        let color = rgb(PALETTE[s % PALETTE.len()]);
        rect(a, x, y - 9, x + 22, y + 9, color)?;
        canvas::pattern(a, *s, x, y - 9, x + 22, y + 9)?;
        text(a, name, x + 32, y, SMALL, Anchor::Start, false)?;
        x += 32 + text_width(name, SMALL) as i32 + 20;
    }
    Ok(())
}

/// Vertical bars grouped by category (months, periods, villages), values on top.
pub fn grouped_vbars(
    l: &Labels,
    categories: &[String],
    series: &[BarSeries],
    unit: &str,
) -> Result<String, String> {
    let height = 320u32;
    let (top, bottom, left, right) = (62i32, 40i32, 12i32, 12i32);
    let plot_h = height as i32 - top - bottom;
    let group_w = (W as i32 - left - right) / categories.len().max(1) as i32;
    let n = series.len().max(1) as i32;
    let bar_w = ((group_w - 18) / n).clamp(8, 64);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter())
        .map(|v| v.max(&0))
        .max()
        .copied()
        .unwrap_or(0)
        .max(1);
    let raw = draw_svg(W, height, |a| {
        let names: Vec<(String, usize)> = series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        legend(a, &names, 14)?;
        text(a, unit, W as i32 - 8, 14, SMALL, Anchor::End, false)?;
        let base = top + plot_h;
        for (ci, cat) in categories.iter().enumerate() {
            let gx = left + ci as i32 * group_w;
            let start = gx + (group_w - bar_w * n) / 2;
            for (si, s) in series.iter().enumerate() {
                let v = s.values.get(ci).copied().unwrap_or(0).max(0);
                let h = (v as f64 / max as f64 * f64::from(plot_h - 24)).round() as i32;
                let x0 = start + si as i32 * bar_w;
                let x1 = x0 + bar_w - 4;
                rect(
                    a,
                    x0,
                    base - h.max(1),
                    x1,
                    base,
                    rgb(PALETTE[si % PALETTE.len()]),
                )?;
                if si % 2 == 1 {
                    hatch(a, x0, base - h.max(1), x1, base)?;
                }
                if let Some(t) = s.texts.get(ci) {
                    text(
                        a,
                        t,
                        (x0 + x1) / 2,
                        base - h - 12,
                        SMALL,
                        Anchor::Middle,
                        true,
                    )?;
                }
            }
            text(
                a,
                cat,
                gx + group_w / 2,
                base + 20,
                SMALL,
                Anchor::Middle,
                false,
            )?;
        }
        line(a, vec![(left, base), (W as i32 - right, base)], INK, 2)
    })?;
    Ok(finish_svg(&raw, l.id, l.title, l.desc, W, height))
}

/// One row of stacked counts (e.g. 满意 / 基本满意 / 不满意 of one cadre).
pub struct StackRow {
    pub label: String,
    pub counts: Vec<u32>,
    /// Text printed under the label (e.g. the rate).
    pub note: String,
}

/// Stacked horizontal bars scaled to each row's total, each part filled with its own
/// pattern and labelled with its count where it fits; under each bar every count is written
/// out in words, so small parts are never lost.
pub fn stacked_hbars(l: &Labels, names: &[&str], rows: &[StackRow]) -> Result<String, String> {
    let row_h = 86u32;
    let height = 40 + rows.len().max(1) as u32 * row_h;
    let raw = draw_svg(W, height, |a| {
        let legend_names: Vec<(String, usize)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), i))
            .collect();
        legend(a, &legend_names, 16)?;
        for (i, r) in rows.iter().enumerate() {
            let y = 40 + (i as u32 * row_h) as i32;
            text(
                a,
                &format!("{}  {}", r.label, r.note),
                8,
                y + 12,
                FONT,
                Anchor::Start,
                true,
            )?;
            let total: u32 = r.counts.iter().sum();
            let (x_start, x_end) = (8i32, W as i32 - 8);
            let mut x = x_start;
            for (si, &c) in r.counts.iter().enumerate() {
                let w = if total == 0 {
                    0
                } else {
                    (f64::from(c) / f64::from(total) * f64::from(x_end - x_start)).round() as i32
                };
                let x1 = if si + 1 == r.counts.len() {
                    x_end
                } else {
                    x + w
                };
                if x1 > x && c > 0 {
                    rect(a, x, y + 26, x1, y + 54, rgb(PALETTE[si % PALETTE.len()]))?;
                    canvas::pattern(a, si, x, y + 26, x1, y + 54)?;
                    let label = c.to_string();
                    let label_w = text_width(&label, SMALL) as i32 + 8;
                    if x1 - x >= label_w + 4 {
                        let mid = (x + x1) / 2;
                        if si == 0 {
                            canvas::text_color(
                                a,
                                &label,
                                mid,
                                y + 40,
                                SMALL,
                                Anchor::Middle,
                                true,
                                plotters::style::WHITE,
                            )?;
                        } else {
                            rect(
                                a,
                                mid - label_w / 2,
                                y + 30,
                                mid + label_w / 2,
                                y + 50,
                                plotters::style::WHITE,
                            )?;
                            text(a, &label, mid, y + 40, SMALL, Anchor::Middle, true)?;
                        }
                    }
                }
                x = x1;
            }
            let words: Vec<String> = names
                .iter()
                .zip(&r.counts)
                .map(|(n, c)| format!("{n} {c}"))
                .collect();
            text(
                a,
                &words.join(" · "),
                8,
                y + 68,
                SMALL,
                Anchor::Start,
                false,
            )?;
        }
        Ok(())
    })?;
    Ok(finish_svg(&raw, l.id, l.title, l.desc, W, height))
}

/// One line over the categories; `None` where the value is missing.
pub struct LineSeries {
    pub name: String,
    pub values: Vec<Option<i64>>,
}

/// One small panel per series, each with its own scale, every point labelled with the text
/// `labels[series][i]`: a cash box of ¥1,600 and a bank account of ¥600,000 are both readable.
pub fn small_multiples(
    l: &Labels,
    categories: &[String],
    series: &[LineSeries],
    labels: &[Vec<String>],
) -> Result<String, String> {
    let panel_h = 112i32;
    let (left, right) = (16i32, 16i32);
    let height = (series.len().max(1) as i32 * panel_h + 30) as u32;
    let n = categories.len().max(1) as i32;
    let plot_w = W as i32 - left - right;
    let x_of = |i: usize| left + plot_w * (2 * i as i32 + 1) / (2 * n);
    let raw = draw_svg(W, height, |a| {
        for (si, s) in series.iter().enumerate() {
            let top = si as i32 * panel_h;
            let color = rgb(PALETTE[si % PALETTE.len()]);
            text(a, &s.name, 8, top + 14, SMALL, Anchor::Start, true)?;
            let (y_hi, y_lo) = (top + 54, top + panel_h - 14);
            let max = s.values.iter().flatten().copied().max().unwrap_or(0).max(1);
            let y_of = |v: i64| {
                y_lo - ((v.max(0) as f64 / max as f64) * f64::from(y_lo - y_hi)).round() as i32
            };
            line(a, vec![(left, y_lo), (W as i32 - right, y_lo)], GRID, 1)?;
            let pts: Vec<(usize, i32, i32)> = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, x_of(i), y_of(v))))
                .collect();
            if pts.len() > 1 {
                line(a, pts.iter().map(|p| (p.1, p.2)).collect(), color, 3)?;
            }
            for (i, x, y) in &pts {
                marker(a, *x, *y, si, color)?;
                if let Some(t) = labels.get(si).and_then(|ls| ls.get(*i)) {
                    text(a, t, *x, y - 16, SMALL, Anchor::Middle, true)?;
                }
            }
        }
        let base = series.len() as i32 * panel_h;
        for (i, c) in categories.iter().enumerate() {
            text(a, c, x_of(i), base + 14, SMALL, Anchor::Middle, false)?;
        }
        Ok(())
    })?;
    Ok(finish_svg(&raw, l.id, l.title, l.desc, W, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_stable_and_escaped() {
        let rows = vec![BarRow {
            label: "<b>&\"".into(),
            value: 5,
            text: "¥5.00".into(),
            series: 0,
        }];
        let l = Labels {
            id: "x",
            title: "t",
            desc: "d",
        };
        let a = hbars(&l, &rows).unwrap();
        assert_eq!(a, hbars(&l, &rows).unwrap());
        assert!(a.contains("&lt;b&gt;&amp;&quot;"));
        assert!(!a.contains("<b>"));
    }
}
