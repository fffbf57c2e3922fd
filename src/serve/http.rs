//! The preview's HTTP side: every request is answered from the newest [`Snapshot`] of the
//! site in memory (the disk is never read, so no path can reach a file outside the site), and
//! `/_sanshai/events` tells open pages to reload.

use super::pages::{self, Target, EVENTS, LAST_GOOD, OWN};
use crate::diag::Diagnostic;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// The site and its messages as one version; each change publishes a new one.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Goes up whenever what pages show changed: open pages reload.
    pub generation: u64,
    /// The last good site.
    pub files: SiteFiles,
    /// Files of `files` that are being rendered again: requests for them wait.
    pub pending: BTreeSet<String>,
    /// Top folders of the site not in memory now (a county's closed towns): a request for a
    /// file in one asks for it to be rendered and waits.
    pub closed: BTreeSet<String>,
    /// Every problem of the content now, sorted.
    pub problems: Vec<Diagnostic>,
    pub errors: usize,
}

pub type Snapshots = watch::Receiver<Arc<Snapshot>>;

/// The site's files by top folder (a village, `print`, `static`, or `""` for the files at the
/// top). A new version shares every folder it did not change with the one before, so that
/// publishing a saved change costs the folders it touched, not the whole site (tens of
/// thousands of files on a large county).
#[derive(Debug, Default, Clone)]
pub struct SiteFiles {
    folders: BTreeMap<String, Arc<BTreeMap<String, Bytes>>>,
    len: usize,
}

impl SiteFiles {
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.folders.get(top(path))?.get(path)
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Sets `path` to `bytes`, or removes it.
    pub fn set(&mut self, path: &str, bytes: Option<&Bytes>) {
        let folder = self.folders.entry(top(path).to_string()).or_default();
        let folder = Arc::make_mut(folder);
        let had = match bytes {
            Some(b) => folder.insert(path.to_string(), b.clone()).is_some(),
            None => folder.remove(path).is_some(),
        };
        match (had, bytes.is_some()) {
            (false, true) => self.len += 1,
            (true, false) => self.len -= 1,
            _ => {}
        }
    }
}

impl<'a> FromIterator<(&'a String, &'a Bytes)> for SiteFiles {
    fn from_iter<I: IntoIterator<Item = (&'a String, &'a Bytes)>>(files: I) -> SiteFiles {
        let mut out = SiteFiles::default();
        for (path, bytes) in files {
            out.set(path, Some(bytes));
        }
        out
    }
}

fn top(path: &str) -> &str {
    path.split_once('/').map_or("", |(t, _)| t)
}

/// How long a request for a file being rendered again waits before it gets the old one.
const PENDING_WAIT: Duration = Duration::from_secs(60);

/// Asks for a closed top folder (see [`Snapshot::closed`]) to be rendered.
pub type Ask = Arc<dyn Fn(String) + Send + Sync>;

#[derive(Clone)]
struct Served {
    snapshots: Snapshots,
    ask: Ask,
}

pub fn router(snapshots: Snapshots, ask: Ask) -> Router {
    Router::new()
        .fallback(handle)
        .with_state(Served { snapshots, ask })
}

