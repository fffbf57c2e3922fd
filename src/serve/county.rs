//! The preview of a county (a content folder with `county.yaml`): every town previewed as a
//! town is ([`Preview`], under its folder `<镇>/`, with the county's link and address as
//! `sanshai build` gives them), and the county page made from the towns' rows, so that the
//! preview's files are the files a build of the county writes (tests/serve.rs compares them).
//!
//! A save is handed to the town whose folder it is in, and only that town renders again; the
//! county page follows when the town's row changed. A change to `county.yaml`, a town added or
//! removed, opens the whole county again. Every town is kept in memory, as a single town's
//! preview keeps its villages: a county of a few hundred villages is a few hundred megabytes.

use super::incremental::{Change, InCounty, Preview};
use crate::county::{read_county, County};
use crate::derive::county::county_report;
use crate::derive::town::CountyLink;
use crate::diag::Diagnostics;
use crate::model::county::{COUNTY_FILE, TOWNS_DIR};
use crate::output::county::county_files;
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The county's site and messages, kept up to date.
pub struct CountyPreview {
    content: PathBuf,
    content_abs: PathBuf,
    theme_dir: Option<PathBuf>,
    county: Option<County>,
    /// Problems of `county.yaml`.
    own: Diagnostics,
    /// Problems of the theme or of rendering the county page.
    page: Diagnostics,
    /// Each town's preview, by folder name, in the county's order.
    towns: Vec<(String, Preview)>,
    /// Every file of the site: the county page's and each town's under `<镇>/`.
    files: BTreeMap<String, Bytes>,
    /// The county page's own files (paths at the top).
    top: BTreeSet<String>,
}

impl CountyPreview {
    /// Loads, checks and renders every town and the county page.
    pub fn open(content: &Path, theme_dir: Option<&Path>) -> CountyPreview {
        let mut p = CountyPreview {
            content: content.to_path_buf(),
            content_abs: std::path::absolute(content).unwrap_or_else(|_| content.to_path_buf()),
            theme_dir: theme_dir.map(Path::to_path_buf),
            county: None,
            own: Diagnostics::new(),
            page: Diagnostics::new(),
            towns: Vec::new(),
            files: BTreeMap::new(),
            top: BTreeSet::new(),
        };
        p.open_all();
        p
    }

    /// Every file of the site, by path.
    pub fn files(&self) -> &BTreeMap<String, Bytes> {
        &self.files
    }

