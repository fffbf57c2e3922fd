//! `sanshai build` of a county: towns built a few at a time and streamed into the staging
//! folder, unchanged towns taken over from the published site, then the county page.
//!
//! For each town the fingerprint of its inputs ([`super::inputs`]) is compared with the one
//! recorded by the build that made the published site. When they match and the published site
//! has the town's folder, the folder is linked into the new site as it is and the town's row
//! for the county page comes from the record; otherwise the town is loaded, checked, derived,
//! rendered and written (each file it makes that is byte for byte the published one is linked
//! rather than written). Either way the new site is the one a clean build makes: the record
//! is only believed for a town whose every input is unchanged.
//!
//! A site this program made, with a record, is updated town by town
//! ([`crate::write::with_staged_parts`]): an unchanged town's folder stays where it is (no
//! file of it is touched), each rebuilt town is swapped in with one exchange of folders, then
//! the county page and the record. So a rebuild after one edit costs that town, not the
//! county (a whole-site swap had to link and later remove every file of every town). The
//! first build, or one over a site without a usable record, makes and swaps the whole site.

use super::inputs::{self, Record, UnitRecord, RECORD_FILE};
use super::read_county;
use crate::build::{load_theme, make_town, Options, Report};
use crate::derive::county::county_report;
use crate::diag::Diagnostics;
use crate::model::county::TOWNS_DIR;
use rayon::prelude::*;

/// What became of one town.
enum Made {
    /// Taken over from the published site.
    Kept(UnitRecord),
    /// Built now.
    Built(UnitRecord, Diagnostics),
    Failed(Diagnostics),
}

/// Builds the county in `opts.content` into `opts.output`.
pub fn build(opts: &Options) -> Result<Report, Diagnostics> {
    let (county, mut diags) = read_county(&opts.content);
    let Some(county) = county.filter(|_| !diags.has_errors()) else {
        return Err(diags);
    };
    let theme = load_theme(opts.theme.as_deref())?;
    let base = opts
        .base_url
        .clone()
        .or_else(|| Some(county.file.base_url.clone()).filter(|u| !u.is_empty()));
    if let Some(url) = &base {
        if let Some(problem) = crate::validate::base_url_problem(url) {
            diags.file_error("--base-url", problem, None);
            return Err(diags);
        }
    }
    let shared = inputs::shared(&theme, &county.bytes, base.as_deref());
    let old = Record::read(&opts.output);
    let gone: Vec<&str> = old
        .units
        .keys()
        .filter(|t| !county.towns.contains(t))
        .map(String::as_str)
        .collect();
    if !opts.allow_removal && !gone.is_empty() {
        diags.file_error(
            &opts.output.display().to_string(),
            format!(
                "这次生成会撤下网站上已经公开的 {} 个镇: {}",
                gone.len(),
                gone.join("、")
            ),
            Some("已公开的内容不应悄悄消失:检查 towns/ 里这些镇的文件夹是否被误删或改了名;确实要撤下时加 --allow-removal"),
        );
        return Err(diags);
    }
    let up = crate::derive::town::CountyLink {
        title: county.file.title.clone(),
        href: "../index.html".into(),
    };
    let mut content_problems = None;
    // A site this program made with a record of its towns is updated town by town (only the
    // towns rebuilt are written and swapped in); otherwise the whole site is made and swapped.
    let by_town = crate::write::is_ours(&opts.output) && !old.units.is_empty();
    let fill = |stage: &crate::write::Staging| {
        let made: Vec<(String, Made)> = county
            .towns
            .par_iter()
            .map(|slug| {
                let made = town(
                    opts,
                    slug,
                    base.as_deref(),
                    &theme,
                    &shared,
                    &old,
                    stage,
                    by_town,
                    &up,
                );
                (slug.clone(), made)
            })
            .collect();
        let mut record = Record::new();
        let mut problems = Diagnostics::new();
        let mut rows = Vec::new();
        for (slug, m) in made {
            match m {
                Made::Kept(r) => {
                    rows.push(r.row.clone());
                    record.units.insert(slug, r);
                }
                Made::Built(r, w) => {
                    problems.extend(w);
                    rows.push(r.row.clone());
                    record.units.insert(slug, r);
                }
                Made::Failed(d) => problems.extend(d),
            }
        }
        if problems.has_errors() {
            content_problems = Some(problems);
            return Err(String::new()); // nothing is swapped in
        }
        let report = county_report(&county.file, rows);
        let files = crate::output::county::county_files(&report, &theme)?;
        stage.put_all("", &files)?;
        stage.put(RECORD_FILE, &record.to_bytes())?;
        Ok((record, files.len(), problems))
    };
    let written = if by_town {
        let gone: Vec<String> = gone.iter().map(|t| t.to_string()).collect();
        crate::write::with_staged_parts(&opts.output, &gone, fill)
    } else {
        crate::write::with_staging(&opts.output, &[], fill)
    };
    let (record, county_files, warnings) = match (written, content_problems) {
        (Ok(w), _) => w,
        (Err(_), Some(mut d)) => {
            diags.extend(std::mem::take(&mut d));
            return Err(diags);
        }
        (Err(e), None) => {
            diags.file_error(&opts.output.display().to_string(), e, None);
            return Err(diags);
        }
    };
    diags.extend(warnings);
    let units = record.units.values();
    Ok(Report {
        pages: units.clone().map(|u| u.pages).sum::<usize>() + 1,
        files: units.map(|u| u.files).sum::<usize>() + county_files + 1,
        warnings: diags,
    })
}

