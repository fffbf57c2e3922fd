//! Incremental rebuilding for the live preview: the site kept in memory, and brought up to date
//! after a save by re-reading the changed file and re-rendering only what it can change.
//!
//! The interface is [`Preview`]: [`Preview::open`] loads and renders everything (the normal
//! build), [`Preview::update`] takes the paths a file watcher reported and returns what
//! changed, [`Preview::finish_step`] (or [`Preview::finish`]) renders what `update` left for
//! later, and [`Preview::files`] / [`Preview::problems`] are the site and the messages now.
//! Whatever this module does inside, the files it holds after any sequence of saves (and a
//! finish) are the files a fresh build of the same content makes (tests/serve.rs checks it),
//! so the strategy below can change freely, for instance when outputs learn to render one
//! village at a time.
//!
//! Why it is fast: on a county of a thousand villages a full load takes seconds and rendering
//! every page longer, while one saved amount changes one village. So, for a period file:
//! 1. the file is read again in place (`load::reread`), keeping every file id;
//! 2. only its village is checked again (checks are per village) and derived again
//!    ([`town_report_from`] rebuilds the town's cards and ranking around it);
//! 3. only that village's pages are rendered, and put in place at once;
//! 4. what reads other villages — the town page, then the outputs of the whole town
//!    (`build-info.json`, data files, feeds, any output [`reach`] does not know), then the town
//!    prints of the periods whose notice changed — is rendered afterwards, a part at a time
//!    ([`Preview::finish_step`]); until then those files are [`Preview::pending`], and a
//!    server holds requests for them rather than serve stale ones.
//!
//! Anything wider — `site.yaml`, a file added, removed or renamed, a village file whose
//! published phones changed, a theme change, a changed site-wide value — loads and/or renders
//! everything, as a build does. While the content has errors nothing is rendered: the last
//! good site stays in [`Preview::files`], and the villages changed meanwhile are rendered once
//! the errors are fixed. A save is checked first as its village alone (most checks are per
//! village), then, first thing after its pages, as a whole town (the register of published
//! periods and dates of reference read every village): an error only the whole town shows
//! replaces the pages with the error list a moment after they changed.

mod later;
mod problems;
mod render;

pub use render::{reach, Reach, PER_VILLAGE, TOWN_PRINT};

use crate::derive::county::{town_row, TownRow};
use crate::derive::town::{town_report, town_report_from, CountyLink, TownReport};
use crate::derive::village::village_report;
use crate::diag::Diagnostics;
use crate::load::reread::{discover_files, published_phones_of, reread, Reread};
use crate::model::{FileId, Town};
use crate::output::{self, Artifacts, Output, Theme};
use bytes::Bytes;
use later::Later;
use problems::Problems;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tera::Tera;

/// The site and its messages, kept up to date.
pub struct Preview {
    content: PathBuf,
    county: InCounty,
    /// `content` made absolute, to match watcher paths against.
    content_abs: PathBuf,
    theme_dir: Option<PathBuf>,
    theme: Option<Theme>,
    town: Option<Town>,
    /// The phones the town publishes (which masking spares), as re-reading needs them.
    published: BTreeSet<String>,
    problems: Problems,
    kept: Option<Kept>,
    dirty: Dirty,
    files: BTreeMap<String, Bytes>,
    later: Later,
    pending: BTreeSet<String>,
}

/// What a town of a county takes from the county, as `sanshai build` gives it: the link up to
/// the county page and the town's own address (the county's, with the town's folder).
#[derive(Debug, Clone, Default)]
pub struct InCounty {
    pub link: Option<CountyLink>,
    pub base_url: Option<String>,
}

/// What the last good site was rendered from.
struct Kept {
    report: TownReport,
    art: Artifacts,
    tera: Tera,
    site: serde_json::Value,
    /// Files made by the deferred outputs and by the town print (to know which files are
    /// pending, and which ones a deferred output no longer makes).
    deferred_paths: BTreeSet<String>,
    print_paths: BTreeSet<String>,
    /// The town's own files that may change with a village (the town page; not the theme's
    /// static files, which only a theme change, rendering everything, alters).
    town_paths: BTreeSet<String>,
}

/// What must be rendered again.
#[derive(Default)]
struct Dirty {
    all: bool,
    villages: BTreeSet<usize>,
    /// Villages whose every town print must be rendered again (their village file changed).
    every_print: bool,
}

/// What an update or a finish changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    /// Site files written, replaced or removed.
    pub files: Vec<String>,
    /// Everything was loaded or rendered again.
    pub whole: bool,
    /// The messages changed.
    pub problems: bool,
}

