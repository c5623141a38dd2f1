//! `cargo xtask test`: everything CI checks, in order of cost.

use super::{build, cargo, fuzz, section, server::Server, setup, status};
use anyhow::Result;
use std::{path::Path, process::Command, time::Instant};

pub const POSTGRES_ENV: &str = "CIRCLE_TEST_POSTGRES_URL";

pub fn all(root: &Path) -> Result<()> {
    let started = Instant::now();
    let mut timings = Vec::new();
    let mut step = |name: &str, f: &mut dyn FnMut() -> Result<()>| -> Result<()> {
        section(name);
        let t = Instant::now();
        f()?;
        timings.push((name.to_owned(), t.elapsed()));
        Ok(())
    };

    step("setup", &mut || setup::all(root, setup::Browser::Yes))?;
    step("cargo fmt --check", &mut || {
        status(Command::new(cargo()).args(["fmt", "--all", "--", "--check"]))
    })?;
    step("clippy (host)", &mut || {
        status(Command::new(cargo()).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("clippy (wasm32, with and without split pages)", &mut || {
        for features in [&[][..], &["--features", "circle-app/split"]] {
            status(
                Command::new(cargo())
                    .args([
                        "clippy",
                        "--package",
                        "circle-app",
                        "--package",
                        "circle-api",
                        "--target",
                        "wasm32-unknown-unknown",
                    ])
                    .args(features)
                    .args(["--", "-D", "warnings"]),
            )?;
        }
        Ok(())
    })?;
    step("unit and integration tests", &mut || {
        match std::env::var(POSTGRES_ENV) {
            Ok(_) => eprintln!("PostgreSQL suite: enabled ({POSTGRES_ENV} is set)"),
            Err(_) => eprintln!(
                "skipped: no PostgreSQL — the storage/API suite runs on SQLite only; \
                 set {POSTGRES_ENV}=postgres://… to run it on PostgreSQL too"
            ),
        }
        status(Command::new(cargo()).args(["test", "--workspace"]))
    })?;
    step("release build of the app", &mut || {
        build::spa(root).map(|_| ())
    })?;
    step("browser tests (headless Chromium)", &mut || {
        browser_tests(root)
    })?;

    eprintln!(
        "\nAll checks passed in {:.0?}. Where the time went:",
        started.elapsed()
    );
    for (name, took) in timings {
        eprintln!("  {name:<36} {took:>8.1?}");
    }
    Ok(())
}

/// The WeChat official account the browser specs' server is configured with.
const WECHAT_APP_ID: &str = "wx_e2e_app";
const WECHAT_SECRET: &str = "e2e-secret";

/// Starts the server on a free port with a fresh SQLite file and runs the Playwright specs.
fn browser_tests(root: &Path) -> Result<()> {
    // The `circle` binary as `cargo test` built it (same features, so no second build).
    status(Command::new(cargo()).args(["test", "--workspace", "--no-run"]))?;
    status(Command::new(cargo()).args(["build", "-p", "wechat-standin"]))?;
    let data = tempdir(root)?;
    let exe = super::target_dir(root).join("debug/circle");
    // WeChat's API as the stand-in, so pages opened with WeChat's user agent get a
    // signed JS-SDK config (the specs play WeChat's in-app bridge themselves).
    let mut standin = Command::new(super::target_dir(root).join("debug/wechat-standin"));
    standin.args([WECHAT_APP_ID, WECHAT_SECRET]);
    let wechat = Server::spawn(standin)?;
    let db = format!("sqlite://{}", data.join("circle.db").display());
    let dist = root.join("dist");
    let dist = dist.to_string_lossy();
    let server = Server::start(
        &exe,
        // A debug build: `--test-controls` lets the specs move its clock.
        &[
            "--dist",
            &dist,
            "--database-url",
            &db,
            "--demo-data",
            "--test-controls",
            "--wechat-app-id",
            WECHAT_APP_ID,
            "--wechat-app-secret",
            WECHAT_SECRET,
            "--wechat-api-base",
            &wechat.base,
            "--wechat-open-base",
            &wechat.base,
        ],
    )?;
    eprintln!("server for browser tests: {}", server.base);
    let result = status(
        Command::new("node")
            .args(["--test", "--test-concurrency=1", "tests/e2e/"])
            .env("CIRCLE_BASE_URL", &server.base)
            .env("WECHAT_STANDIN_URL", &wechat.base)
            .env("WECHAT_APP_ID", WECHAT_APP_ID)
            .env("CHROMIUM", setup::CHROMIUM)
            .current_dir(root),
    );
    // Then the API fuzzer against our OpenAPI document, logged in as a test user.
    let result = result.and_then(|()| fuzz::run(root, &server.base, "SQLite"));
    drop(server);
    // Whatever the specs and the fuzzer did to the money (demo data, purchases, withdrawals, refunds),
    // the ledger must still hold every invariant.
    let result = result
        .and_then(|()| status(Command::new(&exe).args(["ledger", "check", "--database-url", &db])));
    let _ = std::fs::remove_dir_all(&data);
    // And once more on PostgreSQL, when a URL is given.
    result.and_then(|()| match std::env::var(POSTGRES_ENV) {
        Ok(admin) => fuzz::on_postgres(root, &exe, &dist, &admin),
        Err(_) => {
            eprintln!("skipped: the fuzz run on PostgreSQL (set {POSTGRES_ENV} to run it)");
            Ok(())
        }
    })
}

fn tempdir(root: &Path) -> Result<std::path::PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = super::target_dir(root).join(format!("e2e-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
