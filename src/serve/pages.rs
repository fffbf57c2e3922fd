//! What the preview server says besides the site's own files: which site file a request names
//! (and that it names nothing outside the site), the reload script added to pages while
//! previewing, and the Chinese error page shown in place of every page while the content has
//! errors.
//!
//! The reload script exists only here, added to each HTML response on its way out: the files
//! a build writes carry no JavaScript at all.

use crate::diag::{Diagnostic, Severity};

/// Prefix of the server's own addresses. Village folders are lowercase letters, digits and
/// `-`, and the theme's files sit under `static/`, so no site file starts with it.
pub const OWN: &str = "/_sanshai/";
/// Server-Sent Events: `reload` after each change.
pub const EVENTS: &str = "/_sanshai/events";
/// The last good site, served whole under this prefix while the content has errors (its
/// links are relative, so browsing it stays under the prefix).
pub const LAST_GOOD: &str = "/_sanshai/last-good/";

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A site file by its relative path (`dongshan/2025-q3/index.html`).
    File(String),
    /// A folder asked for without its trailing slash: redirect to `path/`.
    Slash,
    /// Nothing the site has (or a path that tries to leave the site).
    NotFound,
}

/// The site file named by a raw (still percent-encoded) request path, given which files
/// exist. Percent-escapes are decoded once; a path that decodes to a `..` or `.` segment, an
/// empty segment, a backslash, a control character or a hidden name is refused outright, so
/// nothing above or beside the site can be named however it is spelt.
pub fn resolve(raw: &str, exists: impl Fn(&str) -> bool) -> Target {
    let Some(rest) = raw.strip_prefix('/') else {
        return Target::NotFound;
    };
    let Some(decoded) = percent_decode(rest) else {
        return Target::NotFound;
    };
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return Target::NotFound;
    }
    let (dir, file) = match decoded.rsplit_once('/') {
        Some((d, f)) => (Some(d), f),
        None => (None, decoded.as_str()),
    };
    let segments: Vec<&str> = dir.into_iter().flat_map(|d| d.split('/')).collect();
    let bad = |s: &str| s.is_empty() || s.starts_with('.') || s.contains(':');
    if segments.iter().any(|s| bad(s)) || (!file.is_empty() && bad(file)) {
        return Target::NotFound;
    }
    let path = if file.is_empty() {
        format!("{decoded}index.html")
    } else {
        decoded.clone()
    };
    if exists(&path) {
        Target::File(path)
    } else if !file.is_empty() && exists(&format!("{decoded}/index.html")) {
        Target::Slash
    } else {
        Target::NotFound
    }
}

/// Whether a path the site does not have names a page (a folder or an `.html` file) rather
/// than a stylesheet, picture or data file, and does not try to leave the site.
pub fn looks_like_page(raw: &str) -> bool {
    if resolve(raw, |_| true) == Target::NotFound {
        return false;
    }
    let last = raw.rsplit('/').next().unwrap_or_default();
    last.is_empty() || last.ends_with(".html") || !last.contains('.')
}

/// `%XX` escapes decoded (once); `None` for a malformed escape or text that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// The script that reloads the page after each change. `generation` is the site's version the
/// page was served from: a page that connects after a newer one exists reloads at once.
fn reload_script(generation: u64) -> String {
    format!(
        "<script>/* sanshai serve: 保存后自动刷新(只在预览时有,生成的网站里没有) */\
         (function(){{var s=new EventSource(\"{EVENTS}?v={generation}\");\
         s.addEventListener(\"reload\",function(){{s.close();location.reload();}});}})();</script>"
    )
}

