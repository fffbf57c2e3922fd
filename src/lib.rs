//! sanshai (三晒): village disclosure of performance (晒业绩), accounts (晒账单) and conduct
//! (晒作风), from YAML written by village accountants to a static website and printable notices.
//!
//! The pipeline, one module each: [`load`] (walk `content/`, parse YAML with positions) →
//! [`validate`] (rules and reconciliation, all problems collected) → [`derive`] (totals,
//! rankings, chart series; pure functions) → [`render`] (templates, Markdown) → [`write`]
//! (files, atomic swap). [`build`] ties them together for the command line.

// Amounts in tests are written as yuan_fen (`1_200_00` is ¥1,200.00).
#![cfg_attr(test, allow(clippy::inconsistent_digit_grouping))]

pub mod build;
pub mod calc;
pub mod derive;
pub mod diag;
pub mod load;
pub mod model;
pub mod money;
pub mod output;
pub mod privacy;
pub mod validate;
pub mod write;
