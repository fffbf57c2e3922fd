//! Indexes of the data packages: `data.json`, the whole town in one file for tools (villages,
//! periods, headline figures, fingerprints and where each package is), and two pages for
//! people, `data.html` (every village) and `<村>/data.html` (one village), listing each period
//! with links to its files.
//!
//! In `data.json` amounts are strings of yuan with two decimals (`"12345.60"`), so that no
//! reader turns them into binary floating point; rates are integers in per mille; paths are
//! relative to the site root, so the file works with or without a base URL.

use super::{package_dir, period_files, DataFile};
use crate::derive::period::{cn_date, PeriodReport};
use crate::derive::village::VillageReport;
use crate::money::Money;
use crate::output::{per_village, render_page, OutFile, Output, Site};
use serde::Serialize;

#[derive(Serialize)]
struct TownData<'a> {
    generator: String,
    town: &'a str,
    county: &'a str,
    title: &'a str,
    publisher: &'a str,
    base_url: &'a str,
    /// How the file writes amounts and rates, for whoever reads it.
    units: &'static str,
    ranking: Option<Ranking<'a>>,
    villages: Vec<VillageData<'a>>,
}

#[derive(Serialize)]
struct Ranking<'a> {
    period: &'a str,
    label: &'a str,
    villages: Vec<RankData<'a>>,
}

#[derive(Serialize)]
struct RankData<'a> {
    rank: Option<usize>,
    village: &'a str,
    name: &'a str,
    published: bool,
    score: Option<&'a str>,
    rating: Option<&'a str>,
    flag_reason: Option<&'a str>,
}

#[derive(Serialize)]
struct VillageData<'a> {
    slug: &'a str,
    name: &'a str,
    page: String,
    data_page: String,
    /// Oldest first.
    periods: Vec<PeriodData<'a>>,
}

#[derive(Serialize)]
struct PeriodData<'a> {
    period: &'a str,
    label: &'a str,
    published_on: String,
    page: String,
    notice: String,
    package: String,
    fingerprint: &'a str,
    accounts: Option<AccountsData>,
    performance: Option<PerformanceData<'a>>,
    conduct: Option<ConductData>,
}

#[derive(Serialize)]
struct AccountsData {
    income: String,
    expense: String,
    opening: String,
    closing: String,
    entries: usize,
}

#[derive(Serialize)]
struct PerformanceData<'a> {
    requests_received: usize,
    requests_resolved: usize,
    resolution_permille: u32,
    score: Option<&'a str>,
    rating: Option<&'a str>,
}

#[derive(Serialize)]
struct ConductData {
    cadres: usize,
    respondents: u32,
    satisfaction_permille: u32,
}

fn money(m: Money) -> String {
    m.decimal()
}

fn period_data(p: &PeriodReport) -> PeriodData<'_> {
    let base = format!("{}/{}", p.village_slug, p.period.slug);
    PeriodData {
        period: &p.period.slug,
        label: &p.period.label,
        published_on: p.published_on.to_string(),
        page: format!("{base}/index.html"),
        notice: format!("{base}/print.html"),
        package: format!(
            "{}/datapackage.json",
            package_dir(&p.village_slug, &p.period.slug)
        ),
        fingerprint: &p.fingerprint,
        accounts: p.summary.as_ref().map(|s| AccountsData {
            income: money(s.income),
            expense: money(s.expense),
            opening: money(s.opening),
            closing: money(s.closing),
            entries: s.entry_count,
        }),
        performance: p.performance.as_ref().map(|x| PerformanceData {
            requests_received: x.counts.received,
            requests_resolved: x.counts.resolved,
            resolution_permille: x.counts.resolution_permille,
            score: x.evaluation.as_ref().map(|e| e.score.as_str()),
            rating: x.evaluation.as_ref().map(|e| e.result),
        }),
        conduct: p.conduct.as_ref().map(|c| ConductData {
            cadres: c.cadres.len(),
            respondents: c.overall.respondents,
            satisfaction_permille: c.overall.satisfaction_permille,
        }),
    }
}

fn town_data<'a>(site: &'a Site) -> TownData<'a> {
    let r = site.report;
    TownData {
        generator: format!("sanshai {}", env!("CARGO_PKG_VERSION")),
        town: &r.site.town,
        county: &r.site.county,
        title: &r.site.title,
        publisher: &r.site.publisher,
        base_url: &r.site.base_url,
        units: "金额为元，写成两位小数的字符串（如 \"12345.60\"）；比率为千分比整数（permille）；路径相对于网站根目录",
        ranking: r.latest.as_ref().map(|p| Ranking {
            period: &p.slug,
            label: &p.label,
            villages: r
                .ranking
                .iter()
                .map(|x| RankData {
                    rank: x.rank,
                    village: &x.slug,
                    name: &x.name,
                    published: x.published,
                    score: x.score.as_deref(),
                    rating: x.rating,
                    flag_reason: x.flag_reason,
                })
                .collect(),
        }),
        villages: r
            .village_reports
            .iter()
            .map(|v| VillageData {
                slug: &v.slug,
                name: &v.name,
                page: format!("{}/index.html", v.slug),
                data_page: format!("{}/data.html", v.slug),
                periods: v.period_reports.iter().map(period_data).collect(),
            })
            .collect(),
    }
}

/// A data index page: one village's periods, or every village's.
#[derive(Serialize)]
struct IndexPage<'a> {
    /// The village of a village's page; `None` on the town's.
    village: Option<VillageLink<'a>>,
    villages: Vec<IndexVillage<'a>>,
}

#[derive(Serialize)]
struct VillageLink<'a> {
    slug: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct IndexVillage<'a> {
    slug: &'a str,
    name: &'a str,
    /// Newest first, as the village page lists them.
    periods: Vec<IndexPeriod<'a>>,
}

#[derive(Serialize)]
struct IndexPeriod<'a> {
    slug: &'a str,
    label: &'a str,
    published_on: String,
    files: Vec<DataFile>,
}

fn index_village(v: &VillageReport) -> IndexVillage<'_> {
    IndexVillage {
        slug: &v.slug,
        name: &v.name,
        periods: v
            .period_reports
            .iter()
            .rev()
            .map(|p| IndexPeriod {
                slug: &p.period.slug,
                label: &p.period.label,
                published_on: cn_date(p.published_on),
                files: period_files(p),
            })
            .collect(),
    }
}

/// `data.json`, `data.html` and `<村>/data.html`.
pub struct DataIndex;

impl Output for DataIndex {
    fn name(&self) -> &'static str {
        "公开数据目录"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        let r = site.report;
        let mut json = serde_json::to_vec_pretty(&town_data(site)).map_err(|e| e.to_string())?;
        json.push(b'\n');
        let town_page = IndexPage {
            village: None,
            villages: r.village_reports.iter().map(index_village).collect(),
        };
        let mut files = vec![
            ("data.json".to_string(), json),
            render_page(site.tera, "data.html".into(), "data.html", &town_page, None)?,
        ];
        files.extend(per_village(&r.village_reports, |_, v| {
            let page = IndexPage {
                village: Some(VillageLink {
                    slug: &v.slug,
                    name: &v.name,
                }),
                villages: vec![index_village(v)],
            };
            Ok(vec![render_page(
                site.tera,
                format!("{}/data.html", v.slug),
                "data.html",
                &page,
                None,
            )?])
        })?);
        Ok(files)
    }
}
