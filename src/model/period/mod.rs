//! One period folder `villages/<slug>/<YYYY>-q<N>/`: accounts (晒账单), performance (晒业绩),
//! conduct (晒作风, half-year periods) and the village's own notes.
//!
//! Lists marked `#[serde(skip)]` are read item by item by the loader, so one bad entry does not
//! hide the problems in the others; each item then carries its YAML path.

pub mod accounts;
pub mod conduct;
pub mod performance;
pub mod visits;

pub use accounts::*;
pub use conduct::*;
pub use performance::*;
pub use visits::*;

use chrono::NaiveDate;
use serde::Serialize;

/// A quarter, e.g. 2025 Q3. Folder name `2025-q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PeriodId {
    pub year: i32,
    pub quarter: u32,
}

impl PeriodId {
    /// Parses a folder name like `2025-q3`.
    pub fn parse(name: &str) -> Option<PeriodId> {
        let (y, q) = name.split_once("-q")?;
        let year: i32 = y.parse().ok()?;
        let quarter: u32 = q.parse().ok()?;
        ((1900..=2200).contains(&year) && (1..=4).contains(&quarter) && y.len() == 4)
            .then_some(PeriodId { year, quarter })
    }
    pub fn slug(self) -> String {
        format!("{}-q{}", self.year, self.quarter)
    }
    /// `2025年第三季度`.
    pub fn label(self) -> String {
        const Q: [&str; 4] = ["一", "二", "三", "四"];
        format!("{}年第{}季度", self.year, Q[(self.quarter - 1) as usize])
    }
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.quarter - 1) * 3 + 1, 1).expect("valid quarter")
    }
    pub fn end(self) -> NaiveDate {
        let next = if self.quarter == 4 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.quarter * 3 + 1, 1)
        };
        next.expect("valid quarter").pred_opt().expect("valid date")
    }
    pub fn contains(self, d: NaiveDate) -> bool {
        d >= self.start() && d <= self.end()
    }
    /// Conduct is reported every half year: in Q2 and Q4.
    pub fn is_half_year_end(self) -> bool {
        self.quarter.is_multiple_of(2)
    }
    /// `2025年上半年` / `2025年下半年`.
    pub fn half_label(self) -> String {
        let h = if self.quarter <= 2 { "上" } else { "下" };
        format!("{}年{}半年", self.year, h)
    }
    /// The three months of the quarter, 1-based.
    pub fn months(self) -> [u32; 3] {
        let m = (self.quarter - 1) * 3 + 1;
        [m, m + 1, m + 2]
    }
}
