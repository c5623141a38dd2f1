//! `cargo xtask bench`: the figures we budget. First: the first-load transfer of the SPA.

use super::{build, section};
use anyhow::{Context, Result};
use std::{fs, path::Path};

/// The whole first load (HTML + JS + WASM + CSS) must stay within this, brotli-compressed.
const FIRST_LOAD_BUDGET_BROTLI: usize = 150 * 1024;

pub fn all(root: &Path) -> Result<()> {
    let dist = build::spa(root)?;
    first_load(&dist)
}

fn first_load(dist: &Path) -> Result<()> {
    section("first load of the app: index.html + JS + WASM + CSS");
    let index = fs::read_to_string(dist.join("index.html")).context("dist/index.html")?;
    let mut files = vec!["index.html".to_owned()];
    for entry in fs::read_dir(dist)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let first_load = [".js", ".wasm", ".css"]
            .iter()
            .any(|ext| name.ends_with(ext));
        // Only what index.html loads (not the service worker, which loads later).
        if first_load && index.contains(&format!("/{name}")) {
            files.push(name);
        }
    }
    files.sort();
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    for name in &files {
        let data = fs::read(dist.join(name))?;
        let (g, b) = (build::gzip(&data)?.len(), build::brotli(&data)?.len());
        println!("{name:<44} {:>10} {g:>10} {b:>10}", data.len());
        raw += data.len();
        gz += g;
        br += b;
    }
    println!(
        "{:<44} {raw:>10} {gz:>10} {br:>10}",
        "first load total (bytes)"
    );
    println!(
        "first load brotli: {:.1} KiB of the {} KiB budget ({})",
        br as f64 / 1024.0,
        FIRST_LOAD_BUDGET_BROTLI / 1024,
        if br <= FIRST_LOAD_BUDGET_BROTLI {
            "within"
        } else {
            "OVER BUDGET"
        }
    );
    Ok(())
}
