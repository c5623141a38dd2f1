//! The app's WASM, built here rather than by Trunk, which cannot split a module
//! (trunk-rs/trunk#1022): cargo (with `--emit-relocs` when splitting), wasm-streams'
//! unused classes out of rustc's output (`build_unused`), `wasm-split-cli` on it,
//! `wasm-bindgen --keep-lld-exports`, the bindings' imports renamed short
//! (`build_imports`) and the unused classes' JS removed, then `wasm-opt -Oz` on every
//! module. The files go into `app/<hash>/`, one folder per build named by a hash of all
//! of them, because the splitter's chunk names (`chunk_3_….wasm`) are not content hashed.

use super::{build_imports, build_packs, build_unused, cargo, section, status, target_dir};
use anyhow::{bail, Context, Result};
use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

/// The JS module the page imports, and the WASM module it starts.
pub const ENTRY_JS: &str = "circle-app.js";
pub const ENTRY_WASM: &str = "circle-app_bg.wasm";

/// One build of the app's WASM and JS.
pub struct Wasm {
    /// Where the files are: a folder of the target directory.
    pub dir: PathBuf,
    /// 16 hex digits of a hash over every file's name and bytes.
    pub hash: String,
    /// File names, sorted.
    pub files: Vec<String>,
}

pub fn build(root: &Path, split: bool) -> Result<Wasm> {
    section(&format!(
        "building the app's WASM ({})",
        if split {
            "pages split into their own modules"
        } else {
            "one module: --no-split"
        }
    ));
    let mut cmd = Command::new(cargo());
    cmd.args([
        "build",
        "--package",
        "circle-app",
        "--bin",
        "circle-app",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]);
    // What a panic or `{:?}` would print, left out of the app's WASM: no source paths and
    // lines (`location-detail`), and `Debug` formatting as nothing (`fmt-debug`; the app
    // shows no `Debug` output: its statuses and reasons are matched to strings). 3.5 KB
    // brotli of the main module. Both are unstable flags of the same compiler, which
    // `RUSTC_BOOTSTRAP` admits on stable (Leptos' size guide uses them on nightly).
    // Cargo joins these arrays to `.cargo/config.toml`'s (`--cfg erase_components`).
    cmd.env("RUSTC_BOOTSTRAP", "1").args([
        "--config",
        "target.wasm32-unknown-unknown.rustflags=[\"-Zlocation-detail=none\", \"-Zfmt-debug=none\"]",
    ]);
    if split {
        cmd.args(["--features", "split"]);
        // The splitter needs the linker's relocations to move code between modules.
        cmd.args([
            "--config",
            "target.wasm32-unknown-unknown.rustflags=[\"-Clink-args=--emit-relocs\"]",
        ]);
    }
    status(cmd.current_dir(root))?;
    let rustc_out = target_dir(root).join("wasm32-unknown-unknown/wasm-release/circle-app.wasm");
    let raw = target_dir(root).join("app-raw.wasm");
    let dropped = build_unused::without_exports(&rustc_out, &raw)?;
    eprintln!("{dropped} exports of wasm-streams' unused classes removed");

    let dir = target_dir(root).join("app-wasm");
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    fs::create_dir_all(&dir)?;
    let bindgen_input = if split {
        let split_dir = target_dir(root).join("app-wasm-split");
        if split_dir.exists() {
            fs::remove_dir_all(&split_dir)?;
        }
        status(
            Command::new("wasm-split-cli")
                .arg(&raw)
                .arg(&split_dir)
                .args(["--target", "web", "--out-name", "circle-app"]),
        )?;
        // Its JS loader and the modules it cut out go next to the bindings as they are;
        // the main module goes through wasm-bindgen.
        for entry in fs::read_dir(&split_dir)? {
            let path = entry?.path();
            if path.file_name().is_some_and(|n| n != "circle-app.wasm") {
                fs::copy(&path, dir.join(path.file_name().unwrap_or_default()))?;
            }
        }
        split_dir.join("circle-app.wasm")
    } else {
        raw
    };
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .arg(&bindgen_input)
        .arg("--out-dir")
        .arg(&dir)
        .args([
            "--out-name",
            "circle-app",
            "--target",
            "web",
            "--no-typescript",
        ]);
    if split {
        bindgen.args(["--keep-lld-exports", "--no-demangle"]);
    }
    status(&mut bindgen)?;
    let shortened = build_imports::shorten(&dir.join(ENTRY_WASM), &dir.join(ENTRY_JS))?;
    eprintln!("{shortened} imports of the bindings renamed");
    build_unused::without_classes(&dir.join(ENTRY_JS))?;

    let mut files = Vec::new();
    for entry in fs::read_dir(&dir)? {
        let name = entry?.file_name();
        files.push(name.to_str().context("file name")?.to_owned());
    }
    files.sort();
    optimise(root, &dir, &files)?;
    for wanted in [ENTRY_JS, ENTRY_WASM] {
        if !files.iter().any(|f| f == wanted) {
            bail!("wasm-bindgen wrote no {wanted} in {}", dir.display());
        }
    }
    let files = build_packs::pack(&dir, files)?;
    minify_js(root, &dir, &files)?;
    let hash = hash_files(&dir, &files)?;
    eprintln!("{} files, build {hash}", files.len());
    Ok(Wasm { dir, hash, files })
}

/// `wasm-opt -Oz` (npm binaryen) on every module, two at a time (the machine's cores).
fn optimise(root: &Path, dir: &Path, files: &[String]) -> Result<()> {
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let modules: Vec<&String> = files.iter().filter(|f| f.ends_with(".wasm")).collect();
    eprintln!("$ {} -Oz on {} modules", wasm_opt.display(), modules.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(name) = modules.get(i) else {
                            return Ok(());
                        };
                        let path = dir.join(name);
                        // Its warnings about the splitter's name section are noise; its
                        // output is shown when it fails.
                        let out = Command::new(&wasm_opt)
                            .arg(&path)
                            .args(["-Oz", "--strip-debug", "--strip-producers", "-o"])
                            .arg(&path)
                            .output()
                            .with_context(|| format!("running {}", wasm_opt.display()))?;
                        if !out.status.success() {
                            bail!(
                                "wasm-opt failed on {name}: {}",
                                String::from_utf8_lossy(&out.stderr)
                            );
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .map_err(|_| anyhow::anyhow!("wasm-opt worker panicked"))?
        })
    })
}

/// esbuild (npm) `--minify` on the bindings and the splitter's loader: wasm-bindgen writes
/// readable JS with comments, 8.8 KiB brotli of the first load.
fn minify_js(root: &Path, dir: &Path, files: &[String]) -> Result<()> {
    let esbuild = root.join("node_modules/.bin/esbuild");
    for name in files.iter().filter(|f| f.ends_with(".js")) {
        let path = dir.join(name);
        status(
            Command::new(&esbuild)
                .arg(&path)
                .args([
                    "--minify",
                    "--format=esm",
                    "--log-level=warning",
                    "--allow-overwrite",
                ])
                // wasm-bindgen imports the splitter's loader once per split point, each
                // under the same key of one object: all the same module, so no harm.
                .arg("--log-override:duplicate-object-key=silent")
                .arg(format!("--outfile={}", path.display())),
        )?;
    }
    Ok(())
}

/// FNV-1a (64 bits) over every file's name and bytes, as 16 hex digits.
fn hash_files(dir: &Path, files: &[String]) -> Result<String> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for name in files {
        let data = fs::read(dir.join(name))?;
        for b in name.bytes().chain([0]).chain(data) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    Ok(format!("{h:016x}"))
}
