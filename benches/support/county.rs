//! The benchmarks' county: the sample's three villages copied into as many villages as asked
//! (`dongshan-0000`, `hexi-0001`, `qinglong-0002` …), each with its four quarters, so that
//! building and previewing are measured on a county-sized content folder.

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
pub fn county(dir: &Path, villages: usize) {
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

/// The number of villages: `SANSHAI_BENCH_VILLAGES`, or `default`.
pub fn villages(default: usize) -> usize {
    std::env::var("SANSHAI_BENCH_VILLAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
