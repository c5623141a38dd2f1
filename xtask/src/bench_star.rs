//! The 达人 case of `cargo xtask bench` (issue 15): `circle bench-star` with 10k
//! followers, then 1M (100k with `--quick`), on SQLite and, when `CIRCLE_TEST_POSTGRES_URL`
//! names a server, on PostgreSQL (a database created with `psql` and dropped after); the
//! p99 of a share, a like, a follower's circle page and a delete, and their ratios to 10k.

use super::{fuzz::database_url, section, status, target_dir};
use anyhow::{Context, Result};
use std::{fs, path::Path, process::Command};

/// (followers, shares of each of the 2,000 others the reader follows).
fn sizes(quick: bool) -> [(u64, u64); 2] {
    if quick {
        [(10_000, 5), (100_000, 50)]
    } else {
        [(10_000, 5), (1_000_000, 500)]
    }
}

pub fn all(root: &Path, exe: &Path, quick: bool) -> Result<()> {
    let dir = target_dir(root).join("bench-star");
    run_on(exe, quick, "SQLite", |n| {
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)?;
        Ok(format!(
            "sqlite://{}",
            dir.join(format!("star-{n}.db")).display()
        ))
    })?;
    let _ = fs::remove_dir_all(&dir);
    let Ok(admin) = std::env::var("CIRCLE_TEST_POSTGRES_URL") else {
        println!("the 达人 case on PostgreSQL: skipped (CIRCLE_TEST_POSTGRES_URL is not set)");
        return Ok(());
    };
    let name = format!("circle_star_{}", std::process::id());
    let psql = |sql: &str| status(Command::new("psql").args([admin.as_str(), "-q", "-c", sql]));
    let result = run_on(exe, quick, "PostgreSQL", |_| {
        psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .context("psql is needed for the PostgreSQL bench")?;
        psql(&format!("CREATE DATABASE {name}"))?;
        Ok(database_url(&admin, &name))
    });
    let _ = psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    result
}

fn run_on(
    exe: &Path,
    quick: bool,
    database: &str,
    mut fresh: impl FnMut(u64) -> Result<String>,
) -> Result<()> {
    let mut figures = Vec::new();
    for (followers, shares_each) in sizes(quick) {
        section(&format!("a 达人 with {followers} followers, on {database}"));
        let url = fresh(followers)?;
        let out = Command::new(exe)
            .args(["bench-star", "--database-url", &url])
            .args(["--followers", &followers.to_string()])
            .args(["--shares-each", &shares_each.to_string()])
            .output()
            .context("circle bench-star")?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        print!("{text}");
        anyhow::ensure!(
            out.status.success(),
            "bench-star failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let p99: Vec<f64> = text
            .lines()
            .find_map(|l| l.strip_prefix("p99 ms: "))
            .context("no p99 line")?
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        figures.push((followers, p99));
    }
    if let [(small, a), (large, b)] = &figures[..] {
        for (i, what) in ["share", "like", "follower's page", "delete"]
            .iter()
            .enumerate()
        {
            println!(
                "{database}: {what} p99 at {large} followers / at {small}: {:.2} ms / {:.2} ms = {:.2}×",
                b[i],
                a[i],
                b[i] / a[i]
            );
        }
    }
    Ok(())
}
