//! The earlier versions of corrected periods (更正前的版本): `<村>/<期>/v<n>/index.html` and
//! its notice `print.html`, laid out with the same templates as the current period, so a
//! villager can put the paper that was on the board next to what replaced it. Each page says at
//! its top that it is an earlier version and links to the current one (the banner is in the
//! report: see `derive::corrections`).

use super::notice::print_page;
use super::{per_village, render_value, OutFile, Output, PeriodArt, Site};

pub struct OldVersions;

impl Output for OldVersions {
    fn name(&self) -> &'static str {
        "更正前的版本"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        let town = &site.report.site;
        per_village(&site.report.village_reports, |_, v| {
            let mut out = Vec::with_capacity(2 * v.old_versions.len());
            for old in &v.old_versions {
                let r = &old.report;
                let dir = format!("{}/{}/{}", v.slug, r.period.slug, old.dir);
                let print = format!("{dir}/print.html");
                let art = PeriodArt::draw(site.tera, town, r, &print)?;
                out.push(render_value(
                    site.tera,
                    &format!("{dir}/index.html"),
                    "period.html",
                    art.page.clone(),
                    None,
                )?);
                out.push(render_value(
                    site.tera,
                    &print,
                    "print.html",
                    print_page(&art, town.paper)?,
                    None,
                )?);
            }
            Ok(out)
        })
    }
}
