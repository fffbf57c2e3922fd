//! Calc: the small pure arithmetic that both the checks (`validate`) and the reports (`derive`)
//! need, so that neither stage imports the other: fund flows, rates in per mille, what fits
//! on a contact card, cadres' terms over time, the request ledger across quarters, and the
//! hashes that lock what was published (`digest`).

pub mod card_fit;
pub mod digest;
pub mod flows;
pub mod ledger;
pub mod schedule;
pub mod terms;
pub mod visits;

/// `part / whole` in per mille, rounded half up; 0 when `whole` is 0.
pub fn permille(part: u64, whole: u64) -> u32 {
    if whole == 0 {
        return 0;
    }
    let p = part.saturating_mul(1000).saturating_add(whole / 2) / whole;
    u32::try_from(p).unwrap_or(u32::MAX)
}
