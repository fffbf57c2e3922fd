//! The preview of a county (a content folder with `county.yaml`): every town previewed as a
//! town is ([`Preview`], under its folder `<镇>/`, with the county's link and address as
//! `sanshai build` gives them), and the county page made from the towns' rows, so that the
//! preview's files are the files a build of the county writes (tests/serve_county.rs compares
//! them).
//!
//! Towns are rendered when first asked for (a request for a page under `<镇>/`), and at most
//! [`OPEN_TOWNS`] are kept in memory, the one used longest ago closed first: a whole county
//! in memory would be gigabytes (measured: 1,000 villages, 6.9 GiB), one town is tens of
//! villages. A closed town is only checked (as `sanshai check` does) to give the county page
//! its row and the preview its problems. A save is handed to the town whose folder it is in:
//! an open town renders its changed village again, a closed one is checked again; the county
//! page follows. A change to `county.yaml`, a town added or removed, reads the county again.

use super::incremental::{finish_all, watched_folders, Change, InCounty, Preview};
use crate::county::{read_county, County};
use crate::derive::county::{county_report, town_row, TownRow};
use crate::derive::town::{town_report, CountyLink};
use crate::diag::Diagnostics;
use crate::model::county::{COUNTY_FILE, TOWNS_DIR};
use crate::output::county::county_files;
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Towns kept rendered in memory at once, unless told otherwise: a town is tens of villages,
/// so three towns are a few hundred megabytes at most.
pub const OPEN_TOWNS: usize = 3;

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
    /// Every town, in the county's order.
    towns: Vec<Town>,
    /// At most this many towns are open.
    max_open: usize,
    /// Counts opens and saves, to close the town used longest ago.
    clock: u64,
    /// Every file in memory: the county page's and each open town's under `<镇>/`.
    files: BTreeMap<String, Bytes>,
    /// The county page's own files (paths at the top).
    top: BTreeSet<String>,
}

/// One town of the county: open (rendered, in memory) or closed (checked, its row known).
struct Town {
    slug: String,
    within: InCounty,
    preview: Option<Preview>,
    /// While closed: its row (`None` while it has errors) and its problems.
    row: Option<TownRow>,
    problems: Diagnostics,
    used: u64,
}

impl Town {
    fn row(&self) -> Option<TownRow> {
        match &self.preview {
            Some(p) => p.row(&self.slug),
            None => self.row.clone(),
        }
    }

    fn problems(&self) -> Diagnostics {
        match &self.preview {
            Some(p) => p.problems(),
            None => self.problems.clone(),
        }
    }

    /// Checks the closed town again, as `sanshai check` does, and derives its row.
    fn check(&mut self, dir: &Path) {
        let (town, diags) = crate::build::check(dir);
        self.row = town.filter(|_| !diags.has_errors()).map(|mut t| {
            if let Some(url) = &self.within.base_url {
                t.site.base_url = url.clone();
            }
            let mut report = town_report(&t);
            report.site.county_link = self.within.link.clone();
            town_row(&self.slug, &report)
        });
        self.problems = diags;
    }
}

impl CountyPreview {
    /// Reads the county and checks every town; towns are rendered when first asked for
    /// ([`open_town`](Self::open_town)), [`OPEN_TOWNS`] at most at once.
    pub fn open(content: &Path, theme_dir: Option<&Path>) -> CountyPreview {
        CountyPreview::with_limit(content, theme_dir, OPEN_TOWNS)
    }

    /// [`open`](Self::open) keeping at most `max_open` towns rendered (at least one).
    pub fn with_limit(content: &Path, theme_dir: Option<&Path>, max_open: usize) -> CountyPreview {
        let mut p = CountyPreview {
            content: content.to_path_buf(),
            content_abs: std::path::absolute(content).unwrap_or_else(|_| content.to_path_buf()),
            theme_dir: theme_dir.map(Path::to_path_buf),
            county: None,
            own: Diagnostics::new(),
            page: Diagnostics::new(),
            towns: Vec::new(),
            max_open: max_open.max(1),
            clock: 0,
            files: BTreeMap::new(),
            top: BTreeSet::new(),
        };
        p.open_all();
        p
    }

    /// Every file in memory, by path: the county page's and the open towns'.
    pub fn files(&self) -> &BTreeMap<String, Bytes> {
        &self.files
    }

    /// The folders of the towns not in memory now.
    pub fn closed(&self) -> BTreeSet<String> {
        let closed = self.towns.iter().filter(|t| t.preview.is_none());
        closed.map(|t| t.slug.clone()).collect()
    }

    /// The county's problems and every town's (a theme's problem, which every open town
    /// meets, once).
    pub fn problems(&self) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend(self.own.clone());
        all.extend(self.page.clone());
        for t in &self.towns {
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
        for t in &self.towns {
            if let Some(p) = &t.preview {
                out.extend(p.pending().iter().map(|f| format!("{}/{f}", t.slug)));
            }
        }
        out
    }

