//! Build speed for a county: the sample's three villages copied into `SANSHAI_BENCH_VILLAGES`
//! villages (default 99), each with its four quarters. Measures loading + checking and
//! rendering (all pages, in parallel) separately.
//!
//! Run with `cargo bench --bench build`.

#[path = "support/county.rs"]
mod county;

use county::county;
use criterion::{criterion_group, criterion_main, Criterion};
use sanshai::build::{check, render_town};
use sanshai::output::Theme;

fn bench(c: &mut Criterion) {
    let n = county::villages(99);
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
