//! The preview's messages, kept by where they come from, so that re-reading one file or
//! checking one village again replaces only its own messages; together they are the messages
//! a fresh `check` prints.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Town;
use std::collections::{BTreeSet, HashMap};

#[derive(Default)]
pub struct Problems {
    /// Files and folders that are not content (from the loader's walk).
    pub discovery: Vec<Diagnostic>,
    /// The loader's other messages about the whole folder (a missing village file …).
    pub assembly: Vec<Diagnostic>,
    /// The loader's messages about each source file, by the name messages show.
    pub by_file: HashMap<String, Vec<Diagnostic>>,
    /// Checks of `site.yaml` and of the town as a whole.
    pub site_checks: Vec<Diagnostic>,
    /// Checks of each village, by index.
    pub by_village: Vec<Vec<Diagnostic>>,
    pub theme: Vec<Diagnostic>,
    pub render: Vec<Diagnostic>,
}

impl Problems {
    /// Every message, as one list.
    pub fn all(&self) -> Diagnostics {
        let mut d = Diagnostics::new();
        let lists = [&self.discovery, &self.assembly, &self.site_checks]
            .into_iter()
            .chain(self.by_file.values())
            .chain(&self.by_village)
            .chain([&self.theme, &self.render]);
        for list in lists {
            for x in list {
                d.push(x.clone());
            }
        }
        d
    }

    /// Sorts a full load's and a full check's messages by where they come from.
    pub fn of_load(
        &mut self,
        town: Option<&Town>,
        loaded: &Diagnostics,
        discovery: Vec<Diagnostic>,
        checked: &Diagnostics,
    ) {
        self.discovery = discovery;
        self.assembly.clear();
        self.by_file.clear();
        let names: BTreeSet<&str> = town
            .iter()
            .flat_map(|t| t.sources.files.iter().map(|f| f.display.as_str()))
            .collect();
        for d in loaded.sorted() {
            if names.contains(d.file.as_str()) {
                self.by_file.entry(d.file.clone()).or_default().push(d);
            } else if !self.discovery.contains(&d) {
                self.assembly.push(d);
            }
        }
        match town {
            Some(town) => self.of_checks(town, checked),
            None => {
                self.site_checks.clear();
                self.by_village.clear();
            }
        }
    }

    /// Replaces village `i`'s checks with those of `checked` (a check of a town holding that
    /// village alone) about the village's own files. What it says about other files (the
    /// town's, or other villages missing from that town) is left to the next full check.
    pub fn of_village(&mut self, town: &Town, i: usize, checked: &Diagnostics) {
        let prefix = village_prefix(town, i);
        self.by_village[i] = checked
            .sorted()
            .into_iter()
            .filter(|d| d.file.starts_with(&prefix))
            .collect();
    }

    /// Replaces every check with a full check of the town.
    pub fn of_checks(&mut self, town: &Town, checked: &Diagnostics) {
        let prefixes: Vec<String> = (0..town.villages.len())
            .map(|i| village_prefix(town, i))
            .collect();
        self.site_checks.clear();
        self.by_village = vec![Vec::new(); town.villages.len()];
        for d in checked.sorted() {
            match prefixes.iter().position(|p| d.file.starts_with(p.as_str())) {
                Some(i) => self.by_village[i].push(d),
                None => self.site_checks.push(d),
            }
        }
    }
}

/// `…/villages/<slug>/`, as messages name the village's files.
fn village_prefix(town: &Town, i: usize) -> String {
    let display = &town.sources.files[town.villages[i].file].display;
    display.trim_end_matches("village.yaml").to_string()
}
