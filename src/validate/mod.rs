//! Validate: the rules a disclosure must pass before it is published.
//!
//! Each check adds to one list of diagnostics instead of stopping, so an accountant sees every
//! problem of a run at once. Errors (books that do not balance, unknown accounts, references to
//! people who are not cadres) stop the build; warnings (local rules such as the cash limit or the
//! three signatures on large amounts) are printed but do not.

mod accounts;
mod conduct;
mod contact;
mod entries;
mod holdings;
mod notes;
mod performance;
mod record;
mod requests;
mod terms;
mod village;

pub use record::change_error;

use crate::diag::{Diagnostics, Severity};
use crate::model::FileId;
use crate::model::{Cadre, Sources, Town, Village};
use std::collections::{BTreeMap, HashMap};

/// Runs every check on the town.
pub fn validate(town: &Town) -> Diagnostics {
    let mut out = Diagnostics::new();
    let site = &town.site;
    let mut cx = Cx {
        sources: &town.sources,
        diags: &mut out,
        unknown_names: BTreeMap::new(),
    };
    if site.title.trim().is_empty() {
        cx.error(town.site_file, "title", "网站标题 title 不能为空", None);
    }
    if let Some(problem) = base_url_problem(&site.base_url) {
        cx.error(
            town.site_file,
            "base_url",
            problem,
            Some("例如 https://sanshai.example.cn/".into()),
        );
    }
    if site.supervision_phones.is_empty() {
        cx.warn(
            town.site_file,
            "",
            "没有写监督电话 supervision_phones",
            Some("公开栏必须有监督电话".into()),
        );
    }
    for (key, value, max) in [
        ("rules.post_within_days", site.rules.post_within_days, 366),
        (
            "rules.min_days_on_board",
            site.rules.min_days_on_board,
            accounts::MAX_DAYS_ON_BOARD,
        ),
    ] {
        if value > max {
            cx.error(
                town.site_file,
                key,
                format!("`{key}` 写的是 {value} 天,太大了(最多 {max} 天)"),
                Some("按本地规定写天数,如季度结束后 15 天内张贴、至少张贴 10 天".into()),
            );
        }
    }
    // A village whose village.yaml could not be read was reported at that file already.
    let village_files = town
        .sources
        .files
        .iter()
        .any(|f| f.rel.starts_with("villages/") && f.rel.ends_with("/village.yaml"));
    if town.villages.is_empty() && !village_files {
        cx.error(
            town.site_file,
            "",
            "内容里没有任何村:villages/ 文件夹是空的或不存在",
            Some("每个村一个文件夹,如 villages/dongshan/village.yaml;生成空网站会把已公开的网站清空,所以不生成".into()),
        );
    }
    for (i, name) in site.keep.iter().enumerate() {
        if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
            cx.error(
                town.site_file,
                &format!("keep[{i}]"),
                format!("「{name}」不是输出文件夹里的一个文件名或文件夹名"),
                Some("只写名字,不带路径,如 baidu_verify_abc.html".into()),
            );
        }
    }
    let reference = crate::calc::terms::reference_date(town);
    for v in &town.villages {
        village::village(&mut cx, site, v, reference);
        for (i, p) in v.periods.iter().enumerate() {
            let previous = i.checked_sub(1).and_then(|j| v.periods.get(j));
            accounts::period(&mut cx, site, v, p, previous);
            notes::notes(&mut cx, p);
            performance::performance(&mut cx, v, p);
            conduct::conduct(&mut cx, v, p);
        }
        let ledgers = crate::calc::ledger::ledgers(v);
        requests::village(&mut cx, v, &ledgers);
        contact::village(&mut cx, site, v, &ledgers);
        terms::village(&mut cx, v, &ledgers);
        if v.periods.is_empty() {
            cx.warn(
                v.file,
                "",
                format!("{}还没有任何一期公开", v.info.name),
                Some("新建文件夹如 2025-q3".into()),
            );
        }
        cx.flush_unknown_names();
    }
    record::register(&mut cx, town);
    out
}

/// Shared state of the checks: where positions come from and where problems go.
pub(crate) struct Cx<'a> {
    pub sources: &'a Sources,
    pub diags: &'a mut Diagnostics,
    /// Uses of a name that is not a cadre, by file and name: reported once per file with
    /// the other lines listed, so one renamed cadre does not flood the report.
    pub unknown_names: BTreeMap<(FileId, String), Vec<UnknownUse>>,
}

pub(crate) struct UnknownUse {
    pub path: String,
    pub what: String,
    pub hint: Option<String>,
}

