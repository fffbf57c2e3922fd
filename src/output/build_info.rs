//! `build-info.json`: what this build published — for each village period its page, its
//! notice and its data fingerprint — so that anyone (or a script) can check which version of
//! the books a site and the papers on the boards came from. No timestamps: the same content
//! gives the same file.

use super::{OutFile, Output, Site};
use serde::Serialize;

#[derive(Serialize)]
struct BuildInfoFile<'a> {
    generator: String,
    town: &'a str,
    /// The register of publications when this site was built: how many records, and the
    /// last one's hash ("" when nothing is recorded). The next build refuses a register that
    /// no longer holds this record (see `build::build`).
    register: Register<'a>,
    periods: Vec<PeriodEntry<'a>>,
}

#[derive(Serialize)]
struct Register<'a> {
    records: usize,
    head: &'a str,
}

#[derive(Serialize)]
struct PeriodEntry<'a> {
    village: &'a str,
    village_name: &'a str,
    period: &'a str,
    label: &'a str,
    page: String,
    notice: String,
    fingerprint: &'a str,
    /// The version in the register (0 when not recorded); earlier versions' pages.
    version: u32,
    old_versions: Vec<String>,
}

pub struct BuildInfo;

impl Output for BuildInfo {
    fn name(&self) -> &'static str {
        "build-info.json"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        let r = site.report;
        let periods = r
            .village_reports
            .iter()
            .flat_map(|v| v.period_reports.iter())
            .map(|p| PeriodEntry {
                village: &p.village_slug,
                village_name: &p.village_name,
                period: &p.period.slug,
                label: &p.period.label,
                page: format!("{}/{}/index.html", p.village_slug, p.period.slug),
                notice: format!("{}/{}/print.html", p.village_slug, p.period.slug),
                fingerprint: &p.fingerprint,
                version: p.record.version,
                old_versions: (1..p.record.version)
                    .map(|n| {
                        crate::derive::corrections::version_path(&p.village_slug, p.period.id, n)
                    })
                    .collect(),
            })
            .collect();
        let file = BuildInfoFile {
            generator: format!("sanshai {}", env!("CARGO_PKG_VERSION")),
            town: &r.site.town,
            register: Register {
                records: r.site.register.count,
                head: &r.site.register.head,
            },
            periods,
        };
        let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
        bytes.push(b'\n');
        Ok(vec![("build-info.json".into(), bytes)])
    }
}
