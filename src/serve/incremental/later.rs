//! What an update leaves for after the changed pages are served: the town's own pages, the
//! outputs that read every village, and the town prints of the periods whose notices changed.
//! Each is one step of [`Preview::finish_step`](super::Preview::finish_step); until its step
//! has run, its files are pending.

use super::render::{self, Reach};
use super::{outputs, Change, Kept};
use crate::diag::Diagnostics;
use crate::output::{Artifacts, OutFile, Theme};
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};

/// The steps still to run.
#[derive(Default)]
pub struct Later {
    /// The full check of the town (after a check of the changed village alone).
    pub check: bool,
    /// The town page (and its charts).
    pub town: bool,
    /// The outputs of [`Reach::Deferred`].
    pub outputs: bool,
    /// Town prints of these periods (slugs).
    pub prints: BTreeSet<String>,
}

impl Later {
    /// The files these steps will replace.
    pub(super) fn pending(&self, kept: &Kept) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        if self.town {
            out.extend(kept.town_paths.iter().cloned());
        }
        if self.outputs {
            out.extend(kept.deferred_paths.iter().cloned());
        }
        for period in &self.prints {
            let of = |p: &&String| p.split('/').any(|s| s == period);
            out.extend(kept.print_paths.iter().filter(of).cloned());
        }
        out
    }
}

/// The town's charts, and its own pages from the per-village outputs run on a report that
/// holds no village.
pub(super) fn town_pages(kept: &mut Kept, theme: &Theme) -> Result<Vec<OutFile>, Diagnostics> {
    let view = render::town_view(&mut kept.report);
    let art = Artifacts::draw(&view, &kept.tera).map_err(|e| {
        let mut d = Diagnostics::new();
        render::theme_error(&mut d, e);
        d
    })?;
    let files = render::run(&outputs(Reach::PerVillage), &view, &art, &kept.tera, theme)?;
    kept.art.town = art.town;
    Ok(files
        .into_iter()
        .filter(|(p, _)| kept.town_paths.contains(p))
        .collect())
}

/// The outputs that read every village, rendered whole; files they no longer make are removed.
pub(super) fn deferred_outputs(
    kept: &mut Kept,
    theme: &Theme,
    files: &mut BTreeMap<String, Bytes>,
    change: &mut Change,
) -> Result<Vec<OutFile>, Diagnostics> {
    let outputs = outputs(Reach::Deferred);
    let made = render::run(&outputs, &kept.report, &kept.art, &kept.tera, theme)?;
    let paths: BTreeSet<String> = made.iter().map(|(p, _)| p.clone()).collect();
    for gone in kept.deferred_paths.difference(&paths) {
        if files.remove(gone).is_some() {
            change.files.push(gone.clone());
        }
    }
    kept.deferred_paths = paths;
    Ok(made)
}

/// The town print of one period.
pub(super) fn town_print(
    kept: &mut Kept,
    theme: &Theme,
    period: &str,
) -> Result<Vec<OutFile>, Diagnostics> {
    let (art, tera) = (&kept.art, &kept.tera);
    let periods = [period.to_string()];
    render::with_prints(&mut kept.report, &periods, |r| {
        render::run(&outputs(Reach::TownPrint), r, art, tera, theme)
    })
}
