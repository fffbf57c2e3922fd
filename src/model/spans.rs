//! Where a value was written: line and column of every YAML node, by its path in the file
//! (`expenses[3].amount`).

use std::collections::HashMap;

/// 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Default, Clone)]
pub struct PosMap {
    map: HashMap<String, Pos>,
}

impl PosMap {
    /// Records where `path` starts (the first record wins).
    pub fn insert(&mut self, path: String, pos: Pos) {
        self.map.entry(path).or_insert(pos);
    }

    /// The position of `path`, or of its nearest recorded parent (a missing field points at
    /// the item it is missing from).
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut p = path.to_string();
        loop {
            if let Some(pos) = self.map.get(&p) {
                return Some(*pos);
            }
            if p.is_empty() {
                return None;
            }
            p = parent(&p);
        }
    }
}

fn parent(path: &str) -> String {
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    path[..cut].to_string()
}
