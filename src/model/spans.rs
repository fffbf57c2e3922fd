//! Where a value was written: every YAML node of a file, with its line and column, as read by
//! the one parse of that file (see `load::tree`).
//!
//! The loader deserializes typed values straight from this tree, so a bad value is reported at
//! the node it came from. The tree is then kept with its [`SourceFile`](super::SourceFile): the
//! checks that run after loading (balances, references, dates) point at a line by the value's
//! path in the file (`expenses[3].amount`, `closing.基本户`), looked up here without reading or
//! parsing the file again. A path that names nothing (a missing field) gives the position of
//! its nearest written parent.

/// 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// Index of a node in its [`Tree`].
pub type NodeId = usize;

/// One YAML node and where it starts.
#[derive(Debug, Clone)]
pub struct Node {
    pub pos: Pos,
    pub kind: NodeKind,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<NodeId>),
    /// Entries in the order written: (key, value). Keys are unique (checked when parsing).
    Map(Vec<(NodeId, NodeId)>),
    /// `*name`: the anchored node it stands for (always complete, never an ancestor).
    Alias(NodeId),
}

/// A scalar as written, with the type YAML gives it.
#[derive(Debug, Clone)]
pub struct Scalar {
    pub text: String,
    pub value: ScalarValue,
}

/// What a scalar means: quoted and block scalars are always text; a plain one is read as null,
/// yes/no, a number or text by the rules of the YAML core schema (see `load::tree::resolve`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarValue {
    Null,
    Bool(bool),
    UInt(u64),
    Int(i64),
    Float(f64),
    Str,
}

/// The nodes of one file; the document's root is node 0. Empty for a file that is not YAML
/// (`notes.md`) or could not be parsed.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
}

impl Tree {
    pub fn root(&self) -> Option<NodeId> {
        (!self.nodes.is_empty()).then_some(0)
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The node an alias stands for (other nodes stand for themselves).
    pub fn target(&self, id: NodeId) -> NodeId {
        match self.nodes[id].kind {
            NodeKind::Alias(t) => t,
            _ => id,
        }
    }

    /// The text of a scalar key (`None` for a list or mapping used as a key).
    pub fn key_text(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[self.target(id)].kind {
            NodeKind::Scalar(s) => Some(&s.text),
            _ => None,
        }
    }

    /// The value under `key` in mapping `map`, if written.
    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        match &self.nodes[map].kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| self.key_text(*k) == Some(key))
                .map(|(_, v)| *v),
            _ => None,
        }
    }

    /// Drops the text of every scalar that is not a key, once the typed values are read: what
    /// stays is all that [`find`](Self::find) needs.
    pub fn keep_positions_only(&mut self) {
        let mut is_key = vec![false; self.nodes.len()];
        for node in &self.nodes {
            if let NodeKind::Map(entries) = &node.kind {
                for (k, _) in entries {
                    is_key[*k] = true;
                }
            }
        }
        for (node, key) in self.nodes.iter_mut().zip(is_key) {
            match &mut node.kind {
                NodeKind::Scalar(s) if !key => s.text = String::new(),
                NodeKind::Seq(items) => items.shrink_to_fit(),
                NodeKind::Map(entries) => entries.shrink_to_fit(),
                _ => {}
            }
        }
        self.nodes.shrink_to_fit();
    }

    /// The position of `path` (`key`, `a.b`, `list[0].field`), or of its nearest written
    /// parent: a missing field points at the item it is missing from. Aliases are not
    /// followed: a path through one stops at the alias.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut node = self.root()?;
        let mut rest = path;
        loop {
            if rest.is_empty() {
                return Some(self.nodes[node].pos);
            }
            let next = match &self.nodes[node].kind {
                NodeKind::Seq(items) => {
                    index_step(rest).and_then(|(i, after)| items.get(i).map(|item| (*item, after)))
                }
                NodeKind::Map(entries) => {
                    let at_key = if node == 0 {
                        Some(rest)
                    } else {
                        rest.strip_prefix('.')
                    };
                    at_key.and_then(|at_key| {
                        // The longest key that the path continues with (a key may itself
                        // hold a dot, as a fund named 基本户.2 would).
                        entries
                            .iter()
                            .filter_map(|(k, v)| {
                                let key = self.key_text(*k)?;
                                let after = at_key.strip_prefix(key)?;
                                (after.is_empty() || after.starts_with(['.', '['])).then_some((
                                    key.len(),
                                    *v,
                                    after,
                                ))
                            })
                            .max_by_key(|(len, _, _)| *len)
                            .map(|(_, v, after)| (v, after))
                    })
                }
                _ => None,
            };
            match next {
                Some((child, after)) => {
                    node = child;
                    rest = after;
                }
                None => return Some(self.nodes[node].pos),
            }
        }
    }
}

/// `[3]…` → (3, …).
fn index_step(rest: &str) -> Option<(usize, &str)> {
    let inner = rest.strip_prefix('[')?;
    let close = inner.find(']')?;
    Some((inner[..close].parse().ok()?, &inner[close + 1..]))
}