impl Cx<'_> {
    /// Reports each unknown name once per file, at its first use.
    pub fn flush_unknown_names(&mut self) {
        let pending = std::mem::take(&mut self.unknown_names);
        for ((file, name), uses) in pending {
            let first = uses
                .iter()
                .min_by_key(|u| self.line_of(file, &u.path))
                .expect("at least one use");
            let first_line = self.line_of(file, &first.path);
            let mut lines: Vec<usize> = uses.iter().map(|u| self.line_of(file, &u.path)).collect();
            lines.sort_unstable();
            lines.dedup();
            lines.retain(|l| *l != first_line);
            let more = if lines.is_empty() {
                String::new()
            } else {
                let shown: Vec<String> = lines.iter().take(12).map(|l| l.to_string()).collect();
                let tail = if lines.len() > 12 { "…" } else { "" };
                format!(
                    "(本文件另有 {} 处: 第 {}{tail} 行)",
                    lines.len(),
                    shown.join("、")
                )
            };
            let msg = format!("{}「{name}」不是本村干部{more}", first.what);
            let d = self
                .sources
                .diag(Severity::Error, file, &first.path, msg, first.hint.clone());
            self.diags.push(d);
        }
    }

    pub fn error(
        &mut self,
        file: FileId,
        path: &str,
        msg: impl Into<String>,
        hint: Option<String>,
    ) {
        let d = self.sources.diag(Severity::Error, file, path, msg, hint);
        self.diags.push(d);
    }
    pub fn warn(&mut self, file: FileId, path: &str, msg: impl Into<String>, hint: Option<String>) {
        let d = self.sources.diag(Severity::Warning, file, path, msg, hint);
        self.diags.push(d);
    }
    /// The line a path sits on, for messages that point at an earlier entry.
    pub fn line_of(&self, file: FileId, path: &str) -> usize {
        self.sources.find(file, path).map_or(0, |p| p.line)
    }
}

/// The people of a village by name: cadres and supervision committee members.
pub(crate) struct People<'a> {
    pub cadres: HashMap<&'a str, usize>,
    pub supervisors: HashMap<&'a str, usize>,
}

impl<'a> People<'a> {
    pub fn of(v: &'a Village) -> Self {
        People {
            cadres: v
                .info
                .cadres
                .iter()
                .enumerate()
                .map(|(i, c)| (c.name.as_str(), i))
                .collect(),
            supervisors: v
                .info
                .supervisors
                .iter()
                .enumerate()
                .map(|(i, c)| (c.name.as_str(), i))
                .collect(),
        }
    }

    /// The cadre called `name`, if there is one.
    pub fn cadre<'v>(&self, v: &'v Village, name: &str) -> Option<&'v Cadre> {
        self.cadres
            .get(name.trim())
            .and_then(|&i| v.info.cadres.get(i))
    }

    pub fn cadre_hint(v: &Village) -> Option<String> {
        let mut names: Vec<&str> = Vec::new();
        for c in &v.info.cadres {
            if !names.contains(&c.name.as_str()) {
                names.push(c.name.as_str());
            }
        }
        Some(format!(
            "本村干部有: {};名字要和 village.yaml 里写的一字不差",
            names.join("、")
        ))
    }

    /// Reports `name` at `path` when it is not a cadre of the village, suggesting the cadre
    /// whose name differs by one character (a common typing slip: 徐莉 for 徐丽).
    pub fn check_cadre(
        &self,
        cx: &mut Cx,
        v: &Village,
        file: FileId,
        path: &dyn Fn() -> String,
        name: &str,
        what: &str,
    ) {
        // The path is only spelled out for a name that is not found (most are).
        if self.cadres.contains_key(name.trim()) {
            return;
        }
        let close = v
            .info
            .cadres
            .iter()
            .find(|c| one_char_apart(&c.name, name.trim()));
        let hint = match close {
            Some(c) => Some(format!(
                "是不是「{}」?名字要和 village.yaml 里写的一字不差",
                c.name
            )),
            None => Self::cadre_hint(v),
        };
        cx.unknown_names
            .entry((file, name.to_string()))
            .or_default()
            .push(UnknownUse {
                path: path(),
                what: what.to_string(),
                hint,
            });
    }
}

/// What is wrong with a site address, if anything (an empty one is allowed: no QR codes).
pub fn base_url_problem(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        _ if url.is_empty() => None,
        None => Some(format!("网址「{url}」要以 https:// 或 http:// 开头")),
        Some(host)
            if host.is_empty()
                || host.contains(['?', '#'])
                || host.starts_with('/')
                || host.contains(char::is_whitespace) =>
        {
            Some(format!("网址「{url}」不完整,或含空格、?、#"))
        }
        Some(_) => None,
    }
}

/// Same length and exactly one character different.
fn one_char_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    a.len() == b.len() && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
}

#[cfg(test)]
mod tests {
    use super::one_char_apart;

    #[test]
    fn site_addresses() {
        use super::base_url_problem;
        assert_eq!(base_url_problem(""), None);
        assert_eq!(base_url_problem("https://a.cn/"), None);
        assert!(base_url_problem("sanshai.example.cn")
            .unwrap()
            .contains("https://"));
        assert!(base_url_problem("https:// a").is_some());
        assert!(base_url_problem("https://x.cn/?q=1").is_some());
    }

    #[test]
    fn near_names() {
        assert!(one_char_apart("徐丽", "徐莉"));
        assert!(!one_char_apart("徐丽", "徐丽丽"));
        assert!(!one_char_apart("张三", "李四"));
    }
}
