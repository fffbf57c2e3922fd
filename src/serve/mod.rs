//! `sanshai serve`: a live preview for the accountant's desk. The site is built into memory
//! and served on this computer; after each save in `content/` (or the theme) the changed
//! pages are rendered again and every open page reloads itself. While the content has
//! errors, every page shows them (`文件:行:列`, what is wrong, the hint) with a link to the
//! last good version of the page.
//!
//! Pieces:
//! - [`Site`]: what is previewed, one town or a county of towns ([`county`]: one town preview
//!   per town folder and the county page);
//! - [`incremental`]: the site in memory and what a save changes in it (no HTTP, no watching);
//! - [`http`]: answers requests from the newest snapshot of the site, and sends `reload`
//!   events (Server-Sent Events) to open pages;
//! - [`pages`]: request paths → site files, the reload script (added to pages only while
//!   serving: built sites carry no JavaScript) and the error page;
//! - this module: the file watcher, the thread that applies changes, and the command.
//!
//! Why axum (on hyper and tokio) and not tiny_http: a preview keeps one long-lived event
//! stream open per open page, which an async server holds for nothing while a blocking one
//! ties up a thread each; axum has Server-Sent Events with keep-alive built in; and hyper and
//! tokio are the most used and most actively maintained HTTP stack in Rust, where tiny_http
//! has had one release in years. The cost is compile time, paid once.
//!
//! Why `notify` with `notify-debouncer-full`: an editor's save is several file-system events
//! (write, rename, a swap file); the debouncer gathers the events of one save and hands them
//! over together after [`DEBOUNCE`] of quiet, with their kinds, so that the preview's own
//! reading of files (access events) is told apart from writing.
//!
//! Only loopback (127.0.0.1) is served unless `--bind` says otherwise: the preview shows
//! content that is not yet public.

pub mod county;
mod http;
pub mod incremental;
pub mod pages;

pub use http::{SiteFiles, Snapshot};

use bytes::Bytes;
use county::CountyPreview;
use incremental::{Change, Preview};
use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Quiet time after the last file-system event of a save before the site is updated.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

/// The port tried when none is given; when it is taken, any free port is used.
pub const DEFAULT_PORT: u16 = 8000;

#[derive(Debug, Clone)]
pub struct Options {
    pub content: PathBuf,
    /// A theme folder laid over the built-in theme (watched too).
    pub theme: Option<PathBuf>,
    /// `None`: [`DEFAULT_PORT`], or any free port when it is taken. `Some(0)`: any free port.
    pub port: Option<u16>,
    pub bind: IpAddr,
    /// Print what happens (first build, each update) on standard error.
    pub verbose: bool,
}

/// What is previewed: one town, or a county of towns (a content folder with `county.yaml`).
pub enum Site {
    Town(Box<Preview>),
    County(Box<CountyPreview>),
}

impl Site {
    /// Opens the content folder as what it is.
    pub fn open(content: &std::path::Path, theme: Option<&std::path::Path>) -> Site {
        if crate::county::is_county(content) {
            Site::County(Box::new(CountyPreview::open(content, theme)))
        } else {
            Site::Town(Box::new(Preview::open(content, theme)))
        }
    }

    pub fn files(&self) -> &BTreeMap<String, Bytes> {
        match self {
            Site::Town(p) => p.files(),
            Site::County(c) => c.files(),
        }
    }

    pub fn problems(&self) -> crate::diag::Diagnostics {
        match self {
            Site::Town(p) => p.problems(),
            Site::County(c) => c.problems(),
        }
    }

    pub fn pending(&self) -> BTreeSet<String> {
        match self {
            Site::Town(p) => p.pending().clone(),
            Site::County(c) => c.pending(),
        }
    }

    pub fn watched(&self) -> Vec<PathBuf> {
        match self {
            Site::Town(p) => p.watched(),
            Site::County(c) => c.watched(),
        }
    }

    pub fn update(&mut self, changed: &[PathBuf]) -> Change {
        match self {
            Site::Town(p) => p.update(changed),
            Site::County(c) => c.update(changed),
        }
    }

    pub fn finish_step(&mut self) -> Option<Change> {
        match self {
            Site::Town(p) => p.finish_step(),
            Site::County(c) => c.finish_step(),
        }
    }

    /// Top folders not in memory now (a county's closed towns).
    pub fn closed(&self) -> BTreeSet<String> {
        match self {
            Site::Town(_) => BTreeSet::new(),
            Site::County(c) => c.closed(),
        }
    }

    /// Renders a closed town of a county into memory.
    pub fn open_town(&mut self, slug: &str) -> Change {
        match self {
            Site::Town(_) => Change::default(),
            Site::County(c) => c.open_town(slug),
        }
    }
}

