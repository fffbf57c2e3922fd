//! The contact cards (连心卡): `<村>/cards.html`, one A4 sheet of four cards (2 × 2, so the text can be 12 pt), front (cadres,
//! their short 分工 and phones) and back (reception day, supervision and service phones).

use super::{per_village, render_page, OutFile, Output, Site};
use crate::derive::village::CardsReport;
use serde::Serialize;

/// Cards on one A4 sheet (two columns of two).
pub const CARDS_PER_SHEET: usize = 4;

#[derive(Serialize)]
struct CardsPage<'a> {
    #[serde(flatten)]
    report: &'a CardsReport,
    /// One entry per card on the sheet.
    copies: Vec<usize>,
}

pub struct Cards;

impl Output for Cards {
    fn name(&self) -> &'static str {
        "连心卡"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        per_village(&site.report.village_reports, |_, v| {
            Ok(vec![render_page(
                site.tera,
                format!("{}/cards.html", v.slug),
                "cards.html",
                &CardsPage {
                    report: &v.cards,
                    copies: (1..=CARDS_PER_SHEET).collect(),
                },
                None,
            )?])
        })
    }
}
