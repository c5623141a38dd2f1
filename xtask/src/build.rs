//! The release build of the SPA into `dist/`, WeChat's JS-SDK beside it, and brotli and
//! gzip copies of every compressible file for the server to send as they are.

use super::{section, setup, status};
use anyhow::{Context, Result};
use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::Command,
};

const COMPRESSIBLE: &[&str] = &["html", "js", "wasm", "css", "webmanifest", "svg", "json"];

pub fn spa(root: &Path) -> Result<PathBuf> {
    setup::all(root, setup::Browser::No)?;
    section("building the app (trunk build --release --offline)");
    let dist = root.join("dist");
    status(
        Command::new("trunk")
            .args(["build", "--release", "--offline"])
            .env("PATH", setup::path_with_npm_bin(root))
            .current_dir(root),
    )?;
    vendor_wechat_sdk(root, &dist)?;
    precompress(&dist)?;
    Ok(dist)
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
