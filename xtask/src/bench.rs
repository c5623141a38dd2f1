//! `cargo xtask bench`: the figures we budget.
//! 1. The first-load transfer of the SPA (index.html + JS + WASM + CSS), raw, gzip and
//!    brotli, and each page group's (`bench_size`).
//! 2. The circle endpoint's req/s beside /api/v1/health (`bench_throughput`); latency over
//!    loopback — p50, p99, req/s — of a feed page, a topic page, a product search and
//!    checkouts (each a transaction synced to disk) on SQLite seeded with 1k users / 10k
//!    shares, then 100k / 1M (`--quick` stops after the small one); photo uploads (a
//!    12-megapixel JPEG decoded, turned, re-encoded in four renditions); cards; the 达人.
//! 3. Lighthouse's mobile audit of four pages (`bench_lighthouse`).

use super::bench_throughput::{login, release_server};
use super::{build, section, server::Server, target_dir};
use anyhow::{bail, Context, Result};
use std::{
    fs,
    path::Path,
    process::{Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

pub fn all(root: &Path, args: &[String]) -> Result<()> {
    let dist = build::spa(root)?;
    super::bench_size::first_load(&dist)?;
    let exe = release_server(root)?;
    super::bench_throughput::all(root, &exe)?;
    super::setup::all(root, super::setup::Browser::Yes)?;
    super::bench_lighthouse::all(root, &exe)?;
    let mut sizes = vec![(1_000, 10_000)];
    if !args.iter().any(|a| a == "--quick") {
        sizes.push((100_000, 1_000_000));
    }
    let mut feed_p50 = Vec::new();
    for (users, shares) in sizes {
        feed_p50.push(server_at_scale(root, &exe, users, shares)?);
    }
    if let [small, large] = feed_p50[..] {
        println!(
            "feed page p50 at 1M shares / at 10k shares: {:.2} (the bound is 1.5)",
            large.as_secs_f64() / small.as_secs_f64()
        );
    }
    super::bench_star::all(root, &exe, args.iter().any(|a| a == "--quick"))
}

fn server_at_scale(root: &Path, exe: &Path, users: u64, shares: u64) -> Result<Duration> {
    section(&format!(
        "server on SQLite with {users} users and {shares} shares"
    ));
    let dir = target_dir(root).join(format!("bench-{shares}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir)?;
    let db = format!("sqlite://{}", dir.join("circle.db").display());
    let seeded = Command::new(exe)
        .args([
            "seed",
            "--database-url",
            &db,
            "--users",
            &users.to_string(),
            "--shares",
            &shares.to_string(),
        ])
        .stderr(Stdio::inherit())
        .output()
        .context("seed")?;
    let out = String::from_utf8_lossy(&seeded.stdout).into_owned();
    print!("{out}");
    let Some(prefix) = out
        .split_whitespace()
        .find_map(|w| w.split_once("_0…").map(|(prefix, _)| prefix))
    else {
        bail!("seed did not name its handles: {out}");
    };
    let handle = format!("{prefix}_0");

    let server = Server::start(exe, &["--dist", "/nonexistent", "--database-url", &db])?;
    let base = server.base.clone();
    let cookie = login(&base, &handle)?;
    let products = ureq::get(&format!("{base}/api/v1/products?limit=1"))
        .call()?
        .into_string()?;
    let product = products
        .split("\"id\":")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .context("no product")?
        .to_owned();

    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "request", "p50", "p99", "req/s"
    );
    let mut feed_p50 = Duration::ZERO;
    for (name, path) in [
        ("GET /api/v1/feed", "/api/v1/feed".to_owned()),
        (
            "GET /api/v1/products/{id}/topic",
            format!("/api/v1/products/{product}/topic"),
        ),
        (
            "GET /api/v1/products?q=茶",
            "/api/v1/products?q=%E8%8C%B6".to_owned(),
        ),
    ] {
        let (p50, p99, rps) = load(&format!("{base}{path}"), &cookie, 4, 400)?;
        println!(
            "{name:<34} {:>8.2}ms {:>8.2}ms {rps:>10.0}",
            ms(p50),
            ms(p99)
        );
        if name.ends_with("feed") {
            feed_p50 = p50;
        }
    }
    let (p50, p99, rps) = checkouts(&base, &cookie, &product, 200)?;
    println!(
        "{:<34} {:>8.2}ms {:>8.2}ms {rps:>10.0}",
        "POST /api/v1/orders (one client)",
        ms(p50),
        ms(p99)
    );
    photos(&base, &cookie, 8)?;
    cards(&base, &cookie)?;
    drop(server);
    let _ = fs::remove_dir_all(&dir);
    Ok(feed_p50)
}

/// A 4000 × 3000 JPEG (quality 90) with a gradient and fine grain, about the size of a
/// phone photo.
fn phone_photo() -> Result<Vec<u8>> {
    let mut seed = 7u32;
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let grain = (seed >> 24) as u8 / 8;
        image::Rgb([
            (x / 16) as u8 / 2 + grain,
            (y / 12) as u8 / 2 + grain,
            ((x + y) / 28) as u8 / 2 + grain,
        ])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&img)?;
    Ok(jpeg)
}

/// `n` uploads of a phone photo, one after the other, and the sizes of its renditions.
fn photos(base: &str, cookie: &str, n: usize) -> Result<()> {
    let photo = phone_photo()?;
    let agent = ureq::AgentBuilder::new().build();
    let mut all = Vec::with_capacity(n);
    let mut url = String::new();
    for _ in 0..n {
        let t = Instant::now();
        let body = agent
            .post(&format!("{base}/api/v1/uploads"))
            .set("cookie", cookie)
            .set("x-circle-csrf", "1")
            .set("content-type", "image/jpeg")
            .send_bytes(&photo)
            .context("upload")?
            .into_string()?;
        all.push(t.elapsed());
        let up: serde_json::Value = serde_json::from_str(&body)?;
        url = up["url"].as_str().context("no url")?.to_owned();
    }
    all.sort();
    println!(
        "{:<34} {:>8.2}ms {:>8.2}ms {:>10.1}",
        format!("POST /api/v1/uploads ({:.1} MB)", photo.len() as f64 / 1e6),
        ms(all[all.len() / 2]),
        ms(all[all.len() - 1]),
        n as f64 / all.iter().sum::<Duration>().as_secs_f64()
    );
    let mut sizes = Vec::new();
    for (name, path, accept) in [
        ("small WebP", "/small", "image/webp"),
        ("large WebP", "", "image/webp"),
        ("small JPEG", "/small", "image/jpeg"),
        ("large JPEG", "", "image/jpeg"),
    ] {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut agent
                .get(&format!("{base}{url}{path}"))
                .set("cookie", cookie)
                .set("accept", accept)
                .call()?
                .into_reader(),
            &mut bytes,
        )?;
        sizes.push(format!("{name} {:.1} KB", bytes.len() as f64 / 1024.0));
    }
    println!("  served: {}", sizes.join(", "));
    Ok(())
}

/// Each picture of the first feed page's shares: drawn (the first request) and kept (the
/// second); with the sizes of the last share's.
fn cards(base: &str, cookie: &str) -> Result<()> {
    let agent = ureq::AgentBuilder::new().build();
    let feed: serde_json::Value = serde_json::from_str(
        &agent
            .get(&format!("{base}/api/v1/feed"))
            .set("cookie", cookie)
            .call()?
            .into_string()?,
    )?;
    let codes: Vec<String> = feed["items"]
        .as_array()
        .context("no feed")?
        .iter()
        .filter_map(|c| c["share"]["code"].as_str().map(str::to_owned))
        .collect();
    for kind in ["card.jpg", "card-square.jpg", "poster.png"] {
        let (mut drawn, mut kept, mut size) = (Vec::new(), Vec::new(), 0);
        for code in &codes {
            for times in [&mut drawn, &mut kept] {
                let t = Instant::now();
                let mut bytes = Vec::new();
                let res = agent.get(&format!("{base}/s/{code}/{kind}")).call()?;
                std::io::Read::read_to_end(&mut res.into_reader(), &mut bytes)?;
                times.push(t.elapsed());
                size = bytes.len();
            }
        }
        drawn.sort();
        kept.sort();
        println!(
            "{:<34} {:>8.2}ms {:>8.2}ms {:>10}",
            format!("GET /s/{{code}}/{kind} ×{}", codes.len()),
            ms(drawn[drawn.len() / 2]),
            ms(drawn[drawn.len() - 1]),
            format!("{:.0} KB", size as f64 / 1024.0)
        );
        println!(
            "{:<34} {:>8.2}ms {:>8.2}ms",
            "  … again (kept)",
            ms(kept[kept.len() / 2]),
            ms(kept[kept.len() - 1])
        );
    }
    Ok(())
}

/// `n` checkouts of one unit, one after the other (SQLite has one writer), each with its
/// own `Idempotency-Key`.
fn checkouts(
    base: &str,
    cookie: &str,
    product: &str,
    n: usize,
) -> Result<(Duration, Duration, f64)> {
    let agent = ureq::AgentBuilder::new().build();
    let body = format!(r#"{{"product_id":{product},"quantity":1}}"#);
    let mut all = Vec::with_capacity(n);
    let started = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        agent
            .post(&format!("{base}/api/v1/orders"))
            .set("cookie", cookie)
            .set("x-circle-csrf", "1")
            .set("content-type", "application/json")
            .set(
                "idempotency-key",
                &format!("bench-{}-{i}", std::process::id()),
            )
            .send_string(&body)
            .context("checkout")?
            .into_string()?;
        all.push(t.elapsed());
    }
    let elapsed = started.elapsed();
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    Ok((at(0.50), at(0.99), all.len() as f64 / elapsed.as_secs_f64()))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `threads` clients each send `per_thread` requests back to back (after 20 warm-ups).
fn load(
    url: &str,
    cookie: &str,
    threads: usize,
    per_thread: usize,
) -> Result<(Duration, Duration, f64)> {
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(threads * per_thread)));
    let agent = ureq::AgentBuilder::new()
        .max_idle_connections_per_host(threads)
        .build();
    for _ in 0..20 {
        agent.get(url).set("cookie", cookie).call()?;
    }
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (agent, url, cookie, latencies) = (
                agent.clone(),
                url.to_owned(),
                cookie.to_owned(),
                Arc::clone(&latencies),
            );
            std::thread::spawn(move || -> Result<()> {
                let mut mine = Vec::with_capacity(per_thread);
                for _ in 0..per_thread {
                    let t = Instant::now();
                    let res = agent.get(&url).set("cookie", &cookie).call()?;
                    res.into_string()?;
                    mine.push(t.elapsed());
                }
                latencies
                    .lock()
                    .map_err(|_| anyhow::anyhow!("poisoned"))?
                    .extend(mine);
                Ok(())
            })
        })
        .collect();
    for w in workers {
        w.join()
            .map_err(|_| anyhow::anyhow!("load thread panicked"))??;
    }
    let elapsed = started.elapsed();
    let mut all = latencies
        .lock()
        .map_err(|_| anyhow::anyhow!("poisoned"))?
        .clone();
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    Ok((at(0.50), at(0.99), all.len() as f64 / elapsed.as_secs_f64()))
}