/// What the worker is told: files were saved, or a closed town was asked for.
enum Msg {
    Saved(Vec<PathBuf>),
    Open(String),
}

/// A running preview; dropping it stops the server, the watcher and the worker.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    snapshots: http::Snapshots,
    runtime: Option<tokio::runtime::Runtime>,
    watcher: Option<Debouncer<RecommendedWatcher, RecommendedCache>>,
    /// The server's way to ask the worker for a closed town (emptied when stopping).
    asks: Arc<std::sync::Mutex<Option<mpsc::Sender<Msg>>>>,
    worker: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// The address to open in a browser.
    pub fn url(&self) -> String {
        let host = match self.addr.ip() {
            ip if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        format!("http://{host}:{}/", self.addr.port())
    }

    /// The newest snapshot (what a request would be answered from now).
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshots.borrow().clone()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Without the watcher and the server's sender the worker's channel closes and it ends.
        drop(self.watcher.take());
        if let Ok(mut asks) = self.asks.lock() {
            asks.take();
        }
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// Builds the site, starts serving and watching, and returns once requests are answered.
pub fn start(opts: &Options) -> Result<Running, String> {
    if !opts.content.is_dir() {
        return Err(format!(
            "找不到内容文件夹 {}(提示: 用 --content 指定放 site.yaml 和 villages/ 的文件夹)",
            opts.content.display()
        ));
    }
    let listener = bind(opts)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let preview = Site::open(&opts.content, opts.theme.as_deref());
    let whole = Change {
        whole: true,
        ..Change::default()
    };
    let first = snapshot(&preview, 1, &SiteFiles::default(), &whole);
    if opts.verbose {
        eprint!("{}", preview.problems().report());
        let what = if first.closed.is_empty() {
            format!("已生成 {} 个文件", first.files.len())
        } else {
            format!(
                "已检查全县 {} 个镇,生成了全县首页(打开哪个镇的网页时再生成这个镇)",
                first.closed.len()
            )
        };
        eprintln!(
            "{what},用时 {:.1} 秒{}",
            started.elapsed().as_secs_f64(),
            if first.errors > 0 {
                format!(";内容有 {} 个错误,页面上会列出", first.errors)
            } else {
                String::new()
            }
        );
    }
    let (publish, snapshots) = watch::channel(Arc::new(first));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("无法启动服务: {e}"))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("无法启动服务: {e}"))?;
    let (tx, rx) = mpsc::channel::<Msg>();
    let asks = Arc::new(std::sync::Mutex::new(Some(tx.clone())));
    let server_asks = asks.clone();
    let ask: http::Ask = Arc::new(move |town| {
        if let Ok(Some(tx)) = server_asks.lock().as_deref() {
            let _ = tx.send(Msg::Open(town));
        }
    });
    let app = http::router(snapshots.clone(), ask);
    let served = runtime.block_on(async { tokio::net::TcpListener::from_std(listener) });
    let served = served.map_err(|e| format!("无法启动服务: {e}"))?;
    runtime.spawn(async move {
        let _ = axum::serve(served, app).await;
    });

    let mut watcher = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
        // Reading a file is no change (and the preview reads files after every change).
        let paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| match e.event.kind {
                EventKind::Access(kind) => kind == AccessKind::Close(AccessMode::Write),
                _ => true,
            })
            .flat_map(|e| e.event.paths)
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(Msg::Saved(paths));
        }
    })
    .map_err(|e| format!("无法监视文件夹: {e}"))?;
    for dir in preview.watched() {
        watcher
            .watch(&dir, RecursiveMode::Recursive)
            .map_err(|e| format!("无法监视 {}: {e}", dir.display()))?;
    }
    let verbose = opts.verbose;
    let worker = std::thread::spawn(move || apply_changes(preview, rx, publish, verbose));
    Ok(Running {
        addr,
        snapshots,
        runtime: Some(runtime),
        watcher: Some(watcher),
        asks,
        worker: Some(worker),
    })
}

fn bind(opts: &Options) -> Result<TcpListener, String> {
    let port = opts.port.unwrap_or(DEFAULT_PORT);
    match TcpListener::bind((opts.bind, port)) {
        Ok(l) => Ok(l),
        Err(_) if opts.port.is_none() => TcpListener::bind((opts.bind, 0))
            .map_err(|e| format!("无法在 {} 上开服务: {e}", opts.bind)),
        Err(e) => Err(format!(
            "无法在 {}:{port} 上开服务: {e}(提示: 端口可能被占用,换一个 --port)",
            opts.bind
        )),
    }
}

