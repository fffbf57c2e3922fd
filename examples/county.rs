//! Writes the benchmarks' synthetic county (see `benches/support/county.rs`):
//!
//! `cargo run --release --example county -- DIR [VILLAGES] [ENTRIES] [TOWNS]`
//!
//! (defaults 1000 villages, 100 entries a quarter, 0 = one town as today). Used by
//! `scripts/bench-hugo` and for profiling by hand.

#[path = "../benches/support/county.rs"]
#[allow(dead_code)]
mod county;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("用法: county DIR [村数] [每季笔数] [镇数]");
        std::process::exit(2);
    };
    let num = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let shape = county::Shape {
        villages: num(1, 1000),
        entries: num(2, 100),
        towns: num(3, 0),
    };
    county::county(std::path::Path::new(dir), shape);
    println!("{shape:?} → {dir}");
}