    /// The folders to watch: the county's content folder and the theme folder.
    pub fn watched(&self) -> Vec<PathBuf> {
        watched_folders(&self.content_abs, self.theme_dir.as_deref())
    }

    /// Renders town `slug` into memory (closing the town used longest ago when
    /// [`OPEN_TOWNS`] are open already); what changed in the files. Nothing for a town that is
    /// open already or that the county does not have.
    pub fn open_town(&mut self, slug: &str) -> Change {
        let mut change = Change::default();
        let Some(i) = self.towns.iter().position(|t| t.slug == slug) else {
            return change;
        };
        self.clock += 1;
        self.towns[i].used = self.clock;
        if self.towns[i].preview.is_some() {
            return change;
        }
        let open: Vec<usize> = (0..self.towns.len())
            .filter(|&j| self.towns[j].preview.is_some())
            .collect();
        if open.len() >= self.max_open {
            if let Some(&old) = open.iter().min_by_key(|&&j| self.towns[j].used) {
                self.close(old, &mut change);
            }
        }
        let before = self.problems().report();
        let town = &mut self.towns[i];
        let dir = self.content.join(TOWNS_DIR).join(&town.slug);
        let preview = Preview::open_in(&dir, self.theme_dir.as_deref(), town.within.clone());
        let made = Change {
            whole: true,
            ..Change::default()
        };
        take_in(&mut self.files, &mut change, &town.slug, &preview, &made);
        town.preview = Some(preview);
        self.county_page(&mut change);
        change.problems = self.problems().report() != before;
        change
    }

    /// Drops town `i` from memory, keeping its row and problems.
    fn close(&mut self, i: usize, change: &mut Change) {
        let town = &mut self.towns[i];
        let Some(preview) = town.preview.take() else {
            return;
        };
        town.row = preview.row(&town.slug);
        town.problems = preview.problems();
        let prefix = format!("{}/", town.slug);
        let gone: Vec<String> = self
            .files
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .map(|(p, _)| p.clone())
            .collect();
        for p in gone {
            self.files.remove(&p);
            change.files.push(p);
        }
    }

    /// Takes in the paths a watcher reported (see [`Preview::update`]): an open town gets the
    /// paths in its folder (every open town a theme change), a closed town is checked again;
    /// the county page follows.
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
                    match self.towns.iter().position(|t| &t.slug == town) {
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
        let dir = self.content.join(TOWNS_DIR);
        for (i, paths) in per_town {
            self.clock += 1;
            let town = &mut self.towns[i];
            match &mut town.preview {
                Some(preview) => {
                    town.used = self.clock;
                    let c = preview.update(&paths);
                    take_in(&mut self.files, &mut change, &town.slug, preview, &c);
                }
                None if paths.iter().any(|p| p.starts_with(&self.content_abs)) => {
                    town.check(&dir.join(&town.slug));
                }
                None => {} // a theme change: a closed town's row does not read the theme
            }
        }
        self.county_page(&mut change);
        change.problems = self.problems().report() != before;
        change
    }

    /// One part of what the open towns left for later (see [`Preview::finish_step`]); `None`
    /// when nothing is left.
    pub fn finish_step(&mut self) -> Option<Change> {
        let before = self.problems().report();
        for town in &mut self.towns {
            let Some(preview) = &mut town.preview else {
                continue;
            };
            if let Some(c) = preview.finish_step() {
                let mut change = Change::default();
                take_in(&mut self.files, &mut change, &town.slug, preview, &c);
                self.county_page(&mut change);
                change.problems = c.problems || self.problems().report() != before;
                return Some(change);
            }
        }
        None
    }

    /// Renders everything left for later.
    pub fn finish(&mut self) -> Change {
        finish_all(|| self.finish_step())
    }

    /// Reads `county.yaml`, checks every town (all closed) and makes the county page.
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
        self.towns = county
            .towns
            .par_iter()
            .map(|slug| {
                let mut town = Town {
                    slug: slug.clone(),
                    within: InCounty {
                        link: Some(link.clone()),
                        base_url: base
                            .as_deref()
                            .map(|b| format!("{}/{slug}/", b.trim_end_matches('/'))),
                    },
                    preview: None,
                    row: None,
                    problems: Diagnostics::new(),
                    used: 0,
                };
                town.check(&dir.join(slug));
                town
            })
            .collect();
        self.county_page(&mut Change::default());
    }

    /// Makes the county page again from the towns' rows, noting the files that changed.
    /// While a town has errors there is no county page to make (as a build stops).
    fn county_page(&mut self, change: &mut Change) {
        let Some(county) = &self.county else {
            return;
        };
        let rows: Option<Vec<_>> = self.towns.iter().map(Town::row).collect();
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
