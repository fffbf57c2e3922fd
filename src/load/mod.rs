//! Load: walk `content/`, parse every file once with positions, and build the town model.
//!
//! Files are found with walkdir, sorted, numbered, then parsed in parallel; the model is
//! assembled in that sorted order so the same folder always gives the same model. A file that
//! cannot be read, a folder with an unexpected name, or a file nobody knows about is reported,
//! never skipped in silence. Each YAML file is parsed exactly once (`tree`): its typed sections
//! are deserialized from that tree (`de`, `read`), and the tree stays with the file in
//! [`Sources`] so that later checks find any value's line and column by its path.
//!
//! The register of publications `published.yaml` is read by [`register`]; the archived
//! versions of published periods under `published/<村>/<期>/<版>/` are read like period
//! folders (and masked the same way) but kept apart from the books, in `Town::archives`; the
//! newest version of each period, a copy of the books as they are, is only hashed.

pub mod de;
pub mod entries;
pub mod personal;
pub mod read;
pub mod register;
pub mod reread;
pub mod syntax;
pub mod tree;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::record::{self, ArchivedVersion};
use crate::model::spans::Tree;
use crate::model::*;
use crate::privacy;
use rayon::prelude::*;
use read::{Doc, FileCtx};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a parsed file turned into.
enum Parsed {
    Site(Box<SiteFile>),
    Village(Box<VillageFile>),
    Accounts(Box<AccountsFile>),
    Performance(Box<PerformanceFile>),
    Conduct(Box<ConductFile>),
    Notes(String),
    Register(Box<record::Register>),
    Failed,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Site,
    Village,
    Accounts,
    Performance,
    Conduct,
    Notes,
    /// `published.yaml`, the register of publications.
    Register,
}

struct Found {
    kind: Kind,
    path: PathBuf,
    rel: String,
    /// (village slug, period) for files inside villages.
    village: Option<String>,
    period: Option<PeriodId>,
}

/// Loads the content folder. Returns the town when it could be assembled at all, and every
/// problem found on the way.
pub fn load(content: &Path) -> (Option<Town>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let display_root = content.display().to_string();
    let show = |rel: &str| format!("{}/{}", display_root.trim_end_matches('/'), rel);
    if !content.is_dir() {
        diags.file_error(
            &display_root,
            "找不到内容文件夹",
            Some("用 --content 指定放 site.yaml 和 villages/ 的文件夹"),
        );
        return (None, diags);
    }
    let found = discover(content, &show, &mut diags);

    // Read and hash every file, then parse in parallel (order kept by index): first site.yaml
    // and the village files, whose phones are published on purpose; then the periods' files,
    // whose free text is masked except for those phones.
    let first = |f: &Found| matches!(f.kind, Kind::Site | Kind::Village);
    let mut results: Vec<Option<(SourceFile, Parsed, Diagnostics)>> = found
        .par_iter()
        .enumerate()
        .map(|(id, f)| first(f).then(|| parse_file(id, f, &show(&f.rel), &BTreeSet::new())))
        .collect();
    let published = published_phones(results.iter().flatten().map(|(_, p, _)| p));
    let newest = register::newest_archives(&found);
    let rest: Vec<Option<(SourceFile, Parsed, Diagnostics)>> = found
        .par_iter()
        .enumerate()
        .map(|(id, f)| {
            (!first(f)).then(|| {
                if newest.contains(&id) {
                    register::hash_file(f, &show(&f.rel))
                } else {
                    parse_file(id, f, &show(&f.rel), &published)
                }
            })
        })
        .collect();
    for (slot, r) in results.iter_mut().zip(rest) {
        if slot.is_none() {
            *slot = r;
        }
    }
    let results = results.into_iter().flatten();

    let mut sources = Sources::default();
    let mut site = None;
    let mut villages: BTreeMap<String, Village> = BTreeMap::new();
    let mut periods: BTreeMap<(String, PeriodId), Period> = BTreeMap::new();
    let mut register = None;
    let mut archives: BTreeMap<(String, PeriodId, u32), Period> = BTreeMap::new();
    for (id, ((source, parsed, d), f)) in results.zip(&found).enumerate() {
        sources.files.push(source);
        if let Some((slug, pid, version, _)) = record::archive_place(&f.rel) {
            diags.extend(register::archived_problems(d));
            let p = archives
                .entry((slug.to_string(), pid, version))
                .or_insert_with(|| empty_period(pid));
            put_file(p, id, &f.rel, parsed);
            continue;
        }
        diags.extend(d);
        let slug = f.village.clone().unwrap_or_default();
        if let Some(pid) = f.period {
            let p = periods
                .entry((slug.clone(), pid))
                .or_insert_with(|| empty_period(pid));
            put_file(p, id, &f.rel, parsed);
            continue;
        }
        match parsed {
            Parsed::Site(s) => site = Some((*s, id)),
            Parsed::Register(r) => register = Some(*r),
            Parsed::Village(v) => {
                villages.insert(
                    slug.clone(),
                    Village {
                        slug,
                        file: id,
                        info: *v,
                        periods: Vec::new(),
                    },
                );
            }
            _ => {}
        }
    }
    for ((slug, _), p) in periods {
        match villages.get_mut(&slug) {
            Some(v) => v.periods.push(p),
            None => {
                // The village file is missing or broken; its absence was reported already
                // when broken, so report only a missing one here.
                if !found
                    .iter()
                    .any(|f| f.kind == Kind::Village && f.village.as_deref() == Some(&slug))
                {
                    diags.file_error(
                        &show(&format!("villages/{slug}/village.yaml")),
                        "缺少 village.yaml,这个村的各期公开无法发布",
                        Some("按 docs/format.md 新建 village.yaml"),
                    );
                }
            }
        }
    }
    let Some((site, site_file)) = site else {
        if !found.iter().any(|f| f.kind == Kind::Site) {
            diags.file_error(
                &show("site.yaml"),
                "缺少 site.yaml",
                Some("按 docs/format.md 新建 site.yaml"),
            );
        }
        return (None, diags);
    };
    let archives = archives
        .into_iter()
        .map(|((village, period, version), books)| ArchivedVersion {
            read: !books.files.iter().any(|id| newest.contains(id)),
            folder: show(&format!(
                "{}/{village}/{}/{version}",
                record::ARCHIVE_DIR,
                period.slug()
            )),
            village,
            period,
            version,
            books,
        })
        .collect();
    let town = Town {
        site,
        site_file,
        villages: villages.into_values().collect(),
        sources,
        register,
        archives,
    };
    (Some(town), diags)
}

