//! Test fixtures: fresh databases, a spawned app, and a cookie-keeping client.

use circle_server::{
    clock::{Clock, ManualClock, SystemClock},
    http::{serve, AppState},
    store::Store,
};
use rand::Rng;
use std::{net::SocketAddr, path::PathBuf, sync::Arc};

/// Runs each named `async fn(TestDb)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_each_database {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::helpers::TestDb::sqlite()).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(db) = $crate::helpers::TestDb::postgres().await else { return };
                    super::$name(db).await
                }
            )*
        }
    };
}

/// Like `on_each_database!`, on a multi-threaded runtime (4 workers), so that the server's
/// handlers and the test's parallel clients really run at the same time and a race in a
/// handler can show.
#[macro_export]
macro_rules! on_each_database_threaded {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name($crate::helpers::TestDb::sqlite()).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let Some(db) = $crate::helpers::TestDb::postgres().await else { return };
                    super::$name(db).await
                }
            )*
        }
    };
}

/// A database that exists for one test and is dropped after it.
pub enum TestDb {
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        admin_url: String,
        name: String,
        url: String,
    },
}

impl TestDb {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("circle.db").display());
        TestDb::Sqlite { _dir: dir, url }
    }

    /// A fresh PostgreSQL database with a random name, or `None` (and a line saying the
    /// test was skipped) when `CIRCLE_TEST_POSTGRES_URL` is not set.
    pub async fn postgres() -> Option<Self> {
        let Ok(admin_url) = std::env::var("CIRCLE_TEST_POSTGRES_URL") else {
            eprintln!(
                "skipped: no PostgreSQL (set CIRCLE_TEST_POSTGRES_URL to run this test on it)"
            );
            return None;
        };
        let name = format!("circle_test_{:016x}", rand::thread_rng().gen::<u64>());
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("CIRCLE_TEST_POSTGRES_URL is set but PostgreSQL is unreachable");
        sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create test database");
        let url = replace_database(&admin_url, &name);
        Some(TestDb::Postgres {
            admin_url,
            name,
            url,
        })
    }

    pub fn url(&self) -> &str {
        match self {
            TestDb::Sqlite { url, .. } | TestDb::Postgres { url, .. } => url,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres {
            admin_url, name, ..
        } = self
        {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime; use a thread with its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                rt.block_on(async {
                    use sqlx::Connection;
                    let mut conn = sqlx::PgConnection::connect(&admin_url).await?;
                    sqlx::Executor::execute(
                        &mut conn,
                        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str(),
                    )
                    .await?;
                    Ok::<_, sqlx::Error>(())
                })
                .map_err(std::io::Error::other)
            })
            .join();
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
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

/// A running app on a loopback port.
pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Store,
    pub clock: ManualClock,
    _db: TestDb,
}

/// One painter of share cards for the whole test binary (the font is read once).
fn painter() -> Arc<circle_server::service::cards::Painter> {
    use circle_server::{domain::cards, service::cards::Painter};
    static PAINTER: std::sync::OnceLock<Arc<Painter>> = std::sync::OnceLock::new();
    Arc::clone(PAINTER.get_or_init(|| {
        Arc::new(Painter::new(cards::Fonts::load(std::path::Path::new(
            cards::DEFAULT_FONT,
        ))))
    }))
}

impl TestApp {
    /// The font the test servers draw share cards with.
    pub fn fonts(&self) -> circle_server::domain::cards::Fonts {
        painter().fonts.clone()
    }

    pub async fn spawn(db: TestDb) -> Self {
        Self::spawn_with_dist(db, PathBuf::from("/nonexistent-dist")).await
    }

    pub async fn spawn_with_dist(db: TestDb, dist: PathBuf) -> Self {
        Self::spawn_with(db, dist, None, false).await
    }

    /// As if served over https (`--public-url https://…`).
    pub async fn spawn_https(db: TestDb) -> Self {
        Self::spawn_with(db, PathBuf::from("/nonexistent-dist"), None, true).await
    }

    /// With a WeChat app id and secret, and WeChat's API at `wechat_api_base`.
    pub async fn spawn_with_wechat(db: TestDb, wechat_api_base: String) -> Self {
        let wechat = circle_server::config::WechatConfig {
            wechat_app_id: Some("wx_test_app".into()),
            wechat_app_secret: Some("secret&=value".into()),
            wechat_open_base: wechat_api_base.clone(),
            wechat_api_base,
        };
        let app = Self::spawn_configured(db, |state| {
            state.wechat = wechat;
            state.public_url = "https://circle.example".into();
        });
        app.await
    }

    async fn spawn_with(
        db: TestDb,
        dist: PathBuf,
        wechat: Option<circle_server::config::WechatConfig>,
        https: bool,
    ) -> Self {
        Self::spawn_configured(db, |state| {
            state.index = std::fs::read_to_string(dist.join("index.html"))
                .ok()
                .map(Into::into);
            state.dist = dist;
            state.https = https;
            if let Some(wechat) = wechat {
                state.wechat = wechat;
            }
        })
        .await
    }

