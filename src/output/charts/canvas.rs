//! A thin drawing surface over plotters' SVG backend in pixel coordinates: rectangles, hatch,
//! text with an anchor, lines and point markers. Charts are composed from these by hand so
//! that label sizes are under our control (see the module docs of `charts`).

use super::FONT;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

pub const INK: RGBColor = RGBColor(17, 17, 17);
pub const GRID: RGBColor = RGBColor(190, 190, 190);

/// Text alignment: where (x, y) sits on the text.
#[derive(Clone, Copy)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

pub fn rgb(c: (u8, u8, u8)) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("图表绘制失败: {e:?}")
}

pub fn rect(area: &Area, x0: i32, y0: i32, x1: i32, y1: i32, fill: RGBColor) -> Result<(), String> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))
        .map_err(err)?;
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], INK.stroke_width(1)))
        .map_err(err)
}

/// Diagonal hatch inside a rectangle (the second series, readable without colour). Drawn as
/// one zigzag polyline whose turns run along the rectangle's own border, to keep SVG small.
pub fn hatch(area: &Area, x0: i32, y0: i32, x1: i32, y1: i32) -> Result<(), String> {
    draw_zigzag(area, hatch_points(x0, y0, x1, y1))
}

/// Hatch in the other diagonal direction (a third pattern, for a third series).
pub fn hatch_back(area: &Area, x0: i32, y0: i32, x1: i32, y1: i32) -> Result<(), String> {
    let mirrored = hatch_points(x0, y0, x1, y1)
        .into_iter()
        .map(|(x, y)| (x0 + x1 - x, y))
        .collect();
    draw_zigzag(area, mirrored)
}

fn draw_zigzag(area: &Area, points: Vec<(i32, i32)>) -> Result<(), String> {
    if points.len() < 2 {
        return Ok(());
    }
    area.draw(&PathElement::new(points, INK.stroke_width(1)))
        .map_err(err)
}

/// Points of 45° lines 7 px apart, clipped to the rectangle, joined end to end.
fn hatch_points(x0: i32, y0: i32, x1: i32, y1: i32) -> Vec<(i32, i32)> {
    let (w, h) = (x1 - x0, y1 - y0);
    let mut points = Vec::new();
    if w <= 2 || h <= 2 {
        return points;
    }
    let step = 7;
    let mut c = step - h;
    let mut forward = true;
    while c < w {
        // Line x - x0 = (y1 - y) + c, clipped to the rectangle.
        let (mut ax, mut ay) = (x0 + c, y1);
        let (mut bx, mut by) = (x0 + c + h, y0);
        if ax < x0 {
            ay -= x0 - ax;
            ax = x0;
        }
        if bx > x1 {
            by += bx - x1;
            bx = x1;
        }
        if forward {
            points.extend([(ax, ay), (bx, by)]);
        } else {
            points.extend([(bx, by), (ax, ay)]);
        }
        forward = !forward;
        c += step;
    }
    points
}

/// The fill pattern that tells series apart without colour: none, hatch, reverse hatch.
pub fn pattern(
    area: &Area,
    series: usize,
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
) -> Result<(), String> {
    match series % 3 {
        1 => hatch(area, x0, y0, x1, y1),
        2 => hatch_back(area, x0, y0, x1, y1),
        _ => Ok(()),
    }
}

pub fn text(
    area: &Area,
    s: &str,
    x: i32,
    y: i32,
    size: u32,
    anchor: Anchor,
    bold: bool,
) -> Result<(), String> {
    text_color(area, s, x, y, size, anchor, bold, INK)
}

#[allow(clippy::too_many_arguments)]
pub fn text_color(
    area: &Area,
    s: &str,
    x: i32,
    y: i32,
    size: u32,
    anchor: Anchor,
    bold: bool,
    color: RGBColor,
) -> Result<(), String> {
    let h = match anchor {
        Anchor::Start => HPos::Left,
        Anchor::Middle => HPos::Center,
        Anchor::End => HPos::Right,
    };
    // plotters writes font-size = size / 1.24.
    let px = f64::from(size) * 1.24;
    let mut font = (FONT, px).into_font();
    if bold {
        font = font.style(FontStyle::Bold);
    }
    let style = TextStyle::from(font)
        .color(&color)
        .pos(Pos::new(h, VPos::Center));
    area.draw(&Text::new(s.to_string(), (x, y), style))
        .map_err(err)
}

pub fn line(
    area: &Area,
    points: Vec<(i32, i32)>,
    color: RGBColor,
    width: u32,
) -> Result<(), String> {
    area.draw(&PathElement::new(points, color.stroke_width(width)))
        .map_err(err)
}

/// A point marker; the shape differs per series (circle, square, triangle, diamond).
pub fn marker(area: &Area, x: i32, y: i32, series: usize, color: RGBColor) -> Result<(), String> {
    let r = 6;
    match series % 4 {
        0 => area
            .draw(&Circle::new((x, y), r, color.filled()))
            .map_err(err),
        1 => area
            .draw(&Rectangle::new(
                [(x - r, y - r), (x + r, y + r)],
                color.filled(),
            ))
            .map_err(err),
        2 => area
            .draw(&Polygon::new(
                vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
                color.filled(),
            ))
            .map_err(err),
        _ => area
            .draw(&Polygon::new(
                vec![
                    (x, y - r - 1),
                    (x + r + 1, y),
                    (x, y + r + 1),
                    (x - r - 1, y),
                ],
                color.filled(),
            ))
            .map_err(err),
    }
}

/// Draws into a fresh SVG string of the given size.
pub fn draw_svg(
    width: u32,
    height: u32,
    f: impl FnOnce(&Area) -> Result<(), String>,
) -> Result<String, String> {
    let mut buf = String::new();
    {
        let area = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        area.fill(&WHITE).map_err(err)?;
        f(&area)?;
        area.present().map_err(err)?;
    }
    Ok(buf)
}
