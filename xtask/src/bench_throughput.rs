//! The circle endpoint's throughput beside `/api/v1/health` on the same server: a
//! release `circle` with the demo data on SQLite, the demo user's session, 8 keep-alive
//! connections sending requests back to back for 5 s, the two paths alternating three
//! times (the median is printed: runs on a shared 2-core machine differ by ±20 %).
//! With `CIRCLE_BENCH_BASELINE=/path/to/an/older/circle` the older binary is measured in
//! the same run, alternating with this one, and the ratio of the two printed.

use super::{cargo, section, server::Server, status, target_dir};
use anyhow::{bail, Context, Result};
use std::{
    fs,
    io::{Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    process::Command,
    time::{Duration, Instant},
};

const CONNECTIONS: usize = 8;
const ROUNDS: usize = 3;
const RUN: Duration = Duration::from_secs(5);

/// `cargo xtask bench --throughput`: builds the release server and measures only this.
pub fn alone(root: &Path) -> Result<()> {
    all(root, &release_server(root)?)
}

/// Builds the release `circle` and says where it is.
pub fn release_server(root: &Path) -> Result<PathBuf> {
    section("building the server (release)");
    let build = [
        "build",
        "--release",
        "--package",
        "circle-server",
        "--bin",
        "circle",
    ];
    status(Command::new(cargo()).args(build))?;
    Ok(target_dir(root).join("release/circle"))
}

/// Logs `handle` in (the demo and seeded accounts' password) and returns the cookie.
pub fn login(base: &str, handle: &str) -> Result<String> {
    let body = format!(r#"{{"handle":"{handle}","password":"gouwuquan2026"}}"#);
    let res = ureq::post(&format!("{base}/api/v1/auth/login"))
        .set("x-circle-csrf", "1")
        .set("content-type", "application/json")
        .send_string(&body)
        .context("login")?;
    Ok(res
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .context("no session cookie")?
        .to_owned())
}

pub fn all(root: &Path, exe: &Path) -> Result<()> {
    section("throughput: the circle endpoint beside /api/v1/health (demo data, SQLite)");
    let mut servers = vec![("this build".to_owned(), exe.to_owned())];
    if let Some(old) = std::env::var_os("CIRCLE_BENCH_BASELINE") {
        servers.push(("CIRCLE_BENCH_BASELINE".to_owned(), PathBuf::from(old)));
    }
    let mut results: Vec<(Vec<f64>, Vec<f64>)> = vec![(vec![], vec![]); servers.len()];
    for round in 0..ROUNDS {
        for (i, (_, exe)) in servers.iter().enumerate() {
            let (feed, health) = measure(root, exe, round * servers.len() + i)?;
            results[i].0.push(feed);
            results[i].1.push(health);
        }
    }
    println!(
        "{:<24} {:>12} {:>12} {:>8}",
        "server", "feed req/s", "health req/s", "ratio"
    );
    let mut feeds = vec![];
    for ((name, _), (feed, health)) in servers.iter().zip(results) {
        let (feed, health) = (median(feed), median(health));
        println!(
            "{name:<24} {feed:>12.0} {health:>12.0} {:>8.2}",
            feed / health
        );
        feeds.push(feed);
    }
    if let [now, before] = feeds[..] {
        println!(
            "circle endpoint, this build / the baseline: {:.2}×",
            now / before
        );
    }
    Ok(())
}

/// One server's circle page and health check, each `RUN` long, in req/s.
fn measure(root: &Path, exe: &Path, n: usize) -> Result<(f64, f64)> {
    let dir = target_dir(root).join(format!("bench-throughput-{n}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir)?;
    let db = format!("sqlite://{}", dir.join("circle.db").display());
    let args = [
        "--dist",
        "/nonexistent",
        "--database-url",
        &db,
        "--demo-data",
    ];
    let server = Server::start(exe, &args)?;
    let base = server.base.clone();
    let cookie = login(&base, "demo")?;
    let addr = base.trim_start_matches("http://").to_owned();
    let feed = requests_per_second(&addr, "/api/v1/feed", &cookie)?;
    let health = requests_per_second(&addr, "/api/v1/health", &cookie)?;
    drop(server);
    let _ = fs::remove_dir_all(&dir);
    Ok((feed, health))
}

/// `CONNECTIONS` keep-alive connections sending GET `path` back to back for `RUN`;
/// every answer must be a 200.
fn requests_per_second(addr: &str, path: &str, cookie: &str) -> Result<f64> {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\r\n");
    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (addr, request) = (addr.to_owned(), request.clone());
            std::thread::spawn(move || -> Result<u64> {
                let mut conn = TcpStream::connect(&addr)?;
                conn.set_nodelay(true)?;
                let mut buf = vec![0u8; 64 * 1024];
                let mut done = 0;
                while started.elapsed() < RUN {
                    conn.write_all(request.as_bytes())?;
                    read_response(&mut conn, &mut buf)?;
                    done += 1;
                }
                Ok(done)
            })
        })
        .collect();
    let mut total = 0;
    for w in workers {
        total += w
            .join()
            .map_err(|_| anyhow::anyhow!("load thread panicked"))??;
    }
    Ok(total as f64 / started.elapsed().as_secs_f64())
}

/// Reads one response with a Content-Length body; fails unless it is a 200.
fn read_response(conn: &mut TcpStream, buf: &mut Vec<u8>) -> Result<()> {
    let mut len = 0;
    let head_end = loop {
        if len == buf.len() {
            buf.resize(len * 2, 0);
        }
        let n = conn.read(&mut buf[len..])?;
        if n == 0 {
            bail!("the server closed the connection");
        }
        len += n;
        if let Some(i) = buf[..len].windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = std::str::from_utf8(&buf[..head_end]).context("response head")?;
    if !head.starts_with("HTTP/1.1 200") {
        bail!("not a 200: {}", head.lines().next().unwrap_or(""));
    }
    let body: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .context("no content-length")?;
    let mut have = len - head_end;
    while have < body {
        let n = conn.read(&mut buf[..])?;
        if n == 0 {
            bail!("the server closed the connection mid-body");
        }
        have += n;
    }
    Ok(())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
