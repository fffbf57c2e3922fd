//! Derive: the typed reports — town ([`town::TownReport`]), village
//! ([`village::VillageReport`]), period ([`period::PeriodReport`]) — that hold every figure any
//! output shows, computed once from the model.
//!
//! These are pure functions over loaded data (no I/O, no templates, no HTML), so they are
//! unit-tested on their own, and outputs (pages, notices, cards, data files) only lay the
//! reports out: no output adds anything up, chooses between two figures or parses a figure
//! back from text. Rates are integers in per mille (‰) so that rounding is exact and the
//! output is the same on every machine. The figure modules ([`accounts`], [`requests`],
//! [`survey`], [`ranking`], [`changes`]) compute; [`period`], [`village`] and [`town`] assemble
//! reports, with [`corrections`] for what the register of publications says about each period
//! and [`publications`] for the list of published notices the feed announces.

pub mod accounts;
pub mod changes;
pub mod contact;
pub mod corrections;
pub mod county;
pub mod glossary;
pub mod period;
pub mod publications;
pub mod ranking;
pub mod requests;
pub mod survey;
pub mod town;
pub mod village;

pub use accounts::*;
pub use ranking::*;
pub use requests::*;
pub use survey::*;

pub use crate::calc::permille;

/// `95.7%` from per mille.
pub fn percent_label(permille: u32) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_up() {
        assert_eq!(permille(28, 30), 933);
        assert_eq!(permille(1, 3), 333);
        assert_eq!(permille(2, 3), 667);
        assert_eq!(permille(0, 0), 0);
        assert_eq!(percent_label(933), "93.3%");
        assert_eq!(percent_label(1000), "100.0%");
    }
}
