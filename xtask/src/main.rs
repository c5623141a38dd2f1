//! Project automation. `cargo xtask run` builds the app and starts the server;
//! `cargo xtask test` runs every check CI runs; `cargo xtask bench` prints the figures.
//! Each command first installs what is missing (idempotently), so a fresh machine with
//! only rustup, Node and git needs nothing else.

mod bench;
mod bench_lighthouse;
mod bench_size;
mod bench_star;
mod bench_throughput;
mod build;
mod build_imports;
mod build_packs;
mod build_unused;
mod build_wasm;
mod fuzz;
mod server;
mod setup;
mod test;

use anyhow::{bail, Context, Result};
use std::{
    path::{Path, PathBuf},
    process::Command,
};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("setup") => setup::all(&root, setup::Browser::Yes),
        Some("build") => build::spa(&root).map(|_| ()),
        Some("run") => run(&root, &args[1..]),
        Some("test") => test::all(&root),
        Some("bench") if args.iter().any(|a| a == "--throughput") => bench_throughput::alone(&root),
        Some("bench") if args.iter().any(|a| a == "--size") => bench_size::size(&root),
        Some("bench") if args.iter().any(|a| a == "--lighthouse") => {
            setup::all(&root, setup::Browser::Yes)?;
            bench_lighthouse::alone(&root)
        }
        Some("bench") if args.iter().any(|a| a == "--star") => {
            let exe = bench_throughput::release_server(&root)?;
            bench_star::all(&root, &exe, args.iter().any(|a| a == "--quick"))
        }
        Some("bench") => bench::all(&root, &args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n\
                 run     build the app and serve it at http://127.0.0.1:8080 (SQLite in ./data, demo data)\n\
                 test    fmt, clippy (host and wasm32), tests on SQLite (and PostgreSQL when\n\
                 \x20       CIRCLE_TEST_POSTGRES_URL is set), the release build, browser tests\n\
                 bench   bundle size, then server latency at 10k and 1M shares (--quick: 10k only;\n\
                 \x20       --size: only the first load's bytes and each page group's pack;\n\
                 \x20       --throughput: only the circle endpoint's req/s beside /api/v1/health;\n\
                 \x20       --lighthouse: only Lighthouse's mobile audit of four pages;\n\
                 \x20       --star: only the 达人 case, 10k and 1M followers, or 100k with --quick)\n\
                 setup   install the tools the other commands need\n\
                 build   build the app into dist/ (--no-split: the WASM as one module, without\n\
                 \x20       wasm-split-cli; also for run, test and bench)"
            );
            bail!("unknown command")
        }
    }
}

/// `cargo xtask run [-- server flags]`
fn run(root: &Path, extra: &[String]) -> Result<()> {
    setup::all(root, setup::Browser::No)?;
    build::spa(root)?;
    let mut cmd = Command::new(cargo());
    cmd.args([
        "run",
        "--release",
        "--quiet",
        "--package",
        "circle-server",
        "--bin",
        "circle",
        "--",
        "serve",
        "--demo-data",
    ])
    .args(
        extra
            .iter()
            .skip_while(|a| *a == "--")
            .filter(|a| *a != "--no-split"),
    );
    println!("Starting the server (first build of the server takes a few minutes)…");
    println!("Demo login: demo / gouwuquan2026");
    status(&mut cmd)
}

/// The checkout `cargo xtask` runs in. Cargo sets `CARGO_MANIFEST_DIR` when it runs the
/// binary, so a target directory shared by several checkouts (CI's cache) never builds
/// another checkout than the one asked; the compile-time value is the fallback.
fn project_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Cargo's target directory (CI keeps it outside the clone).
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs a command, echoing it, and fails on a non-zero exit.
fn status(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {}", describe(cmd));
    let st = cmd
        .status()
        .with_context(|| format!("cannot start {}", describe(cmd)))?;
    if !st.success() {
        bail!("{} failed with {st}", describe(cmd));
    }
    Ok(())
}

/// A command's trimmed standard output, or `None` when it cannot run or fails.
fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program().to_string_lossy().into_owned())
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn section(title: &str) {
    eprintln!("\n==> {title}");
}
