//! Diagnostics: every problem found in a run, collected and printed together.
//!
//! A village accountant fixes files in a text editor, so each message names the file, line and
//! column (`文件:行:列: 错误: … (提示: …)`), says in plain Chinese what is wrong, and how to fix
//! it. Nothing stops at the first problem: the loader and the checks keep going and add to one
//! list, which is sorted so that the output is the same on every run.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, at a position in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// File path as shown to the user (relative to the working directory where possible).
    pub file: String,
    /// 1-based line and column; 0 when unknown (e.g. a missing file).
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {kind}: {}",
                self.file, self.line, self.col, self.message
            )?;
        } else {
            write!(f, "{}: {kind}: {}", self.file, self.message)?;
        }
        if let Some(h) = &self.hint {
            write!(f, " (提示: {h})")?;
        }
        Ok(())
    }
}

/// The problems of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Every problem, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// A problem with no position inside the file (missing file, unreadable folder).
    pub fn file_error(&mut self, file: &str, message: impl Into<String>, hint: Option<&str>) {
        self.push(Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: hint.map(str::to_string),
        });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by folder (a folder's own files before its subfolders, so `site.yaml` and
    /// `village.yaml`, whose mistakes often cause the rest, come first), then file, position
    /// and text; duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let key = |d: &Diagnostic| -> (String, String) {
            match d.file.rsplit_once('/') {
                Some((dir, name)) => (dir.to_string(), name.to_string()),
                None => (String::new(), d.file.clone()),
            }
        };
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            (key(a), a.line, a.col, a.severity, &a.message).cmp(&(
                key(b),
                b.line,
                b.col,
                b.severity,
                &b.message,
            ))
        });
        v.dedup();
        v
    }

    /// The full report as printed by the command line.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        out
    }
}
