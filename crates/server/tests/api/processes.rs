//! Two `circle` processes on one database behave as one: a session made through one
//! is accepted by the other.

use crate::helpers::{Browser, TestDb};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    pub fn start(database_url: &str) -> Self {
        Self::start_with(database_url, &[])
    }

    /// With `extra` arguments to `circle serve`.
    pub fn start_with(database_url: &str, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_circle"))
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--dist",
                "/nonexistent-dist",
            ])
            .args(extra)
            .env("CIRCLE_DATABASE_URL", database_url)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start circle");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the address line");
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_owned();
        Server { child, base }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn session_from_one_process_is_accepted_by_another(db: TestDb) {
    let one = Server::start(db.url());
    let two = Server::start(db.url());
    assert_ne!(one.base, two.base);

    let browser = Browser::new();
    let res = browser
        .post(format!("{}/api/v1/auth/register", one.base))
        .json(&json!({"handle": "two_procs", "display_name": "双进程", "password": "password 123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let token = browser.session_token(&one.base).expect("session cookie");

    let me = reqwest::Client::new()
        .get(format!("{}/api/v1/me", two.base))
        .header("cookie", format!("circle_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(
        me.json::<serde_json::Value>().await.unwrap()["handle"],
        "two_procs"
    );

    // Logging out through the second process ends the session for the first one too.
    let out = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/logout", two.base))
        .header("cookie", format!("circle_session={token}"))
        .header(circle_api::CSRF_HEADER, "1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let after = reqwest::Client::new()
        .get(format!("{}/api/v1/me", one.base))
        .header("cookie", format!("circle_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
}

crate::on_each_database!(session_from_one_process_is_accepted_by_another);