fn empty_period(id: PeriodId) -> Period {
    Period {
        id,
        accounts: None,
        performance: None,
        conduct: None,
        notes: None,
        files: Vec::new(),
        present: Vec::new(),
    }
}

/// Adds a parsed file of a period folder (or of an archived version) to its period.
fn put_file(p: &mut Period, id: FileId, rel: &str, parsed: Parsed) {
    p.files.push(id);
    p.present
        .push(rel.rsplit('/').next().unwrap_or_default().to_string());
    match parsed {
        Parsed::Accounts(a) => p.accounts = Some(*a),
        Parsed::Performance(x) => p.performance = Some(*x),
        Parsed::Conduct(c) => p.conduct = Some(*c),
        Parsed::Notes(n) => p.notes = Some(n),
        _ => {}
    }
}

/// Walks the content folder and classifies every file; anything unexpected is reported.
fn discover(content: &Path, show: &dyn Fn(&str) -> String, diags: &mut Diagnostics) -> Vec<Found> {
    let mut found = Vec::new();
    let mut walker = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                diags.file_error(&p, format!("无法读取: {e}"), None);
                continue;
            }
        };
        let rel_path = entry.path().strip_prefix(content).unwrap_or(entry.path());
        let parts: Vec<String> = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.is_empty() {
            continue;
        }
        let rel = parts.join("/");
        let is_dir = entry.file_type().is_dir();
        if parts.last().is_some_and(|p| p.starts_with('.')) {
            // Hidden files and folders (.git, editor backups) are not content. Inside villages/
            // a hidden folder may be a village or a period someone meant to publish: say so.
            if is_dir && parts[0] == "villages" {
                diags.push(Diagnostic {
                    severity: Severity::Warning,
                    file: show(&rel),
                    line: 0,
                    col: 0,
                    message: "以「.」开头的文件夹不会发布".into(),
                    hint: Some("要发布就去掉名字开头的「.」;不要发布就把它移出 villages/".into()),
                });
            }
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink() {
            diags.file_error(
                &show(&rel),
                "这是一个链接(快捷方式),不读取它指向的文件",
                Some(
                    "为防止把别处的文件公开出去,内容文件夹里只放真正的文件:把要公开的文件复制进来",
                ),
            );
            continue;
        }
        let p: Vec<&str> = parts.iter().map(String::as_str).collect();
        let unknown = |diags: &mut Diagnostics, hint: &str| {
            diags.push(Diagnostic {
                severity: Severity::Warning,
                file: show(&rel),
                line: 0,
                col: 0,
                message: "不认识的文件或文件夹,没有发布".into(),
                hint: Some(hint.into()),
            })
        };
        let mut push = |kind, village: Option<&str>, period| {
            found.push(Found {
                kind,
                path: entry.path().to_path_buf(),
                rel: rel.clone(),
                village: village.map(str::to_string),
                period,
            })
        };
        match (p.as_slice(), is_dir) {
            (["site.yaml"], false) => push(Kind::Site, None, None),
            ([name], false) if *name == record::REGISTER_FILE => push(Kind::Register, None, None),
            ([dir, rest @ ..], true) if *dir == record::ARCHIVE_DIR => {
                let known = match rest {
                    [] => true,
                    [slug] => valid_slug(slug),
                    [slug, period] => valid_slug(slug) && PeriodId::parse(period).is_some(),
                    [slug, period, version] => {
                        valid_slug(slug)
                            && PeriodId::parse(period).is_some()
                            && record::parse_version(version).is_some()
                    }
                    _ => false,
                };
                if !known {
                    unknown(diags, ARCHIVE_HINT);
                    walker.skip_current_dir();
                }
            }
            ([dir, ..], false) if *dir == record::ARCHIVE_DIR => {
                let kind = match record::archive_place(&rel).map(|(.., file)| file) {
                    Some("accounts.yaml") => Kind::Accounts,
                    Some("performance.yaml") => Kind::Performance,
                    Some("conduct.yaml") => Kind::Conduct,
                    Some("notes.md") => Kind::Notes,
                    _ => {
                        unknown(diags, ARCHIVE_HINT);
                        continue;
                    }
                };
                // Neither village nor period: an archived file is no part of the books.
                push(kind, None, None);
            }
            (["villages"], true) => {}
            (["villages", slug], true) => {
                if !valid_slug(slug) {
                    diags.file_error(
                        &show(&rel),
                        format!("村文件夹名「{slug}」不能用作网址"),
                        Some("文件夹名只用小写拼音字母、数字和连字符,如 dongshan"),
                    );
                }
            }
            (["villages", slug, "village.yaml"], false) => push(Kind::Village, Some(slug), None),
            (["villages", _, dir], true) => {
                if PeriodId::parse(dir).is_none() {
                    diags.file_error(
                        &show(&rel),
                        format!("期间文件夹名「{dir}」不对"),
                        Some("写成 年份-q季度,如 2025-q3"),
                    );
                }
            }
            (["villages", slug, dir, file], false) => {
                let Some(pid) = PeriodId::parse(dir) else {
                    continue;
                };
                let kind = match *file {
                    "accounts.yaml" => Kind::Accounts,
                    "performance.yaml" => Kind::Performance,
                    "conduct.yaml" => Kind::Conduct,
                    "notes.md" => Kind::Notes,
                    _ => {
                        unknown(diags, "期间文件夹里只放 accounts.yaml、performance.yaml、conduct.yaml、notes.md");
                        continue;
                    }
                };
                push(kind, Some(slug), Some(pid));
            }
            (_, true) if p.len() <= 3 && p[0] == "villages" => {}
            _ => unknown(
                diags,
                "见 docs/format.md 的文件夹结构;文件名要全小写,扩展名 .yaml",
            ),
        }
    }
    found
}