impl Preview {
    /// Loads, checks and renders everything, as `sanshai build` does (without writing).
    pub fn open(content: &Path, theme_dir: Option<&Path>) -> Preview {
        Preview::open_in(content, theme_dir, InCounty::default())
    }

    /// [`open`](Self::open) for a town of a county.
    pub fn open_in(content: &Path, theme_dir: Option<&Path>, county: InCounty) -> Preview {
        let mut p = Preview {
            content: content.to_path_buf(),
            county,
            content_abs: std::path::absolute(content).unwrap_or_else(|_| content.to_path_buf()),
            theme_dir: theme_dir.map(Path::to_path_buf),
            theme: None,
            town: None,
            published: BTreeSet::new(),
            problems: Problems::default(),
            kept: None,
            dirty: Dirty::default(),
            files: BTreeMap::new(),
            later: Later::default(),
            pending: BTreeSet::new(),
        };
        p.load_theme();
        p.load_all();
        p.render();
        p
    }

    /// The last good site: every file with its bytes, by path.
    pub fn files(&self) -> &BTreeMap<String, Bytes> {
        &self.files
    }

    /// The content's and the theme's problems now (the site is not rendered while they
    /// include an error).
    pub fn problems(&self) -> Diagnostics {
        self.problems.all()
    }

    /// The town's row on the county page, from the last good site (`None` before one).
    pub fn row(&self, slug: &str) -> Option<TownRow> {
        self.kept.as_ref().map(|k| town_row(slug, &k.report))
    }

    /// Files in [`files`](Self::files) that are stale until [`finish`](Self::finish).
    pub fn pending(&self) -> &BTreeSet<String> {
        &self.pending
    }

    /// The folders a watcher should watch (absolute): the content folder and the theme folder.
    pub fn watched(&self) -> Vec<PathBuf> {
        watched_folders(&self.content_abs, self.theme_dir.as_deref())
    }

    /// Takes in the files and folders a watcher reported as changed (absolute or relative to
    /// the working folder) and renders what they can change, except what it leaves
    /// [`pending`](Self::pending).
    pub fn update(&mut self, changed: &[PathBuf]) -> Change {
        let before = self.problems.all().report();
        let mut rediscover = false;
        let mut reread_ids: BTreeSet<FileId> = BTreeSet::new();
        for path in changed {
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            if let Some(dir) = &self.theme_dir {
                let dir_abs = std::path::absolute(dir).unwrap_or_else(|_| dir.clone());
                if abs.starts_with(&dir_abs) {
                    self.load_theme();
                    self.dirty.all = true;
                    continue;
                }
            }
            let Ok(rel) = abs.strip_prefix(&self.content_abs) else {
                continue;
            };
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let hidden = |s: &String| s.starts_with('.');
            if parts.iter().rev().skip(1).any(hidden) {
                continue; // inside a hidden folder, which is not content
            }
            if parts.last().is_some_and(hidden) && !abs.is_dir() {
                continue; // an editor's swap or temporary file
            }
            let rel = parts.join("/");
            let known = self
                .town
                .as_ref()
                .and_then(|t| t.sources.files.iter().position(|f| f.rel == rel));
            match known {
                Some(id) if abs.is_file() => {
                    reread_ids.insert(id);
                }
                _ => rediscover = true,
            }
        }
        if rediscover && self.town.is_some() {
            let (rels, diags) = discover_files(&self.content);
            let same = self.town.as_ref().is_some_and(|t| {
                t.sources.files.len() == rels.len()
                    && t.sources.files.iter().zip(&rels).all(|(f, r)| &f.rel == r)
            });
            if same {
                self.problems.discovery = diags.sorted();
            } else {
                self.town = None;
            }
        }
        if self.town.is_none() {
            self.load_all();
        } else {
            for id in reread_ids {
                if !self.reread_one(id) {
                    self.load_all();
                    break;
                }
            }
        }
        let mut change = self.render();
        change.problems = self.problems.all().report() != before;
        change
    }

    /// Renders everything the last updates left for later (see [`pending`](Self::pending));
    /// returns what changed.
    pub fn finish(&mut self) -> Change {
        finish_all(|| self.finish_step())
    }

    /// Renders one part of what the last updates left for later — first the town's own pages,
    /// then the outputs that read every village, then one town print at a time — so that a
    /// caller can publish each part and take in a new save between parts. `None` when nothing
    /// is left.
    pub fn finish_step(&mut self) -> Option<Change> {
        if self.later.check {
            return Some(self.check_all());
        }
        let (Some(kept), Some(theme)) = (self.kept.as_mut(), self.theme.as_ref()) else {
            self.later = Later::default();
            self.pending.clear();
            return None;
        };
        let mut change = Change::default();
        let made = if std::mem::take(&mut self.later.town) {
            later::town_pages(kept, theme)
        } else if std::mem::take(&mut self.later.outputs) {
            later::deferred_outputs(kept, theme, &mut self.files, &mut change)
        } else if let Some(period) = self.later.prints.pop_first() {
            later::town_print(kept, theme, &period)
        } else {
            self.pending.clear();
            return None;
        };
        match made {
            Ok(files) => {
                for (path, bytes) in files {
                    put(&mut self.files, &mut change, path, bytes);
                }
            }
            Err(d) => {
                self.problems.render.extend(d.sorted());
                change.problems = true;
            }
        }
        self.pending = self.later.pending(kept);
        Some(change)
    }