    /// With the settings `configure` sets on top of the tests' defaults.
    pub async fn spawn_configured(db: TestDb, configure: impl FnOnce(&mut AppState)) -> Self {
        let store = Store::connect(db.url()).await.expect("connect and migrate");
        let clock = ManualClock::at(SystemClock.now());
        let mut state = AppState {
            store: store.clone(),
            clock: Arc::new(clock.clone()),
            https: false,
            session_days: 30,
            index: None,
            dist: PathBuf::from("/nonexistent-dist"),
            public_url: "http://127.0.0.1".into(),
            platform_fee_bp: 0,
            wechat: circle_server::config::WechatConfig {
                wechat_app_id: None,
                wechat_app_secret: None,
                wechat_api_base: "http://127.0.0.1:9".into(),
                wechat_open_base: "http://127.0.0.1:9".into(),
            },
            net: circle_server::config::NetConfig::default(),
            cards: painter(),
            test_clock: None,
        };
        configure(&mut state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(serve(listener, state, std::future::pending()));
        TestApp {
            addr,
            store,
            clock,
            _db: db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The database's URL, for the `circle` binary's own commands.
    pub fn database_url(&self) -> &str {
        self._db.url()
    }

    /// A client with its own cookie jar that sends the CSRF header, like the app does.
    pub fn client(&self) -> Browser {
        Browser::new()
    }
}

/// An HTTP client with a cookie jar of its own, like one browser profile.
#[derive(Clone)]
pub struct Browser {
    http: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
}

impl Browser {
    pub fn new() -> Self {
        Self::build(None)
    }

    /// A browser whose redirects the test follows itself (to see each `Location`).
    pub fn manual() -> Self {
        Self::build_with(None, reqwest::redirect::Policy::none())
    }

    /// A browser on another machine: its requests leave from `ip` (a loopback address
    /// such as 127.0.0.2), so per-IP limits count it apart.
    pub fn at(ip: &str) -> Self {
        Self::build(Some(ip.parse().expect("an IP address")))
    }

    fn build(local: Option<std::net::IpAddr>) -> Self {
        Self::build_with(local, reqwest::redirect::Policy::default())
    }

    fn build_with(local: Option<std::net::IpAddr>, redirects: reqwest::redirect::Policy) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            circle_api::CSRF_HEADER,
            reqwest::header::HeaderValue::from_static("1"),
        );
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(Arc::clone(&jar))
            .default_headers(headers)
            .local_address(local)
            .redirect(redirects)
            .build()
            .expect("client");
        Self { http, jar }
    }

    /// Puts a cookie into this browser's jar, as if `url` had set it.
    pub fn add_cookie(&self, url: &str, cookie: &str) {
        self.jar.add_cookie_str(cookie, &url.parse().expect("url"));
    }

    /// The session token this browser holds for `base` (e.g. `http://127.0.0.1:1234`).
    pub fn session_token(&self, base: &str) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = base.parse().expect("url");
        let cookies = self.jar.cookies(&url)?;
        cookies
            .to_str()
            .ok()?
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("circle_session="))
            .map(str::to_owned)
            .next()
    }
}

impl std::ops::Deref for Browser {
    type Target = reqwest::Client;
    fn deref(&self) -> &reqwest::Client {
        &self.http
    }
}

/// Sends a request and reads its status and JSON body (`Null` when there is none).
pub async fn call(req: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

/// Registers `handle` through the API and returns the logged-in client.
pub async fn register(app: &TestApp, handle: &str, password: &str) -> Browser {
    let client = app.client();
    let res = client
        .post(app.url("/api/v1/auth/register"))
        .json(&serde_json::json!({"handle": handle, "display_name": "测试用户", "password": password}))
        .send()
        .await
        .expect("register request");
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    client
}

/// The kinds of `who`'s notifications, newest first.
pub async fn notification_kinds(app: &TestApp, who: &Browser) -> Vec<String> {
    let (status, page) = call(who.get(app.url("/api/v1/notifications"))).await;
    assert_eq!(status, 200, "{page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// The whole seconds a 429 says to wait.
pub fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// A new browser logged in with handle and password.
pub async fn login(app: &TestApp, handle: &str, password: &str) -> Browser {
    let client = app.client();
    let res = client
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"handle": handle, "password": password}))
        .send()
        .await
        .expect("login request");
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    client
}

#[test]
fn database_name_is_replaced_in_urls() {
    assert_eq!(
        replace_database("postgres://postgres@127.0.0.1:5432/test", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        replace_database("postgres://u@h/db?sslmode=disable", "x"),
        "postgres://u@h/x?sslmode=disable"
    );
    assert_eq!(replace_database("postgres://u@h", "x"), "postgres://u@h/x");
}

/// An active product of a new shop with an account of its own (`flow::shop` logs in
/// as it), straight into the store: most tests are about what happens after.
pub async fn product(
    app: &TestApp,
    title: &str,
    category: &str,
    price_cents: i64,
    verified: bool,
) -> i64 {
    use circle_server::store::catalog;
    let now = app.clock.now();
    let owner = crate::flow::account(app, circle_api::Role::Merchant).await;
    let merchant = catalog::insert_merchant(
        &mut app.store.conn().await.unwrap(),
        &format!("{title}旗舰店"),
        verified,
        Some(owner),
        now,
    )
    .await
    .expect("merchant");
    catalog::insert_product(
        &mut app.store.conn().await.unwrap(),
        catalog::NewProduct {
            merchant_id: merchant,
            title,
            description: "",
            category,
            price_cents,
            stock: 1000,
            commission_bp: 500,
            image_id: None,
            status: circle_api::ProductStatus::Active,
        },
        now,
    )
    .await
    .expect("product")
}

/// A real 8×8 PNG (what the server decodes), padded with bytes after its end to `len`
/// when that is longer: for tests about sizes and allowances.
pub fn png_photo(len: usize) -> Vec<u8> {
    let pixels = image::RgbImage::from_pixel(8, 8, image::Rgb([200, 120, 40]));
    let mut png = Vec::new();
    pixels
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode a PNG");
    if png.len() < len {
        png.resize(len, 0);
    }
    png
}