/// `html` with `extra` put just before `</body>` (or at the end).
fn insert_before_body_end(html: &[u8], extra: &str) -> Vec<u8> {
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A site page as the preview serves it: with the reload script.
pub fn live_page(html: &[u8], generation: u64) -> Vec<u8> {
    insert_before_body_end(html, &reload_script(generation))
}

/// A page of the last good site, served while the content has errors: a banner saying so.
pub fn last_good_page(html: &[u8], generation: u64, errors: usize, path: &str) -> Vec<u8> {
    let banner = format!(
        "<div style=\"position:fixed;left:0;right:0;bottom:0;z-index:99;background:#b00020;\
         color:#fff;font-size:18px;padding:10px 16px;text-align:center\">这是上一次没有错误时的网站。\
         内容现在有 {errors} 个错误,网站没有更新。<a style=\"color:#fff\" href=\"/{}\">查看错误</a></div>{}",
        escape(path),
        reload_script(generation)
    );
    insert_before_body_end(html, &banner)
}

/// The page shown in place of every page while the content has errors: each error as
/// `文件:行:列`, what is wrong and the hint, then the warnings; and a link to the same page of
/// the last good site (when there is one).
pub fn error_page(problems: &[Diagnostic], path: &str, has_site: bool, generation: u64) -> String {
    let errors: Vec<&Diagnostic> = problems
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let warnings: Vec<&Diagnostic> = problems
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    let item = |d: &Diagnostic| {
        let place = if d.line > 0 {
            format!("{}:{}:{}", d.file, d.line, d.col)
        } else {
            d.file.clone()
        };
        let hint = d.hint.as_deref().map_or(String::new(), |h| {
            format!("<div class=\"hint\">提示: {}</div>", escape(h))
        });
        format!(
            "<li><code>{}</code><div class=\"msg\">{}</div>{hint}</li>\n",
            escape(&place),
            escape(&d.message)
        )
    };
    let list = |ds: &[&Diagnostic]| ds.iter().map(|d| item(d)).collect::<String>();
    let last_good = if has_site {
        format!(
            "<p class=\"back\"><a href=\"{LAST_GOOD}{}\">查看上一次没有错误时的这一页 →</a></p>",
            escape(path.trim_start_matches('/'))
        )
    } else {
        "<p>还没有生成过没有错误的网站。</p>".to_string()
    };
    let warned = if warnings.is_empty() {
        String::new()
    } else {
        format!(
            "<details><summary>另有 {} 个警告(不影响生成)</summary><ol class=\"warn\">{}</ol></details>",
            warnings.len(),
            list(&warnings)
        )
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>内容有 {n} 个错误 - 三晒预览</title><style>{STYLE}</style></head><body>\
         <h1>内容有 {n} 个错误,网站没有更新</h1>\
         <p>按下面每条的文件、行、列找到并改正,保存后这一页会自动刷新。</p>\
         <ol>{}</ol>{last_good}{warned}{}</body></html>\n",
        list(&errors),
        reload_script(generation),
        n = errors.len(),
    )
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;\
font-size:18px;line-height:1.6;max-width:60em;margin:1em auto;padding:0 1em;color:#222}\
h1{color:#b00020;font-size:1.5em}li{margin:.8em 0}code{font-size:1em;background:#f3f3f3;\
padding:0 .3em;word-break:break-all}.msg{font-weight:bold}.hint{color:#555}\
.back a{font-size:1.1em}.warn .msg{font-weight:normal}";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(p: &str) -> bool {
        ["index.html", "dongshan/index.html", "static/style.css"].contains(&p)
    }

    #[test]
    fn request_paths_name_site_files_only() {
        assert_eq!(resolve("/", site), Target::File("index.html".into()));
        assert_eq!(
            resolve("/dongshan/", site),
            Target::File("dongshan/index.html".into())
        );
        assert_eq!(resolve("/dongshan", site), Target::Slash);
        assert_eq!(
            resolve("/static/style%2Ecss", site),
            Target::File("static/style.css".into())
        );
        for bad in [
            "/../Cargo.toml",
            "/dongshan/../index.html",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2Findex.html",
            "/dongshan/%2e%2e%2f%2e%2e%2fCargo.toml",
            "/..%5cCargo.toml",
            "/dongshan\\..\\index.html",
            "/%5c%5cserver%5cshare",
            "/C:/Windows/win.ini",
            "/./index.html",
            "//index.html",
            "/dongshan//index.html",
            "/.sanshai-site",
            "/%00index.html",
            "/%zz",
            "/%c0%ae%c0%ae/",
            "index.html",
        ] {
            assert_eq!(resolve(bad, |_| true), Target::NotFound, "{bad}");
        }
        // Decoded once: `%252e` is the text `%2e`, a name the site does not have.
        assert_eq!(resolve("/%252e%252e/index.html", site), Target::NotFound);
        assert!(looks_like_page("/new-village/") && looks_like_page("/a/b.html"));
        assert!(!looks_like_page("/static/x.css") && !looks_like_page("/../x/"));
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = live_page(b"<html><body><p>x</p></body></html>", 7);
        let page = String::from_utf8(page).unwrap();
        assert!(page.ends_with("</script></body></html>"), "{page}");
        assert!(page.contains("/_sanshai/events?v=7"));
    }

    #[test]
    fn the_error_page_lists_place_message_and_hint() {
        let d = Diagnostic {
            severity: Severity::Error,
            file: "content/villages/a/2025-q3/accounts.yaml".into(),
            line: 14,
            col: 10,
            message: "账户<对不上>".into(),
            hint: Some("核对期末".into()),
        };
        let page = error_page(&[d], "/a/2025-q3/", true, 1);
        assert!(page.contains("<code>content/villages/a/2025-q3/accounts.yaml:14:10</code>"));
        assert!(page.contains("账户&lt;对不上&gt;"));
        assert!(page.contains("提示: 核对期末"));
        assert!(page.contains("href=\"/_sanshai/last-good/a/2025-q3/\""));
        assert!(page.contains("内容有 1 个错误"));
    }
}