/// The preview as a snapshot; `files` is the previous snapshot's files with `change` applied
/// (all of them again when `change` is whole).
fn snapshot(preview: &Site, generation: u64, files: &SiteFiles, change: &Change) -> Snapshot {
    let files = if change.whole {
        preview.files().iter().collect()
    } else {
        let mut files = files.clone();
        for path in &change.files {
            files.set(path, preview.files().get(path));
        }
        files
    };
    let problems = preview.problems().sorted();
    Snapshot {
        generation,
        files,
        pending: preview.pending(),
        closed: preview.closed(),
        errors: problems
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .count(),
        problems,
    }
}

/// The worker: takes each batch of changed paths, updates the site and publishes it; then,
/// one part at a time and as long as no other save is waiting, renders what the update left
/// for later.
fn apply_changes(
    mut preview: Site,
    rx: mpsc::Receiver<Msg>,
    publish: watch::Sender<Arc<Snapshot>>,
    verbose: bool,
) {
    let mut generation = 1;
    let mut next = None;
    loop {
        let first = match next.take() {
            Some(m) => m,
            None => match rx.recv() {
                Ok(m) => m,
                Err(_) => return,
            },
        };
        let (mut batch, mut opens) = (Vec::new(), Vec::new());
        for msg in std::iter::once(first).chain(std::iter::from_fn(|| rx.try_recv().ok())) {
            match msg {
                Msg::Saved(paths) => batch.extend(paths),
                Msg::Open(town) => opens.push(town),
            }
        }
        // A town asked for is rendered first: a request waits for it. Pages already open
        // do not change, so they are not told to reload.
        for town in opens {
            let started = Instant::now();
            let change = preview.open_town(&town);
            // Published even when no file changed (a town with errors has none): the request
            // waits for the town to leave `closed`.
            let files = publish.borrow().files.clone();
            publish.send_replace(Arc::new(snapshot(&preview, generation, &files, &change)));
            if verbose && !change.files.is_empty() {
                eprintln!(
                    "已生成 {town} 镇的网页 ({} 毫秒)",
                    started.elapsed().as_millis()
                );
            }
        }
        if !batch.is_empty() {
            let started = Instant::now();
            let change = preview.update(&batch);
            if !change.files.is_empty() || change.problems || change.whole {
                generation += 1;
            }
            let files = publish.borrow().files.clone();
            publish.send_replace(Arc::new(snapshot(&preview, generation, &files, &change)));
            if verbose {
                report(&preview, &change, started.elapsed());
            }
        }
        let started = Instant::now();
        let mut later = 0;
        loop {
            match rx.try_recv() {
                Ok(b) => {
                    next = Some(b);
                    break;
                }
                Err(mpsc::TryRecvError::Disconnected) => return,
                Err(mpsc::TryRecvError::Empty) => {}
            }
            let Some(change) = preview.finish_step() else {
                break;
            };
            later += change.files.len();
            if change.problems {
                generation += 1; // an error only the full check finds, or one it clears
            }
            let files = publish.borrow().files.clone();
            publish.send_replace(Arc::new(snapshot(&preview, generation, &files, &change)));
        }
        if verbose && later > 0 && next.is_none() {
            eprintln!(
                "已更新全镇页面 {later} 个文件 ({} 毫秒)",
                started.elapsed().as_millis()
            );
        }
    }
}

fn report(preview: &Site, change: &Change, took: Duration) {
    let problems = preview.problems();
    if problems.has_errors() {
        eprint!("{}", problems.report());
        eprintln!(
            "内容有 {} 个错误,网站没有更新;页面上会列出这些错误",
            problems.error_count()
        );
    } else if !change.files.is_empty() {
        eprintln!(
            "已更新 {} 个文件{} ({} 毫秒)",
            change.files.len(),
            change
                .files
                .first()
                .map(|f| format!(",如 {f}"))
                .unwrap_or_default(),
            took.as_millis()
        );
    } else if change.problems {
        eprintln!("错误已改好");
    }
}

/// The `serve` command: serves until the process is stopped (Ctrl+C).
pub fn run(opts: &Options, open: bool) -> Result<(), String> {
    let running = start(opts)?;
    let url = running.url();
    eprintln!("预览网址: {url}  (改了文件保存后页面自动刷新;按 Ctrl+C 结束)");
    if !opts.bind.is_loopback() {
        eprintln!(
            "注意: 在 {} 上开放,同一网络里的其他电脑也能看到这些还没公开的内容",
            opts.bind
        );
    }
    if open {
        if let Err(e) = opener::open_browser(&url) {
            eprintln!("无法打开浏览器({e}),请手动打开 {url}");
        }
    }
    loop {
        std::thread::park();
    }
}