    /// The county's problems and every town's (a theme's problem, which every town meets,
    /// once).
    pub fn problems(&self) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend(self.own.clone());
        all.extend(self.page.clone());
        for (_, t) in &self.towns {
            all.extend(t.problems());
        }
        let mut once = Diagnostics::new();
        let mut sorted = all.sorted();
        sorted.dedup();
        for d in sorted {
            once.push(d);
        }
        once
    }

    /// Files being rendered again (see [`Preview::pending`]).
    pub fn pending(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (slug, t) in &self.towns {
            out.extend(t.pending().iter().map(|p| format!("{slug}/{p}")));
        }
        out
    }

    /// The folders to watch: the county's content folder and the theme folder.
    pub fn watched(&self) -> Vec<PathBuf> {
        let theme = self.theme_dir.as_deref().map(std::path::absolute);
        std::iter::once(self.content_abs.clone())
            .chain(theme.and_then(Result::ok))
            .collect()
    }

    /// Takes in the paths a watcher reported (see [`Preview::update`]): each town gets the
    /// paths in its folder (all of them get a theme change), the county page follows.
    pub fn update(&mut self, changed: &[PathBuf]) -> Change {
        let before = self.problems().report();
        let theme_abs = self
            .theme_dir
            .as_deref()
            .and_then(|d| std::path::absolute(d).ok());
        let mut per_town: BTreeMap<usize, Vec<PathBuf>> = BTreeMap::new();
        let mut reopen = false;
        for path in changed {
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            if theme_abs.as_ref().is_some_and(|t| abs.starts_with(t)) {
                for i in 0..self.towns.len() {
                    per_town.entry(i).or_default().push(abs.clone());
                }
                continue;
            }
            let Ok(rel) = abs.strip_prefix(&self.content_abs) else {
                continue;
            };
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.iter().any(|s| s.starts_with('.')) {
                continue; // hidden: an editor's temporary file, or not content
            }
            match parts.as_slice() {
                [file] if file == COUNTY_FILE => reopen = true,
                [towns] if towns == TOWNS_DIR => reopen = true,
                [towns, town, ..] if towns == TOWNS_DIR => {
                    match self.towns.iter().position(|(s, _)| s == town) {
                        Some(i) if parts.len() > 2 => per_town.entry(i).or_default().push(abs),
                        // A town's folder itself: added, removed or renamed.
                        _ => reopen = true,
                    }
                }
                _ => {}
            }
        }
        if reopen || self.county.is_none() {
            self.open_all();
            let mut change = Change {
                whole: true,
                ..Change::default()
            };
            change.problems = self.problems().report() != before;
            return change;
        }
        let mut change = Change::default();
        for (i, paths) in per_town {
            let (slug, town) = &mut self.towns[i];
            let c = town.update(&paths);
            take_in(&mut self.files, &mut change, slug, town, &c);
        }
        self.county_page(&mut change);
        change.problems = self.problems().report() != before;
        change
    }

    /// One part of what the towns left for later (see [`Preview::finish_step`]); `None` when
    /// nothing is left.
    pub fn finish_step(&mut self) -> Option<Change> {
        let before = self.problems().report();
        for (slug, town) in &mut self.towns {
            if let Some(c) = town.finish_step() {
                let mut change = Change::default();
                take_in(&mut self.files, &mut change, slug, town, &c);
                change.problems = c.problems;
                self.county_page(&mut change);
                change.problems |= self.problems().report() != before;
                return Some(change);
            }
        }
        None
    }

    /// Renders everything left for later.
    pub fn finish(&mut self) -> Change {
        let mut all = Change::default();
        while let Some(c) = self.finish_step() {
            all.files.extend(c.files);
            all.problems |= c.problems;
        }
        all
    }

    /// Reads `county.yaml`, opens every town and makes the county page.
    fn open_all(&mut self) {
        let (county, diags) = read_county(&self.content);
        self.own = diags;
        self.county = county.filter(|_| !self.own.has_errors());
        self.page = Diagnostics::new();
        self.files.clear();
        self.top.clear();
        self.towns.clear();
        let Some(county) = &self.county else {
            return;
        };
        let link = CountyLink {
            title: county.file.title.clone(),
            href: "../index.html".into(),
        };
        let base = Some(county.file.base_url.clone()).filter(|u| !u.is_empty());
        let dir = self.content.join(TOWNS_DIR);
        let theme = self.theme_dir.as_deref();
        self.towns = county
            .towns
            .par_iter()
            .map(|slug| {
                let within = InCounty {
                    link: Some(link.clone()),
                    base_url: base
                        .as_deref()
                        .map(|b| format!("{}/{slug}/", b.trim_end_matches('/'))),
                };
                (
                    slug.clone(),
                    Preview::open_in(&dir.join(slug), theme, within),
                )
            })
            .collect();
        for (slug, town) in &self.towns {
            for (path, bytes) in town.files() {
                self.files.insert(format!("{slug}/{path}"), bytes.clone());
            }
        }
        self.county_page(&mut Change::default());
    }

    /// Makes the county page again from the towns' rows, noting the files that changed.
    /// Until every town has a good site there is no county page to make (as a build stops).
    fn county_page(&mut self, change: &mut Change) {
        let Some(county) = &self.county else {
            return;
        };
        let rows: Option<Vec<_>> = self.towns.iter().map(|(s, t)| t.row(s)).collect();
        let Some(rows) = rows else {
            return;
        };
        self.page = Diagnostics::new();
        let theme = match crate::build::load_theme(self.theme_dir.as_deref()) {
            Ok(t) => t,
            Err(d) => {
                self.page = d;
                return;
            }
        };
        match county_files(&county_report(&county.file, rows), &theme) {
            Ok(files) => {
                let made: BTreeSet<String> = files.iter().map(|(p, _)| p.clone()).collect();
                for gone in self.top.difference(&made) {
                    self.files.remove(gone);
                    change.files.push(gone.clone());
                }
                for (path, bytes) in files {
                    if self.files.get(&path).is_none_or(|b| b[..] != bytes[..]) {
                        change.files.push(path.clone());
                        self.files.insert(path, Bytes::from(bytes));
                    }
                }
                self.top = made;
            }
            Err(e) => self.page.file_error("themes", e, Some("检查主题模板")),
        }
    }
}

/// Takes a town's change `c` into the county's files (under `<slug>/`) and `change`.
fn take_in(
    files: &mut BTreeMap<String, Bytes>,
    change: &mut Change,
    slug: &str,
    town: &Preview,
    c: &Change,
) {
    if c.whole {
        // Everything of the town may have changed: take its folder over again.
        let prefix = format!("{slug}/");
        let before: Vec<String> = files
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .map(|(p, _)| p.clone())
            .collect();
        for p in before {
            if !town.files().contains_key(&p[prefix.len()..]) {
                files.remove(&p);
                change.files.push(p);
            }
        }
        for (p, bytes) in town.files() {
            let path = format!("{prefix}{p}");
            if files.get(&path) != Some(bytes) {
                files.insert(path.clone(), bytes.clone());
                change.files.push(path);
            }
        }
        return;
    }
    for p in &c.files {
        let path = format!("{slug}/{p}");
        match town.files().get(p) {
            Some(bytes) => {
                files.insert(path.clone(), bytes.clone());
            }
            None => {
                files.remove(&path);
            }
        }
        change.files.push(path);
    }
}
