//! sanshai (三晒): village disclosure of performance (晒业绩), accounts (晒账单) and conduct
//! (晒作风), from YAML written by village accountants to a static website and printable notices.
//!
//! The pipeline, one module each, every arrow pointing down: [`load`] (walk `content/`, parse
//! each YAML file once into [`model`] with positions, mask personal numbers) → [`validate`]
//! (rules and reconciliation, all problems collected) → [`derive`](mod@derive) (typed town, village and
//! period reports holding every figure; pure functions) → [`output`] (one module per output:
//! web pages, notices, town print, contact cards, data files; they only lay reports out) →
//! [`write`](mod@write) (atomic swap of the output folder). [`calc`] holds the arithmetic validate and
//! derive share; [`money`], [`privacy`] and [`diag`] are used by every stage. [`build`] ties
//! them together for the command line; [`publish`] records published periods and their
//! corrections in the register `content/published.yaml`, which locks them. Terms:
//! `docs/glossary.md`.

// Amounts in tests are written as yuan_fen (`1_200_00` is ¥1,200.00).
#![cfg_attr(test, allow(clippy::inconsistent_digit_grouping))]

pub mod accountant;
pub mod build;
pub mod calc;
pub mod county;
pub mod derive;
pub mod diag;
pub mod import;
pub mod load;
pub mod model;
pub mod money;
pub mod output;
pub mod privacy;
pub mod publish;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod validate;
pub mod write;
