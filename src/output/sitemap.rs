//! `sitemap.xml` and `robots.txt`, so that search engines find every village and period page
//! (a villager searching "东山村 财务公开" should land on the notice).
//!
//! Both need absolute addresses, so they are made only when the site has a base URL; without
//! one the build warns and makes neither. The sitemap lists the town page, the data index,
//! each village page with its data index, and each period page with the day its notice was
//! posted as `lastmod` (from the data, never the clock); printed versions are left out, as
//! they repeat the period pages. Addresses are sorted, so the same content gives the same file.
//! `robots.txt` allows everything and names the sitemap; crawlers read it only at the root of
//! a host, so it matters when the base URL is a host's root.

use super::feed::xml_text;
use super::{charts::escape_xml, OutFile, Output, Site};

/// Every address of the sitemap with its last-modified day (`None` for pages that gather
/// several periods), sorted by address.
pub fn sitemap_urls(site: &Site) -> Vec<(String, Option<String>)> {
    let r = site.report;
    if r.site.base_url.is_empty() {
        return Vec::new();
    }
    let base = format!("{}/", r.site.base_url.trim_end_matches('/'));
    let mut urls = vec![(base.clone(), None), (format!("{base}data.html"), None)];
    for v in &r.village_reports {
        urls.push((format!("{base}{}/", v.slug), None));
        urls.push((format!("{base}{}/data.html", v.slug), None));
        for p in &v.period_reports {
            urls.push((
                format!("{base}{}/{}/", v.slug, p.period.slug),
                Some(p.published_on.to_string()),
            ));
        }
    }
    urls.sort();
    urls
}

fn sitemap_xml(urls: &[(String, Option<String>)]) -> Vec<u8> {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in urls {
        out.push_str(&format!(" <url><loc>{}</loc>", escape_xml(&xml_text(loc))));
        if let Some(day) = lastmod {
            out.push_str(&format!("<lastmod>{day}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

/// `sitemap.xml` and `robots.txt`.
pub struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap.xml"
    }

    fn files(&self, site: &Site) -> Result<Vec<OutFile>, String> {
        let base = &site.report.site.base_url;
        if base.is_empty() {
            return Ok(Vec::new());
        }
        let sitemap = format!("{}/sitemap.xml", base.trim_end_matches('/'));
        let robots = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            xml_text(&sitemap)
        );
        Ok(vec![
            ("sitemap.xml".into(), sitemap_xml(&sitemap_urls(site))),
            ("robots.txt".into(), robots.into_bytes()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_escaped() {
        let xml = sitemap_xml(&[
            ("https://a.cn/x&y/".into(), None),
            ("https://a.cn/v/2025-q3/".into(), Some("2025-10-08".into())),
        ]);
        let text = String::from_utf8(xml).unwrap();
        assert!(
            text.contains("<loc>https://a.cn/x&amp;y/</loc></url>"),
            "{text}"
        );
        assert!(text.contains("<loc>https://a.cn/v/2025-q3/</loc><lastmod>2025-10-08</lastmod>"));
    }
}
