//! `cargo xtask bench --size` (and the first part of `cargo xtask bench`): what the
//! first load of the app transfers — `index.html` and the JS, WASM and CSS it names — raw,
//! gzip and brotli, and what each page group adds on its routes.

use super::{build, section};
use anyhow::{Context, Result};
use std::{fs, path::Path};

/// The whole first load (HTML + JS + WASM + CSS) must stay within this, brotli-compressed.
const FIRST_LOAD_BUDGET_BROTLI: usize = 125 * 1024;
/// And the JS + WASM the first route needs within this (issue 14).
const FIRST_ROUTE_CODE_BUDGET_BROTLI: usize = 110 * 1024;

/// `cargo xtask bench --size`: the build, then its first-load figures alone.
pub fn size(root: &Path) -> Result<()> {
    first_load(&build::spa(root)?)
}

pub fn first_load(dist: &Path) -> Result<()> {
    section("first load of the app: index.html + JS + WASM + CSS");
    let index = fs::read_to_string(dist.join("index.html")).context("dist/index.html")?;
    let mut files = vec!["index.html".to_owned()];
    // What index.html names, not the service worker (registered after load) nor the
    // manifest and icons (the browser fetches them when idle).
    for quote in ["\"/", "'/"] {
        for (at, _) in index.match_indices(quote) {
            let rest = &index[at + 2..];
            let name = &rest[..rest.find(['"', '\'']).unwrap_or(0)];
            // (The page groups' packs, `.bin`, are named too, for their routes only.)
            let first_load = [".js", ".wasm", ".css"]
                .iter()
                .any(|ext| name.ends_with(ext));
            if first_load && name != "sw.js" && !files.iter().any(|f| f == name) {
                files.push(name.to_owned());
            }
        }
    }
    files.sort();
    let (mut raw, mut gz, mut br, mut code_br) = (0, 0, 0, 0);
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    for name in &files {
        let (r, g, b) = sizes(&dist.join(name))?;
        let short = name.rsplit('/').next().unwrap_or(name);
        println!("{short:<44} {r:>10} {g:>10} {b:>10}");
        raw += r;
        gz += g;
        br += b;
        if name.ends_with(".js") || name.ends_with(".wasm") {
            code_br += b;
        }
    }
    println!(
        "{:<44} {raw:>10} {gz:>10} {br:>10}",
        "first load total (bytes)"
    );
    let verdict = |bytes: usize, budget: usize| {
        if bytes <= budget {
            "within"
        } else {
            "OVER BUDGET"
        }
    };
    println!(
        "first load brotli: {:.1} KiB of the {} KiB budget ({}); its JS + WASM {:.1} KiB of {} KiB ({})",
        br as f64 / 1024.0,
        FIRST_LOAD_BUDGET_BROTLI / 1024,
        verdict(br, FIRST_LOAD_BUDGET_BROTLI),
        code_br as f64 / 1024.0,
        FIRST_ROUTE_CODE_BUDGET_BROTLI / 1024,
        verdict(code_br, FIRST_ROUTE_CODE_BUDGET_BROTLI),
    );
    later_pages(dist, &index)
}

/// What the other pages fetch on their first visit: each page group's pack (its module
/// and the chunks it loads first), as `index.html` lists them for its routes.
fn later_pages(dist: &Path, index: &str) -> Result<()> {
    let Some(start) = index.find("var modules = ") else {
        return Ok(());
    };
    let json = &index[start + "var modules = ".len()..];
    let json = &json[..json.find(";\n").or_else(|| json.find(';')).unwrap_or(0)];
    let groups: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).context("the page groups in dist/index.html")?;
    for (group, files) in &groups {
        let mut br = 0;
        for file in files.as_array().context("a group's files")? {
            let path = file.as_str().context("a file")?.trim_start_matches('/');
            br += sizes(&dist.join(path))?.2;
        }
        println!(
            "page group {group:<10} {:>8.1} KiB brotli (its pack: the module and the chunks it loads first)",
            br as f64 / 1024.0
        );
    }
    Ok(())
}

/// A built file's bytes: as it is, and the gzip and brotli copies the build wrote beside
/// it (`build::spa` compresses every file it serves; nothing is compressed again here).
fn sizes(path: &Path) -> Result<(usize, usize, usize)> {
    let len = |p: &Path| {
        fs::metadata(p)
            .map(|m| m.len() as usize)
            .with_context(|| format!("{}", p.display()))
    };
    let beside = |ext: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(ext);
        std::path::PathBuf::from(name)
    };
    Ok((len(path)?, len(&beside(".gz"))?, len(&beside(".br"))?))
}
