//! The API fuzz run: schemathesis against `/api/openapi.json` — no 5xx and no response
//! that breaks the documented schema — with every phase (examples, coverage, fuzzing and
//! the stateful phase that follows the document's links), in four passes: logged out
//! (accounts), as a new shopper, as the demo shop and as the demo moderator; on SQLite
//! and, when a PostgreSQL URL is given, on PostgreSQL too. It then says how many
//! operations it reached beyond 4xx (a case answered 4xx never got past a handler's
//! checks).

use super::{server::Server, setup, status};
use anyhow::{Context, Result};
use std::{collections::BTreeSet, path::Path, process::Command};

/// Who a pass of the fuzzer is, and which operations it tries.
struct Pass {
    who: Who,
    /// Only the operations whose path matches (all when `None`).
    include: Option<&'static str>,
    /// Not the operations whose path matches (one pattern: schemathesis keeps only the
    /// last of several).
    exclude: Option<&'static str>,
    /// The stateful phase needs links among the operations tried.
    stateful: bool,
}

enum Who {
    /// No session: logging in, registering and logging out, fuzzed apart (a successful
    /// login or registration ends the session the request carried).
    Nobody,
    /// A shopper registered for the run.
    NewShopper,
    /// A demo account (the demo shop, the demo moderator), so the console and the
    /// moderation operations are reached too, not only refused with 403.
    Demo(&'static str),
}

const PASSES: [Pass; 4] = [
    Pass {
        who: Who::Nobody,
        include: Some("^/api/v1/auth/"),
        exclude: None,
        stateful: false,
    },
    Pass {
        who: Who::NewShopper,
        include: None,
        // The WeChat JS-SDK config's documented answer on a server without WeChat
        // settings is 503 `wechat_not_configured` (the API tests cover it against a
        // stand-in WeChat).
        exclude: Some("^/api/v1/(auth/|wechat/jssdk-config$|merchant(/|$)|moderation/)"),
        stateful: true,
    },
    Pass {
        who: Who::Demo("shanye_tea"),
        include: Some("^/api/v1/merchant(/|$)"),
        exclude: None,
        stateful: false,
    },
    Pass {
        who: Who::Demo("moderator"),
        include: Some("^/api/v1/moderation/"),
        exclude: None,
        stateful: false,
    },
];

/// The session cookie (`circle_session=…`) of a fresh login or registration.
fn session(base: &str, who: &Who) -> Result<Option<String>> {
    let (path, body) = match who {
        Who::Nobody => return Ok(None),
        Who::NewShopper => (
            "register",
            format!(
                r#"{{"handle":"fuzz_{}","display_name":"模糊测试","password":"fuzz password 1"}}"#,
                std::process::id() % 100_000
            ),
        ),
        Who::Demo(handle) => (
            "login",
            format!(r#"{{"handle":"{handle}","password":"gouwuquan2026"}}"#),
        ),
    };
    let answer = ureq::post(&format!("{base}/api/v1/auth/{path}"))
        .set("x-circle-csrf", "1")
        .set("content-type", "application/json")
        .send_string(&body)
        .with_context(|| format!("{path} for the fuzz run"))?;
    let cookie = answer
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .context("no session cookie")?;
    Ok(Some(cookie.to_owned()))
}

pub fn run(root: &Path, base: &str, label: &str) -> Result<()> {
    let schemathesis = setup::schemathesis(root)?;
    let dir = super::target_dir(root);
    let mut hars = Vec::new();
    let mut result = Ok(());
    for (i, pass) in PASSES.iter().enumerate() {
        let har = dir.join(format!("fuzz-{label}-{i}-{}.har", std::process::id()));
        let mut c = Command::new(&schemathesis);
        c.args([
            "run",
            &format!("{base}/api/openapi.json"),
            "-H",
            "x-circle-csrf: 1",
        ])
        .args(["-c", "not_a_server_error,response_schema_conformance"])
        .args(["-n", "20", "--seed", "1", "--no-color", "--workers", "1"])
        .arg("--phases")
        .arg(if pass.stateful {
            "examples,coverage,fuzzing,stateful"
        } else {
            "examples,coverage,fuzzing"
        })
        .args(["--report", "har", "--report-har-path"])
        .arg(&har)
        .current_dir(root);
        if let Some(cookie) = session(base, &pass.who)? {
            c.args(["-H", &format!("Cookie: {cookie}")]);
        }
        if let Some(include) = pass.include {
            c.args(["--include-path-regex", include]);
        }
        if let Some(exclude) = pass.exclude {
            c.args(["--exclude-path-regex", exclude]);
        }
        result = result.and(status(&mut c));
        hars.push(har);
    }
    if let Err(e) = reach(base, &hars, label) {
        eprintln!("fuzz ({label}): could not count the operations reached: {e:#}");
    }
    for har in &hars {
        let _ = std::fs::remove_file(har);
    }
    result.with_context(|| {
        format!("the API fuzz run on {label} found server errors or schema violations")
    })
}

/// Reports which documented operations answered anything below 400 at least once.
fn reach(base: &str, hars: &[std::path::PathBuf], label: &str) -> Result<()> {
    let doc: serde_json::Value = serde_json::from_str(
        &ureq::get(&format!("{base}/api/openapi.json"))
            .call()?
            .into_string()?,
    )?;
    let mut operations: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().context("no paths")? {
        for method in item.as_object().context("a path item")?.keys() {
            operations.push((method.to_ascii_uppercase(), path.clone()));
        }
    }
    let mut entries = Vec::new();
    for har in hars {
        let log: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(har)?)?;
        entries.extend(
            log["log"]["entries"]
                .as_array()
                .context("no entries")?
                .iter()
                .cloned(),
        );
    }
    let mut reached = BTreeSet::new();
    let mut tried = BTreeSet::new();
    for entry in &entries {
        let method = entry["request"]["method"].as_str().unwrap_or_default();
        let url = entry["request"]["url"].as_str().unwrap_or_default();
        let path = url
            .trim_start_matches(base)
            .split('?')
            .next()
            .unwrap_or_default();
        let Some(op) = operations
            .iter()
            .find(|(m, template)| m == method && matches(template, path))
        else {
            continue;
        };
        tried.insert(op.clone());
        if entry["response"]["status"]
            .as_u64()
            .is_some_and(|s| s < 400)
        {
            reached.insert(op.clone());
        }
    }
    let never: Vec<String> = tried
        .difference(&reached)
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    eprintln!(
        "fuzz ({label}): {} of {} documented operations answered below 400 at least once \
         ({} tried); only ever 4xx: {}",
        reached.len(),
        operations.len(),
        tried.len(),
        if never.is_empty() {
            "none".to_owned()
        } else {
            never.join(", ")
        }
    );
    Ok(())
}

/// Whether a concrete path fits an OpenAPI path template (`{x}` is one segment).
fn matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

/// The fuzz run on a fresh PostgreSQL database on the server at `admin`; it is created with
/// `psql` and dropped afterwards.
pub fn on_postgres(root: &Path, exe: &Path, dist: &str, admin: &str) -> Result<()> {
    let name = format!("circle_fuzz_{}", std::process::id());
    let psql = |sql: &str| status(Command::new("psql").args([admin, "-q", "-c", sql]));
    psql(&format!("DROP DATABASE IF EXISTS {name}"))
        .context("psql is needed to create the fuzz run's PostgreSQL database")?;
    psql(&format!("CREATE DATABASE {name}"))?;
    let url = database_url(admin, &name);
    let result = Server::start(
        exe,
        &["--dist", dist, "--database-url", &url, "--demo-data"],
    )
    .and_then(|server| {
        let fuzzed = run(root, &server.base, "PostgreSQL");
        drop(server);
        fuzzed.and_then(|()| {
            status(Command::new(exe).args(["ledger", "check", "--database-url", &url]))
        })
    });
    let _ = psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    result
}

/// `admin` with its database replaced by `name`.
pub fn database_url(admin: &str, name: &str) -> String {
    let (base, query) = admin
        .split_once('?')
        .map_or((admin, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_fit_their_templates() {
        assert!(super::matches(
            "/api/v1/shares/id/{id}/report",
            "/api/v1/shares/id/7/report"
        ));
        assert!(!super::matches(
            "/api/v1/shares/{code}",
            "/api/v1/shares/id/7"
        ));
        assert!(!super::matches(
            "/api/v1/people/{handle}",
            "/api/v1/people/"
        ));
        assert_eq!(
            super::database_url("postgres://u@h:5432/test?sslmode=disable", "x"),
            "postgres://u@h:5432/x?sslmode=disable"
        );
    }
}
