//! Build speed for a county: the sample's three villages copied into `SANSHAI_BENCH_VILLAGES`
//! villages (default 99), each with its four quarters. Measures loading + checking and
//! rendering (all pages, in parallel) separately.
//!
//! Run with `cargo bench --bench build`.

use criterion::{criterion_group, criterion_main, Criterion};
use sanshai::build::{check, render_town};
use sanshai::output::Theme;
use std::fs;
use std::path::Path;

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A county-sized content folder made from the sample town.
fn county(dir: &Path, villages: usize) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    fs::create_dir_all(dir.join("villages")).unwrap();
    fs::copy(sample.join("site.yaml"), dir.join("site.yaml")).unwrap();
    let slugs = ["dongshan", "hexi", "qinglong"];
    for i in 0..villages {
        let slug = slugs[i % slugs.len()];
        copy_tree(
            &sample.join("villages").join(slug),
            &dir.join("villages").join(format!("{slug}-{i:04}")),
        );
    }
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("SANSHAI_BENCH_VILLAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(99);
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    county(&content, n);
    let mut g = c.benchmark_group(format!("county of {n} villages"));
    g.sample_size(10);
    g.bench_function("load + check", |b| {
        b.iter(|| {
            let (town, diags) = check(&content);
            assert!(!diags.has_errors());
            town
        })
    });
    let (town, _) = check(&content);
    let town = town.unwrap();
    let theme = Theme::default_theme();
    g.bench_function("render all pages", |b| {
        b.iter(|| render_town(&town, &theme).unwrap().len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