/// Takes over or builds one town into `<slug>/` of the staging folder.
#[allow(clippy::too_many_arguments)]
fn town(
    opts: &Options,
    slug: &str,
    base: Option<&str>,
    theme: &crate::output::Theme,
    shared: &[u8; 32],
    old: &Record,
    stage: &crate::write::Staging,
    by_town: bool,
    county: &crate::derive::town::CountyLink,
) -> Made {
    let dir = opts.content.join(TOWNS_DIR).join(slug);
    let fail = |e: String| {
        let mut d = Diagnostics::new();
        d.file_error(&opts.output.join(slug).display().to_string(), e, None);
        Made::Failed(d)
    };
    // Files' stats first (no file read); their bytes when the stats changed or are unknown.
    let stats = inputs::stats(shared, &dir).unwrap_or_default();
    let before = old.units.get(slug);
    let same_stats = before.is_some_and(|b| !stats.is_empty() && b.stats == stats);
    let fingerprint = match before {
        Some(b) if same_stats => b.inputs.clone(),
        _ => inputs::unit(shared, &dir).unwrap_or_default(),
    };
    if let Some(before) = before {
        if !fingerprint.is_empty() && before.inputs == fingerprint {
            if by_town {
                // The town's folder stays where it is, when nothing changed it since.
                let now = crate::write::tree_stats(&opts.output.join(slug));
                if !before.output.is_empty() && now.as_deref() == Some(before.output.as_str()) {
                    let mut kept = before.clone();
                    kept.stats = stats;
                    return Made::Kept(kept);
                }
            } else {
                match stage.link_dir(slug, &before.output) {
                    Ok(true) => {
                        let mut kept = before.clone();
                        kept.stats = stats;
                        return Made::Kept(kept);
                    }
                    Ok(false) => {}
                    Err(e) => return fail(e),
                }
            }
        }
    }
    let town_base = base.map(|b| format!("{}/{slug}/", b.trim_end_matches('/')));
    let published = stage
        .old_site()
        .map(|o| o.join(slug))
        .unwrap_or_else(|| opts.output.join(slug));
    match make_town(
        &dir,
        Some(county),
        town_base.as_deref(),
        theme,
        &published,
        opts.allow_removal,
    ) {
        Ok(made) => {
            if let Err(e) = stage.put_all(slug, &made.files) {
                return fail(e);
            }
            let pages = made
                .files
                .iter()
                .filter(|(p, _)| p.ends_with(".html"))
                .count();
            let output = stage.stats_of(slug).unwrap_or_default();
            Made::Built(
                UnitRecord {
                    inputs: fingerprint,
                    stats,
                    output,
                    row: made.row,
                    pages,
                    files: made.files.len(),
                },
                made.warnings,
            )
        }
        Err(d) => Made::Failed(d),
    }
}
