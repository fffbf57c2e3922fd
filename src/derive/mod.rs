//! Derive: every figure a page or chart shows, computed once from the model.
//!
//! These are pure functions over loaded data (no I/O, no templates), so they are unit-tested on
//! their own and templates never add anything up. Rates are integers in per mille (‰) so that
//! rounding is exact and the output is the same on every machine.

pub mod accounts;
pub mod ledger;
pub mod ranking;
pub mod survey;

pub use accounts::*;
pub use ledger::*;
pub use ranking::*;
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