const ARCHIVE_HINT: &str = "published/ 里是已公开各期的存档,由 sanshai publish 和 sanshai correct 写入,结构是 published/<村>/<季度>/<版本号>/,不要放别的文件";

pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

/// The digits of every phone `site.yaml` and the village files publish on purpose.
fn published_phones<'a>(parsed: impl Iterator<Item = &'a Parsed>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for p in parsed {
        let phones: Vec<&str> = match p {
            Parsed::Site(s) => s
                .supervision_phones
                .iter()
                .chain(&s.service_phones)
                .map(|x| x.phone.as_str())
                .collect(),
            Parsed::Village(v) => v
                .cadres
                .iter()
                .map(|c| c.phone.as_str())
                .chain(v.leaders.iter().map(|l| l.phone.as_str()))
                .collect(),
            _ => Vec::new(),
        };
        out.extend(
            phones
                .into_iter()
                .map(privacy::digits_of)
                .filter(|d| !d.is_empty()),
        );
    }
    out
}

fn parse_file(
    id: FileId,
    f: &Found,
    display: &str,
    published: &BTreeSet<String>,
) -> (SourceFile, Parsed, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut source = SourceFile {
        display: display.to_string(),
        rel: f.rel.clone(),
        spans: Tree::default(),
        sha256: [0; 32],
        text_sha256: [0; 32],
    };
    let bytes = match std::fs::read(&f.path) {
        Ok(b) => b,
        Err(e) => {
            diags.file_error(display, format!("无法读取文件: {e}"), None);
            return (source, Parsed::Failed, diags);
        }
    };
    (source.sha256, source.text_sha256) = crate::calc::digest::file_hashes(&bytes);
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            diags.file_error(
                display,
                "文件不是 UTF-8 编码",
                Some("用记事本打开,「另存为」时编码选 UTF-8"),
            );
            return (source, Parsed::Failed, diags);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if f.kind == Kind::Notes {
        let text = personal::mask_notes(text, display, published, &mut diags);
        return (source, Parsed::Notes(text), diags);
    }
    source.spans = match tree::parse(text, display) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return (source, Parsed::Failed, diags);
        }
    };
    if f.kind == Kind::Register {
        let r = register::read(id, display, &mut source.spans, published, &mut diags);
        source.spans.keep_positions_only();
        let parsed = r.map_or(Parsed::Failed, |r| Parsed::Register(Box::new(r)));
        return (source, parsed, diags);
    }
    let skip: &[&str] = match f.kind {
        Kind::Site | Kind::Village => personal::PUBLISHED_KEYS,
        _ => &[],
    };
    personal::mask_tree(&mut source.spans, display, skip, published, &mut diags);
    let mut ctx = FileCtx {
        id,
        display,
        tree: &source.spans,
        diags,
    };
    let parsed = read_doc(f.kind, id, &mut ctx);
    let diags = std::mem::take(&mut ctx.diags);
    source.spans.keep_positions_only();
    (source, parsed.unwrap_or(Parsed::Failed), diags)
}

