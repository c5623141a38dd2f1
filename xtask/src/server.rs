//! A `circle` process (or the WeChat stand-in) on a free loopback port, stopped when
//! dropped.

use anyhow::{bail, Context, Result};
use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, Stdio},
};

pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, as the process printed it.
    pub base: String,
}

impl Server {
    /// Runs `exe serve --bind 127.0.0.1:PORT --public-url http://127.0.0.1:PORT ARGS…`
    /// on a free port (so the links it makes and the pages it signs are its own).
    pub fn start(exe: &Path, args: &[&str]) -> Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut cmd = Command::new(exe);
        cmd.args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--public-url", &format!("http://127.0.0.1:{port}")])
            .args(args)
            .env("RUST_LOG", "warn");
        Self::spawn(cmd)
    }

    /// Runs `cmd` and waits for the first line it prints, which names its address.
    pub fn spawn(mut cmd: Command) -> Result<Self> {
        let mut child = cmd
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {cmd:?}"))?;
        let stdout = child.stdout.take().context("stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(base) = line.split_whitespace().find(|w| w.starts_with("http://")) else {
            let _ = child.kill();
            bail!("{cmd:?} did not print its address: {line:?}");
        };
        Ok(Server {
            base: base.to_owned(),
            child,
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