    /// The full check of the town, after the changed village's own; renders what it no longer
    /// holds back.
    fn check_all(&mut self) -> Change {
        self.later.check = false;
        let before = self.problems.all().report();
        if let Some(town) = &self.town {
            let checked = crate::validate::validate(town);
            self.problems.of_checks(town, &checked);
        }
        // Errors the village's own check could not see stop the site here; villages held
        // back by an error that was none are rendered now.
        let mut change = self.render();
        change.problems |= self.problems.all().report() != before;
        change
    }

    fn load_theme(&mut self) {
        self.problems.theme.clear();
        self.theme = match &self.theme_dir {
            None => Some(Theme::default_theme()),
            Some(dir) => match Theme::overlay(dir) {
                Ok(t) => Some(t),
                Err(e) => {
                    let mut d = Diagnostics::new();
                    d.file_error(&dir.display().to_string(), e, None);
                    self.problems.theme = d.sorted();
                    None
                }
            },
        };
    }

    /// Loads and checks the whole content folder.
    fn load_all(&mut self) {
        let (town, loaded) = crate::load::load(&self.content);
        let (_, discovery) = discover_files(&self.content);
        self.dirty.all = true;
        let base = self.county.base_url.clone();
        self.town = town.map(|mut t| {
            // As `build` does.
            if let Some(url) = base {
                t.site.base_url = url;
            }
            if !t.site.base_url.is_empty() && !t.site.base_url.ends_with('/') {
                t.site.base_url.push('/');
            }
            t
        });
        let checked = match &self.town {
            Some(town) => {
                self.published = published_phones_of(town);
                crate::validate::validate(town)
            }
            None => Diagnostics::new(),
        };
        self.problems
            .of_load(self.town.as_ref(), &loaded, discovery.sorted(), &checked);
    }

    /// Reads one source file again and checks its village; false when only a full load can
    /// take the change in.
    fn reread_one(&mut self, id: FileId) -> bool {
        let Some(town) = self.town.as_mut() else {
            return false;
        };
        let Reread::Done(diags) = reread(town, &self.content, id, &self.published) else {
            return false;
        };
        let source = &town.sources.files[id];
        self.problems
            .by_file
            .insert(source.display.clone(), diags.sorted());
        let Some(vi) = town
            .villages
            .iter()
            .position(|v| v.file == id || v.periods.iter().any(|p| p.files.contains(&id)))
        else {
            return false;
        };
        if town.villages[vi].file == id {
            self.dirty.every_print = true;
        }
        self.dirty.villages.insert(vi);
        // Most checks are per village: check this one alone, in a town holding only it, for
        // the changed pages; the full check (some checks read every village) follows first
        // thing after them.
        let others = std::mem::take(&mut town.villages);
        town.villages.push(others[vi].clone());
        let checked = crate::validate::validate(town);
        town.villages = others;
        self.problems.of_village(town, vi, &checked);
        self.later.check = true;
        true
    }

    /// Renders what is dirty, unless there are errors.
    fn render(&mut self) -> Change {
        let mut change = Change::default();
        self.problems.render.clear();
        let errors = self.problems.all().has_errors();
        let nothing = !self.dirty.all && self.dirty.villages.is_empty() && self.kept.is_some();
        if errors || nothing || self.town.is_none() || self.theme.is_none() {
            return change;
        }
        let partial = !self.dirty.all && self.kept.is_some();
        let result = if partial {
            self.render_villages(&mut change)
        } else {
            Err(())
        };
        if result.is_err() {
            change = Change {
                whole: true,
                ..Change::default()
            };
            self.later = Later::default();
            self.pending.clear();
            let (Some(town), Some(theme)) = (&self.town, &self.theme) else {
                return change;
            };
            let mut report = town_report(town);
            report.site.county_link = self.county.link.clone();
            match render::whole(&report, theme) {
                Ok(w) => {
                    let new: BTreeMap<String, Bytes> = w
                        .files
                        .into_iter()
                        .map(|(p, b)| (p, Bytes::from(b)))
                        .collect();
                    change.files = changed_paths(&self.files, &new);
                    self.files = new;
                    self.kept = Some(Kept {
                        site: serde_json::to_value(&report.site).unwrap_or_default(),
                        report,
                        art: w.art,
                        tera: w.tera,
                        deferred_paths: w.deferred_paths,
                        print_paths: w.print_paths,
                        town_paths: w.town_paths,
                    });
                }
                Err(d) => {
                    self.problems.render = d.sorted();
                    self.kept = None;
                }
            }
        }
        self.dirty = Dirty::default();
        change
    }

