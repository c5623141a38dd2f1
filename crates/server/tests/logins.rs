//! 200 logins at once: password hashing (Argon2id, 19 MiB each) runs at most one per
//! core, so the server's memory stays bounded whatever the crowd; the rest wait their
//! turn or, after 3 s, are told to come back (503 + Retry-After). Its own test binary,
//! so the peak memory it reads is this one test's process.

#![allow(clippy::unwrap_used)]

#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

#[allow(dead_code)]
#[path = "api/flow.rs"]
mod flow;

use helpers::{call, Browser, TestApp, TestDb};
use serde_json::json;

/// The process's peak resident memory (`VmHWM`), in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_logins_at_once_stay_within_memory() {
    let app = TestApp::spawn_configured(TestDb::sqlite(), |state| {
        state.net.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    // One client for all (200 clients would measure their own TLS set-up), each login
    // from its own address, so no rate limit stands in front of the hashing.
    let client = Browser::new();
    let login = |i: usize| {
        client
            .post(app.url("/api/v1/auth/login"))
            .header(
                "x-forwarded-for",
                format!("10.9.{}.{}", i / 200, i % 200 + 1),
            )
            .json(&json!({"handle": format!("nobody{i}"), "password": "wrong password"}))
    };
    assert_eq!(call(login(999)).await.0, 401, "warm-up");
    let before = peak_kib();
    let answers = futures::future::join_all((0..200).map(|i| call(login(i)))).await;
    let after = peak_kib();
    let checked = answers.iter().filter(|(s, _)| *s == 401).count();
    let busy = answers
        .iter()
        .filter(|(s, b)| *s == 503 && b["code"] == "unavailable")
        .count();
    assert_eq!(checked + busy, 200, "each is checked or told to retry");
    assert!(checked >= 2, "some are checked");
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let growth = after.saturating_sub(before);
    eprintln!(
        "200 concurrent logins on {cores} cores: {checked} checked, {busy} told to retry; \
         peak memory {before} → {after} KiB (+{growth} KiB)"
    );
    // At most one 19 MiB hash per core at a time, plus room for 200 connections.
    assert!(growth <= cores * 19 * 1024 + 64 * 1024, "+{growth} KiB");
}