/// Reads one document section by section. The keys a document may hold are the ones asked
/// for here, in the order of docs/format.md; any other key is reported by `finish`.
fn read_doc(kind: Kind, id: FileId, ctx: &mut FileCtx) -> Option<Parsed> {
    let root = ctx.root_mapping()?;
    let errors_before = ctx.diags.error_count();
    let parsed = match kind {
        // site.yaml is small and read whole: its struct rejects unknown keys itself.
        Kind::Site => Parsed::Site(Box::new(ctx.read(root, "")?)),
        Kind::Village => {
            let mut doc = Doc::new(ctx, root);
            let v = VillageFile {
                name: doc.field("name", true).unwrap_or_default(),
                intro: doc.field("intro", false).unwrap_or_default(),
                cadres: doc.plain_list("cadres"),
                supervisors: doc.plain_list("supervisors"),
                funds: doc.plain_list("funds"),
                grid: doc.plain_list("grid"),
                reception_day: doc.field("reception_day", false).unwrap_or_default(),
                reception_place: doc.field("reception_place", false).unwrap_or_default(),
                leaders: doc.plain_list("leaders"),
                schedules: doc.list("schedules"),
                holidays: doc.plain_list("holidays"),
            };
            doc.finish();
            if ctx.diags.error_count() > errors_before {
                return None;
            }
            Parsed::Village(Box::new(v))
        }
        Kind::Accounts => {
            let mut doc = Doc::new(ctx, root);
            let mut a = AccountsFile {
                opening: doc.field("opening", true).unwrap_or_default(),
                closing: doc.field("closing", true).unwrap_or_default(),
                income: entries::expand(doc.list("income"), &mut doc),
                expenses: entries::expand(doc.list("expenses"), &mut doc),
                transfers: doc.list("transfers"),
                pass_through: doc.list("pass_through"),
                assets: doc.field("assets", false).unwrap_or_default(),
                special: doc.field("special", false).unwrap_or_default(),
                review: doc.field("review", true),
                file: id,
                incomplete: false,
            };
            doc.finish();
            a.incomplete = ctx.diags.error_count() > errors_before;
            Parsed::Accounts(Box::new(a))
        }
        Kind::Performance => {
            let mut doc = Doc::new(ctx, root);
            let p = PerformanceFile {
                work: doc.list("work"),
                problems: doc.plain_list("problems"),
                goals: doc.list("goals"),
                requests: doc.list("requests"),
                visits: doc.list("visits"),
                must_visit: doc.list("must_visit"),
                evaluation: doc.field("evaluation", false),
                file: id,
            };
            doc.finish();
            Parsed::Performance(Box::new(p))
        }
        Kind::Conduct => {
            let mut doc = Doc::new(ctx, root);
            let survey_date = match doc.field::<String>("survey_date", true) {
                Some(text) => match crate::model::parse_date(&text) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        let pos = doc.pos_of("survey_date");
                        doc.error_at(pos, e, Some("写成 2025-06-20".into()));
                        None
                    }
                },
                None => None,
            };
            let c = ConductFile {
                survey_date,
                surveyed: doc.field("surveyed", false).unwrap_or_default(),
                cadres: doc.list("cadres"),
                file: id,
            };
            doc.finish();
            Parsed::Conduct(Box::new(c))
        }
        // Notes are Markdown and never reach here (see `parse_file`).
        Kind::Notes => return None,
        // The register is read by `register::read` (see `parse_file`).
        Kind::Register => return None,
    };
    Some(parsed)
}