    /// Re-renders the dirty villages' pages, and leaves the town's own pages, the deferred
    /// outputs and the town prints of the periods whose notices changed for [`Self::finish`].
    /// `Err` when only a whole render will do (a site-wide value changed, or a render failed).
    fn render_villages(&mut self, change: &mut Change) -> Result<(), ()> {
        let (Some(town), Some(theme), Some(kept)) = (&self.town, &self.theme, self.kept.as_mut())
        else {
            return Err(());
        };
        let mut reports = std::mem::take(&mut kept.report.village_reports);
        for &i in &self.dirty.villages {
            reports[i] = village_report(town, &town.villages[i]);
        }
        kept.report = town_report_from(town, reports);
        kept.report.site.county_link = self.county.link.clone();
        if serde_json::to_value(&kept.report.site).map_err(|_| ())? != kept.site {
            return Err(()); // a value every page shows
        }
        let split = outputs(Reach::PerVillage);
        let views: Vec<(usize, TownReport)> = self
            .dirty
            .villages
            .iter()
            .map(|&i| (i, render::village_view(&mut kept.report, i)))
            .collect();
        let tera = &kept.tera;
        let rendered = views
            .par_iter()
            .map(|(i, view)| {
                let art = Artifacts::draw(view, tera).map_err(|_| ())?;
                let files = render::run(&split, view, &art, tera, theme).map_err(|_| ())?;
                Ok((*i, art, files))
            })
            .collect::<Result<Vec<_>, ()>>()?;
        let mut prints: BTreeSet<String> = BTreeSet::new();
        for (i, mut art, files) in rendered {
            kept.art.periods[i] = art.periods.pop().unwrap_or_default();
            kept.art.villages[i] = art.villages.pop().ok_or(())?;
            let slug = format!("{}/", kept.report.village_reports[i].slug);
            for (path, bytes) in files.into_iter().filter(|(p, _)| p.starts_with(&slug)) {
                let stale = self.files.get(&path).is_none_or(|b| b[..] != bytes[..]);
                if stale && path.ends_with("/print.html") {
                    prints.extend(path.split('/').nth(1).map(str::to_string));
                }
                put(&mut self.files, change, path, bytes);
            }
        }
        if self.dirty.every_print {
            prints.extend(kept.report.prints.iter().map(|p| p.period.slug.clone()));
        }
        self.later.town = true;
        self.later.outputs = true;
        self.later.prints.extend(prints);
        self.pending = self.later.pending(kept);
        Ok(())
    }
}

/// Runs `step` until it has nothing left (see [`Preview::finish_step`]); everything it changed.
pub fn finish_all(mut step: impl FnMut() -> Option<Change>) -> Change {
    let mut all = Change::default();
    while let Some(c) = step() {
        all.files.extend(c.files);
        all.problems |= c.problems;
    }
    all
}

/// The folders a preview watches: its content folder (absolute) and the theme folder.
pub fn watched_folders(content_abs: &Path, theme_dir: Option<&Path>) -> Vec<PathBuf> {
    let theme = theme_dir.map(std::path::absolute);
    std::iter::once(content_abs.to_path_buf())
        .chain(theme.and_then(Result::ok))
        .collect()
}

/// The outputs of one reach, in build order.
fn outputs(r: Reach) -> Vec<&'static dyn Output> {
    let all = output::OUTPUTS.iter().copied();
    all.filter(|o| reach(*o) == r).collect()
}

/// Puts one file in the site, noting it when its bytes changed.
fn put(files: &mut BTreeMap<String, Bytes>, change: &mut Change, path: String, bytes: Vec<u8>) {
    if files.get(&path).is_some_and(|b| b[..] == bytes[..]) {
        return;
    }
    change.files.push(path.clone());
    files.insert(path, Bytes::from(bytes));
}

fn changed_paths(old: &BTreeMap<String, Bytes>, new: &BTreeMap<String, Bytes>) -> Vec<String> {
    let mut out: Vec<String> = new
        .iter()
        .filter(|(p, b)| old.get(*p) != Some(b))
        .map(|(p, _)| p.clone())
        .collect();
    out.extend(old.keys().filter(|p| !new.contains_key(*p)).cloned());
    out.sort();
    out
}
