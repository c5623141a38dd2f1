//! Installs what the build and tests need, each step only when missing:
//! the wasm32 target, Trunk 0.21, wasm-bindgen-cli at exactly Cargo.lock's version,
//! wasm-split-cli 0.2 (crates.io `wasm_split_cli_support`),
//! the npm packages (binaryen's wasm-opt, esbuild, playwright-core, axe-core, vnu-jar, WeChat's JS-SDK), Debian's CJK font (the
//! server draws share cards with it; pages in the test browser show it), and for
//! browser tests Debian's Chromium.

use super::{output, section, status};
use anyhow::{bail, Context, Result};
use std::{path::Path, process::Command};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    Yes,
    No,
}

pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The API fuzzer, from PyPI, in a virtualenv of our own.
pub const SCHEMATHESIS: &str = "4.32.5";
/// Debian's fonts-wqy-microhei: the server's `--card-font` default.
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

pub fn all(root: &Path, browser: Browser) -> Result<()> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen(root)?;
    wasm_split()?;
    npm(root)?;
    let mut packages = Vec::new();
    if !Path::new(CJK_FONT).exists() {
        packages.push("fonts-wqy-microhei");
    }
    if browser == Browser::Yes && !Path::new(CHROMIUM).exists() {
        packages.push("chromium");
    }
    debian(&packages)
}

fn wasm_target() -> Result<()> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        section("installing the wasm32-unknown-unknown target");
        status(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

fn trunk() -> Result<()> {
    let version = output(Command::new("trunk").arg("--version")).unwrap_or_default();
    if !version.starts_with("trunk 0.21.") {
        section("installing trunk 0.21 (one time, about 15 minutes on 2 cores)");
        status(Command::new(super::cargo()).args([
            "install",
            "trunk",
            "--version",
            "~0.21",
            "--locked",
        ]))?;
    }
    Ok(())
}

/// The splitter `cargo xtask build` cuts the pages' modules out of the app's WASM with.
fn wasm_split() -> Result<()> {
    // It has no --version: Cargo's list of installed packages tells.
    let installed =
        output(Command::new(super::cargo()).args(["install", "--list"])).unwrap_or_default();
    let found = output(Command::new("wasm-split-cli").arg("--help")).is_some();
    if !found || !installed.contains("wasm_split_cli_support v0.2.") {
        section("installing wasm-split-cli 0.2 (one time, about 2 minutes)");
        status(Command::new(super::cargo()).args([
            "install",
            "wasm_split_cli_support",
            "--version",
            "~0.2.4",
            "--features",
            "build-binary",
            "--locked",
        ]))?;
    }
    Ok(())
}

/// The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}

fn wasm_bindgen(root: &Path) -> Result<()> {
    let wanted = locked_wasm_bindgen_version(root)?;
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have != format!("wasm-bindgen {wanted}") {
        section(&format!(
            "installing wasm-bindgen-cli {wanted} (one time, about 10 minutes)"
        ));
        // Not --locked: the CLI's own lock file names a crate version crates.io lacks.
        status(Command::new(super::cargo()).args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &wanted,
        ]))?;
    }
    Ok(())
}

fn npm(root: &Path) -> Result<()> {
    let marker = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let fresh = match (std::fs::metadata(&marker), std::fs::metadata(&lock)) {
        (Ok(m), Ok(l)) => m.modified()? >= l.modified()?,
        _ => false,
    } && root.join("node_modules/.bin/wasm-opt").exists()
        && root.join("node_modules/.bin/esbuild").exists();
    if !fresh {
        section(
            "installing npm packages (binaryen, esbuild, playwright-core, axe-core, vnu-jar, weixin-js-sdk)",
        );
        let mut cmd = Command::new("npm");
        if lock.exists() {
            cmd.args(["ci", "--no-audit", "--no-fund"]);
        } else {
            cmd.args(["install", "--no-audit", "--no-fund"]);
        }
        status(cmd.current_dir(root))?;
    }
    Ok(())
}

/// A virtualenv with schemathesis (pinned), under the target directory; returns the
/// path of its `schemathesis` program.
pub fn schemathesis(root: &Path) -> Result<std::path::PathBuf> {
    let venv = super::target_dir(root).join("fuzz-venv");
    let exe = venv.join("bin/schemathesis");
    let version = output(Command::new(&exe).arg("--version")).unwrap_or_default();
    if !version.contains(SCHEMATHESIS) {
        section(&format!(
            "installing schemathesis {SCHEMATHESIS} (PyPI, in a virtualenv)"
        ));
        status(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
        status(
            Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .arg(format!("schemathesis=={SCHEMATHESIS}")),
        )?;
    }
    Ok(exe)
}

/// Installs Debian's `packages` (as root, or through sudo).
fn debian(packages: &[&str]) -> Result<()> {
    if packages.is_empty() {
        return Ok(());
    }
    section(&format!(
        "installing {} from Debian's packages",
        packages.join(", ")
    ));
    let root_user = output(Command::new("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut cmd = if root_user {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        status(&mut cmd)
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq"];
    install.extend_from_slice(packages);
    apt(&install)
}

/// PATH with the project's npm tools first, so Trunk finds binaryen's wasm-opt.
pub fn path_with_npm_bin(root: &Path) -> std::ffi::OsString {
    let mut paths = vec![root.join("node_modules/.bin")];
    if let Some(existing) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&existing));
    }
    std::env::join_paths(paths).unwrap_or_default()
}
