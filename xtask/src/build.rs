//! The release build of the SPA into `dist/`: the WASM and its JS (`build_wasm`) in
//! `dist/app/<hash>/`, Trunk for the rest (the page, CSS, icons, manifest, service
//! worker), WeChat's JS-SDK beside them, and brotli and gzip copies of every compressible
//! file for the server to send as they are.

use super::{build_wasm, section, setup, status, target_dir};
use anyhow::{bail, Context, Result};
use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::Command,
};

const COMPRESSIBLE: &[&str] = &[
    "html",
    "js",
    "wasm",
    "bin",
    "css",
    "webmanifest",
    "svg",
    "json",
];

/// Build folders kept besides the new one, so that a page still running an older build
/// can fetch the modules of a page it has not visited yet.
const KEEP_BUILDS: usize = 2;

pub fn spa(root: &Path) -> Result<PathBuf> {
    let split = std::env::args().all(|a| a != "--no-split");
    setup::all(root, setup::Browser::No)?;
    let wasm = build_wasm::build(root, split)?;
    section("building the page, CSS and assets (trunk build --release --offline)");
    let staged = target_dir(root).join("trunk-dist");
    status(
        Command::new("trunk")
            .args(["build", "--release", "--offline", "--dist"])
            .arg(&staged)
            .env("PATH", setup::path_with_npm_bin(root))
            .current_dir(root),
    )?;
    let dist = root.join("dist");
    assemble(&dist, &staged, &wasm)?;
    vendor_wechat_sdk(root, &dist)?;
    precompress(&dist)?;
    precompress(&dist.join("app").join(&wasm.hash))?;
    Ok(dist)
}

/// `dist/` as Trunk staged it, with this build's folder under `app/` and the older ones
/// kept.
fn assemble(dist: &Path, staged: &Path, wasm: &build_wasm::Wasm) -> Result<()> {
    fs::create_dir_all(dist.join("app"))?;
    for entry in fs::read_dir(dist)? {
        let entry = entry?;
        if entry.file_name() == "app" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            fs::remove_dir_all(&path)?;
        } else {
            fs::remove_file(&path)?;
        }
    }
    copy_dir(staged, dist)?;
    let folder = dist.join("app").join(&wasm.hash);
    if folder.exists() {
        fs::remove_dir_all(&folder)?;
    }
    copy_dir(&wasm.dir, &folder)?;
    prune_builds(&dist.join("app"), &wasm.hash)?;

    let base = format!("/app/{}", wasm.hash);
    load_the_build(dist, &base, wasm)?;
    precache_the_build(dist, &base, wasm)
}

/// `index.html` starts this build's WASM, and knows each page group's pack so that a
/// first load of one of its routes fetches it with the main module.
fn load_the_build(dist: &Path, base: &str, wasm: &build_wasm::Wasm) -> Result<()> {
    let index = fs::read_to_string(dist.join("index.html"))?;
    let (js, bg) = (build_wasm::ENTRY_JS, build_wasm::ENTRY_WASM);
    // The preloads between markers, which the server drops from a page it rendered: there
    // the reader's content paints first and the app loads after it (`window.__circlePaintFirst`).
    let mut tags = format!(
        "<!--app-preload--><link rel=\"modulepreload\" href=\"{base}/{js}\">\
         <link rel=\"preload\" href=\"{base}/{bg}\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\">"
    );
    if wasm.files.iter().any(|f| f == "__wasm_split.js") {
        tags.push_str(&format!(
            "<link rel=\"modulepreload\" href=\"{base}/__wasm_split.js\">"
        ));
    }
    tags.push_str(&format!(
        "<!--/app-preload--><script type=\"module\">const start=()=>import('{base}/{js}')\
         .then((m)=>m.default({{module_or_path:'{base}/{bg}'}}));\
         if(window.__circlePaintFirst)requestAnimationFrame(()=>setTimeout(start));else start();</script>"
    ));
    if !index.contains("</head>") {
        bail!("dist/index.html has no </head>");
    }
    // Each page group's pack (`build_packs`), for its routes to fetch with the main module.
    let groups: serde_json::Map<String, serde_json::Value> = wasm
        .files
        .iter()
        .filter_map(|f| {
            let group = f.strip_prefix("pack_")?.strip_suffix(".bin")?;
            Some((group.to_owned(), vec![format!("{base}/{f}")].into()))
        })
        .collect();
    let placeholder = "var modules = {};";
    if !index.contains(placeholder) {
        bail!("dist/index.html lacks `{placeholder}`");
    }
    let index = index
        .replacen(
            placeholder,
            &format!("var modules = {};", serde_json::Value::Object(groups)),
            1,
        )
        .replacen("</head>", &format!("{tags}</head>"), 1);
    fs::write(dist.join("index.html"), index)?;
    Ok(())
}

/// `sw.js` lists every file of this build, to precache them all after the first load.
fn precache_the_build(dist: &Path, base: &str, wasm: &build_wasm::Wasm) -> Result<()> {
    let sw = fs::read_to_string(dist.join("sw.js"))?;
    let placeholder = "const APP_FILES = [];";
    if !sw.contains(placeholder) {
        bail!("dist/sw.js lacks `{placeholder}`");
    }
    let list: Vec<String> = wasm.files.iter().map(|f| format!("'{base}/{f}'")).collect();
    let sw = sw.replacen(
        placeholder,
        &format!("const APP_FILES = [{}];", list.join(", ")),
        1,
    );
    fs::write(dist.join("sw.js"), sw)?;
    Ok(())
}

/// Removes all but the newest `KEEP_BUILDS` folders besides `current`.
fn prune_builds(app: &Path, current: &str) -> Result<()> {
    let mut older = Vec::new();
    for entry in fs::read_dir(app)? {
        let entry = entry?;
        if entry.file_name() != current {
            older.push((entry.metadata()?.modified()?, entry.path()));
        }
    }
    older.sort_by_key(|b| std::cmp::Reverse(b.0));
    for (_, path) in older.into_iter().skip(KEEP_BUILDS) {
        fs::remove_dir_all(path)?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            fs::copy(&path, &target)
                .with_context(|| format!("copying {} to {}", path.display(), target.display()))?;
        }
    }
    Ok(())
}

/// WeChat's JS-SDK from the npm package `weixin-js-sdk` as `dist/jweixin.js`, served
/// from our own origin (the CSP allows no other script). The package is a CommonJS
/// module whose export is what WeChat's own `jweixin.js` puts in `window.wx`.
fn vendor_wechat_sdk(root: &Path, dist: &Path) -> Result<()> {
    let source = root.join("node_modules/weixin-js-sdk/index.js");
    let sdk = fs::read_to_string(&source)
        .with_context(|| format!("{} (run `cargo xtask setup`)", source.display()))?;
    fs::write(
        dist.join("jweixin.js"),
        format!(
            "/* weixin-js-sdk (MIT), from npm */\n(function () {{ var module = {{ exports: {{}} }};\n{sdk}\n\
             window.wx = window.jWeixin = module.exports; }})();\n"
        ),
    )?;
    Ok(())
}

fn precompress(dist: &Path) -> Result<()> {
    for entry in fs::read_dir(dist)? {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !path.is_file() || !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let data = fs::read(&path)?;
        fs::write(with_suffix(&path, "br"), brotli(&data)?)?;
        fs::write(with_suffix(&path, "gz"), gzip(&data)?)?;
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(suffix);
    PathBuf::from(s)
}

pub fn brotli(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data).context("brotli")?;
    }
    Ok(out)
}

pub fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(data)?;
    Ok(w.finish()?)
}