async fn handle(State(served): State<Served>, req: Request) -> Response {
    let Served { snapshots, ask } = served;
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "只支持 GET").into_response();
    }
    let raw = req.uri().path().to_string();
    if raw == EVENTS {
        let since = req
            .uri()
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("v=")))
            .and_then(|v| v.parse().ok());
        return events(snapshots, since).into_response();
    }
    let (path, last_good) = match raw.strip_prefix(LAST_GOOD) {
        Some(rest) => (format!("/{rest}"), true),
        None if raw.starts_with(OWN) => return not_found(&snapshots.borrow(), false),
        None => (raw.clone(), false),
    };
    let folder = top(path.trim_start_matches('/')).to_string();
    let folder = if folder.is_empty() {
        path.trim_start_matches('/').to_string() // `/town` without its slash
    } else {
        folder
    };
    if snapshots.borrow().closed.contains(&folder) {
        ask(folder.clone());
        wait_until(&snapshots, |s| !s.closed.contains(&folder)).await;
    }
    let mut snap = snapshots.borrow().clone();
    let target = pages::resolve(&path, |p| snap.files.contains_key(p));
    if last_good && snap.errors == 0 && target != Target::NotFound {
        return redirect(&path); // no errors: the last good site is the site
    }
    // While there are errors every page shows them, also one the last good site lacks (a new
    // village's, or any page when no build has succeeded yet).
    let page_like = match &target {
        Target::File(f) => f.ends_with(".html"),
        _ => pages::looks_like_page(&path),
    };
    if page_like && snap.errors > 0 && !last_good {
        let has_site = !snap.files.is_empty();
        let page = pages::error_page(&snap.problems, &path, has_site, snap.generation);
        return html(StatusCode::OK, page.into_bytes());
    }
    let file = match target {
        Target::File(f) => f,
        Target::Slash => return redirect(&format!("{raw}/")),
        Target::NotFound => return not_found(&snap, last_good),
    };
    let is_html = file.ends_with(".html");
    if snap.pending.contains(&file) {
        snap = wait_for(snapshots, &file).await;
    }
    let Some(bytes) = snap.files.get(&file).cloned() else {
        return not_found(&snap, last_good);
    };
    if !is_html {
        return respond(StatusCode::OK, pages::content_type(&file), bytes);
    }
    let page = if last_good {
        let rel = path.trim_start_matches('/');
        pages::last_good_page(&bytes, snap.generation, snap.errors, rel)
    } else {
        pages::live_page(&bytes, snap.generation)
    };
    html(StatusCode::OK, page)
}

/// The newest snapshot once `file` is no longer pending (or after [`PENDING_WAIT`]).
async fn wait_for(snapshots: Snapshots, file: &str) -> Arc<Snapshot> {
    wait_until(&snapshots, |s| !s.pending.contains(file)).await;
    let snap = snapshots.borrow().clone();
    snap
}

/// Waits until the newest snapshot is `ready` (or [`PENDING_WAIT`] has passed).
async fn wait_until(snapshots: &Snapshots, ready: impl Fn(&Snapshot) -> bool) {
    let mut snapshots = snapshots.clone();
    let wait = async {
        loop {
            if ready(&snapshots.borrow_and_update()) {
                return;
            }
            if snapshots.changed().await.is_err() {
                return;
            }
        }
    };
    let _ = tokio::time::timeout(PENDING_WAIT, wait).await;
}

/// `reload` whenever the generation moves past `since` (the one the page was served from).
fn events(
    snapshots: Snapshots,
    since: Option<u64>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let stream =
        futures_util::stream::unfold((snapshots, since), |(mut snapshots, mut seen)| async move {
            loop {
                let now = snapshots.borrow_and_update().generation;
                match seen {
                    Some(s) if s != now => {
                        let event = Event::default().event("reload").data(now.to_string());
                        return Some((Ok(event), (snapshots, Some(now))));
                    }
                    _ => seen = Some(now),
                }
                if snapshots.changed().await.is_err() {
                    return None;
                }
            }
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn not_found(snap: &Snapshot, last_good: bool) -> Response {
    let page = match snap.files.get("404.html") {
        Some(b) if last_good => pages::last_good_page(b, snap.generation, snap.errors, ""),
        Some(b) => pages::live_page(b, snap.generation),
        None => {
            "<!DOCTYPE html><meta charset=\"utf-8\"><title>找不到</title><p>找不到这个页面。</p>"
                .as_bytes()
                .to_vec()
        }
    };
    html(StatusCode::NOT_FOUND, page)
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::TEMPORARY_REDIRECT.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn html(status: StatusCode, body: Vec<u8>) -> Response {
    respond(status, "text/html; charset=utf-8", Bytes::from(body))
}

fn respond(status: StatusCode, content_type: &'static str, body: Bytes) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // A preview always shows the newest version.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
