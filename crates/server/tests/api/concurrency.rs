//! Limits hold exactly under parallel requests (20–40 at once), on SQLite and
//! PostgreSQL: each use case checks and writes in one transaction with the lock,
//! conditional update or unique index that makes its rule exact.

use crate::earnings::assert_ledger_ok;
use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::moderation::moderator;
use crate::on_each_database_threaded;
use crate::shares::purchase;
use circle_server::{
    clock::{Clock, DAY},
    service::jobs,
    store::catalog,
};
use futures::future::join_all;
use serde_json::{json, Value};

on_each_database_threaded!(
    twenty_parallel_shares_make_exactly_ten_a_day,
    a_merchant_gets_exactly_one_ad_a_day_in_parallel,
    parallel_near_duplicates_let_exactly_one_through,
    a_share_deleted_twenty_times_at_once_takes_its_rating_out_once,
    a_delete_racing_a_refund_takes_the_rating_out_once,
    parallel_likes_count_each_person_once,
    parallel_reports_reach_their_thresholds,
    delist_and_restore_at_once_end_consistent_and_logged,
    the_confirm_job_racing_a_delist_settles_each_commission_once,
    a_moderation_action_and_its_audit_row_are_one,
);

/// Ten distinct CJK characters per `i`, so no two texts share a bigram.
fn text(i: u32) -> String {
    (0..10)
        .map(|k| char::from_u32(0x4E00 + i * 16 + k).unwrap())
        .collect()
}

async fn statuses(responses: Vec<(u16, Value)>) -> Vec<u16> {
    let mut s: Vec<u16> = responses.into_iter().map(|(s, _)| s).collect();
    s.sort_unstable();
    s
}

fn count(of: &[u16], status: u16) -> usize {
    of.iter().filter(|s| **s == status).count()
}

pub(crate) async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

/// A share of a new product by a new author: (share id, product id).
async fn posted_share(app: &TestApp) -> (i64, i64) {
    let author = register(app, "author", "password 123").await;
    let p = product(app, "好物", "home", 1000, true).await;
    let (status, share) = call(
        author
            .post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p, "text": "推荐"})),
    )
    .await;
    assert_eq!(status, 201, "{share}");
    (share["id"].as_i64().unwrap(), p)
}

/// `n` products of verified merchants.
async fn products(app: &TestApp, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(product(app, &format!("商品{i}"), "home", 1000, true).await);
    }
    ids
}

/// `who` shares each product at once, with the text `text_of` gives its index.
async fn share_all(
    app: &TestApp,
    who: &Browser,
    products: &[i64],
    text_of: impl Fn(u32) -> String,
) -> Vec<(u16, Value)> {
    let posts = products.iter().zip(0u32..).map(|(p, i)| {
        call(
            who.post(app.url("/api/v1/shares"))
                .json(&json!({"product_id": p, "text": text_of(i)})),
        )
    });
    join_all(posts).await
}

async fn twenty_parallel_shares_make_exactly_ten_a_day(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let alice = register(&app, "alice", "password 123").await;
    let results = share_all(&app, &alice, &products(&app, 20).await, text).await;
    for (status, body) in &results {
        assert!(
            *status == 201 || (*status == 429 && body["code"] == "daily_share_limit"),
            "{status} {body}"
        );
    }
    let s = statuses(results).await;
    assert_eq!((count(&s, 201), count(&s, 429)), (10, 10), "{s:?}");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM shares WHERE author_id = $1", 1).await,
        10
    );
}

async fn a_merchant_gets_exactly_one_ad_a_day_in_parallel(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let seller = register(&app, "seller", "password 123").await;
    let (_, me) = call(seller.get(app.url("/api/v1/me"))).await;
    let now = app.clock.now();
    let mut db = app.store.conn().await.unwrap();
    let merchant = catalog::insert_merchant(&mut db, "自营店", true, me["id"].as_i64(), now)
        .await
        .unwrap();
    let mut products = Vec::new();
    for i in 0..20 {
        let p = catalog::NewProduct {
            merchant_id: merchant,
            title: "自营商品",
            category: "home",
            description: "",
            price_cents: 1000 + i,
            stock: 100,
            commission_bp: 500,
            image_id: None,
            status: circle_api::ProductStatus::Active,
        };
        products.push(catalog::insert_product(&mut db, p, now).await.unwrap());
    }
    drop(db);
    let results = share_all(&app, &seller, &products, text).await;
    for (status, body) in &results {
        assert!(
            *status == 201 || body["code"] == "ad_limit",
            "{status} {body}"
        );
    }
    let s = statuses(results).await;
    assert_eq!((count(&s, 201), count(&s, 429)), (1, 19), "{s:?}");
}

async fn parallel_near_duplicates_let_exactly_one_through(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let alice = register(&app, "alice", "password 123").await;
    let same = |_| "一模一样的推荐文字，真的很好用".to_owned();
    let results = share_all(&app, &alice, &products(&app, 20).await, same).await;
    for (status, body) in &results {
        assert!(
            *status == 201 || body["code"] == "near_duplicate",
            "{status} {body}"
        );
    }
    let s = statuses(results).await;
    assert_eq!((count(&s, 201), count(&s, 422)), (1, 19), "{s:?}");
}

/// A delivered, rated share of a new product; returns (share id, order id, product).
async fn rated_share(app: &TestApp, who: &Browser, title: &str, n: u32) -> (i64, i64, i64) {
    let p = product(app, title, "home", 1000, true).await;
    let order = purchase(app, who, p, true).await;
    let (status, share) = call(
        who.post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p, "text": text(n), "rating": 5})),
    )
    .await;
    assert_eq!(status, 201, "{share}");
    assert_eq!(rating_count(app, p).await, 1);
    (share["id"].as_i64().unwrap(), order, p)
}

async fn rating_count(app: &TestApp, product: i64) -> i64 {
    scalar(
        app,
        "SELECT rating_count FROM products WHERE id = $1",
        product,
    )
    .await
}

async fn a_share_deleted_twenty_times_at_once_takes_its_rating_out_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let alice = register(&app, "alice", "password 123").await;
    let (share, _, p) = rated_share(&app, &alice, "保温杯", 0).await;
    let url = app.url(&format!("/api/v1/shares/id/{share}"));
    let s = statuses(join_all((0..20).map(|_| call(alice.delete(&url)))).await).await;
    assert_eq!((count(&s, 204), count(&s, 404)), (1, 19), "{s:?}");
    assert_eq!(rating_count(&app, p).await, 0);
    assert_eq!(
        scalar(&app, "SELECT rating_sum FROM products WHERE id = $1", p).await,
        0
    );
}

async fn a_delete_racing_a_refund_takes_the_rating_out_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let alice = register(&app, "alice", "password 123").await;
    for round in 0..5 {
        let (share, order, p) = rated_share(&app, &alice, &format!("保温杯{round}"), round).await;
        // Alice asks for a return; her shop accepts it while she deletes the share.
        let url = app.url(&format!("/api/v1/orders/{order}/return"));
        let (asked, _) = call(alice.post(url).json(&json!({"reason": "不想要了"}))).await;
        assert_eq!(asked, 200);
        let merchant = crate::flow::order(&app, &alice, order).await["product"]["merchant"]["id"]
            .as_i64()
            .unwrap();
        let shop = crate::flow::shop(&app, merchant).await;
        let delete = call(alice.delete(app.url(&format!("/api/v1/shares/id/{share}"))));
        let refund =
            call(shop.post(app.url(&format!("/api/v1/merchant/orders/{order}/return/accept"))));
        let ((deleted, _), (refunded, _)) = tokio::join!(delete, refund);
        assert_eq!((deleted, refunded), (204, 200));
        assert_eq!(rating_count(&app, p).await, 0, "round {round}");
    }
    assert_ledger_ok(&app).await;
}

async fn parallel_likes_count_each_person_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (id, _) = posted_share(&app).await;
    let mut likers = Vec::new();
    for i in 0..20 {
        likers.push(register(&app, &format!("fan{i}"), "password 123").await);
    }
    let url = app.url(&format!("/api/v1/shares/id/{id}/like"));
    let likes = likers
        .iter()
        .flat_map(|l| [call(l.put(&url)), call(l.put(&url))]);
    let s = statuses(join_all(likes).await).await;
    assert_eq!(count(&s, 200), 40, "{s:?}");
    assert_eq!(
        scalar(&app, "SELECT like_count FROM shares WHERE id = $1", id).await,
        20
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM likes WHERE share_id = $1", id).await,
        20
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE share_id = $1",
            id
        )
        .await,
        20
    );
}

async fn parallel_reports_reach_their_thresholds(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (id, p) = posted_share(&app).await;
    let mut reporters = Vec::new();
    for i in 0..8 {
        let r = register(&app, &format!("reporter{i}"), "password 123").await;
        purchase(&app, &r, p, true).await;
        reporters.push(r);
    }
    // A week later their share reports count (accounts at least 7 days old).
    app.clock.advance(8 * circle_server::clock::DAY);
    assert_eq!(
        scalar(
            &app,
            "SELECT CASE WHEN status = 'visible' THEN 1 ELSE 0 END FROM shares WHERE id = $1",
            id
        )
        .await,
        1
    );
    let share_url = app.url(&format!("/api/v1/shares/id/{id}/report"));
    let product_url = app.url(&format!("/api/v1/products/{p}/report"));
    let reports = reporters.iter().flat_map(|r| {
        [
            call(r.post(&share_url).json(&json!({"reason": "spam"}))),
            call(r.post(&product_url).json(&json!({"reason": "counterfeit"}))),
        ]
    });
    let s = statuses(join_all(reports).await).await;
    // The 5th share report hides the share: later ones find no share (404), so exactly
    // 5 are filed; all 8 counterfeit reports are (3 put it under review).
    assert_eq!((count(&s, 201), count(&s, 404)), (13, 3), "{s:?}");
    let filed = "SELECT COUNT(*) FROM reports WHERE target_kind = 'share' AND target_id = $1";
    assert_eq!(scalar(&app, filed, id).await, 5);
    assert_eq!(
        scalar(
            &app,
            "SELECT CASE WHEN status = 'hidden' THEN 1 ELSE 0 END FROM shares WHERE id = $1",
            id
        )
        .await,
        1
    );
    assert_eq!(scalar(&app, "SELECT CASE WHEN status = 'under_review' THEN 1 ELSE 0 END FROM products WHERE id = $1", p).await, 1);
}

/// A product with `n` pending commissions (delivered orders through one share).
async fn product_with_commissions(app: &TestApp, n: usize) -> i64 {
    let p = product(app, "热卖", "home", 10_000, true).await;
    let sharer = register(app, "sharer", "password 123").await;
    purchase(app, &sharer, p, true).await;
    let (_, share) = call(
        sharer
            .post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p, "text": "值得买"})),
    )
    .await;
    let code = share["code"].as_str().unwrap().to_owned();
    for i in 0..n {
        let b = register(app, &format!("buyer{i}"), "password 123").await;
        let (status, _) = call(b.post(app.url(&format!("/api/v1/shares/{code}/click")))).await;
        assert_eq!(status, 204);
        purchase(app, &b, p, true).await;
    }
    let pending = scalar(app, "SELECT COUNT(*) FROM commissions c JOIN orders o ON o.id = c.order_id WHERE o.product_id = $1 AND c.status = 'pending'", p).await;
    assert_eq!(pending, n as i64);
    p
}

async fn delist_and_restore_at_once_end_consistent_and_logged(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product_with_commissions(&app, 3).await;
    let m = moderator(&app).await;
    let act = |what: &str| {
        call(
            m.post(app.url(&format!("/api/v1/moderation/products/{p}/{what}")))
                .json(&json!({"reason": "核实"})),
        )
    };
    let calls = (0..20).map(|i| act(if i % 2 == 0 { "delist" } else { "restore" }));
    let results = join_all(calls).await;
    let done = results.iter().filter(|(s, _)| *s == 204).count() as i64;
    assert!(
        results.iter().all(|(s, _)| *s == 204 || *s == 409),
        "{results:?}"
    );
    // Once delisted nothing moves it again: exactly one delist succeeded.
    assert_eq!(
        scalar(
            &app,
            "SELECT CASE WHEN status = 'delisted' THEN 1 ELSE 0 END FROM products WHERE id = $1",
            p
        )
        .await,
        1
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM moderation_log WHERE target_id = $1 AND action = 'delist_product'", p).await, 1);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM moderation_log WHERE target_id = $1",
            p
        )
        .await,
        done
    );
    let reversed = scalar(&app, "SELECT COUNT(*) FROM commissions c JOIN orders o ON o.id = c.order_id WHERE o.product_id = $1 AND c.status = 'reversed' AND c.reversal = 'delisted'", p).await;
    assert_eq!(reversed, 3);
    assert_ledger_ok(&app).await;
}

async fn the_confirm_job_racing_a_delist_settles_each_commission_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product_with_commissions(&app, 4).await;
    let m = moderator(&app).await;
    app.clock.advance(8 * DAY);
    let now = app.clock.now();
    let delist = call(
        m.post(app.url(&format!("/api/v1/moderation/products/{p}/delist")))
            .json(&json!({"reason": "假货"})),
    );
    let (a, b, (delisted, _)) = tokio::join!(
        jobs::run_jobs(&app.store, now),
        jobs::run_jobs(&app.store, now),
        delist
    );
    assert_eq!(delisted, 204);
    let confirmed = scalar(&app, "SELECT COUNT(*) FROM commissions c JOIN orders o ON o.id = c.order_id WHERE o.product_id = $1 AND c.status = 'confirmed'", p).await;
    let reversed = scalar(&app, "SELECT COUNT(*) FROM commissions c JOIN orders o ON o.id = c.order_id WHERE o.product_id = $1 AND c.status = 'reversed'", p).await;
    assert_eq!(confirmed + reversed, 4, "every commission settled");
    let runs = a.unwrap().confirmed + b.unwrap().confirmed;
    assert_eq!(runs as i64, confirmed, "each confirmation counted once");
    assert_ledger_ok(&app).await;
}

async fn a_moderation_action_and_its_audit_row_are_one(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (id, _) = posted_share(&app).await;
    let m = moderator(&app).await;
    // The audit log refuses writes: the hide must not happen without its row.
    let (create, drop) = match app.store.backend() {
        circle_server::store::Backend::Sqlite => (
            vec!["CREATE TRIGGER log_down BEFORE INSERT ON moderation_log BEGIN SELECT RAISE(ABORT, 'log down'); END"],
            "DROP TRIGGER log_down",
        ),
        circle_server::store::Backend::Postgres => (
            vec![
                "CREATE FUNCTION log_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'log down'; END $$",
                "CREATE TRIGGER log_down BEFORE INSERT ON moderation_log FOR EACH ROW EXECUTE FUNCTION log_down()",
            ],
            "DROP TRIGGER log_down ON moderation_log",
        ),
    };
    for sql in create {
        sqlx::query(sql).execute(app.store.pool()).await.unwrap();
    }
    let hide = app.url(&format!("/api/v1/moderation/shares/{id}/hide"));
    let (status, _) = call(m.post(&hide).json(&json!({"reason": "广告"}))).await;
    assert_eq!(status, 500);
    let visible = "SELECT CASE WHEN status = 'visible' THEN 1 ELSE 0 END FROM shares WHERE id = $1";
    assert_eq!(
        scalar(&app, visible, id).await,
        1,
        "no state change without its audit row"
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM moderation_log WHERE target_id = $1",
            id
        )
        .await,
        0
    );
    sqlx::query(drop).execute(app.store.pool()).await.unwrap();
    let (status, _) = call(m.post(&hide).json(&json!({"reason": "广告"}))).await;
    assert_eq!(status, 204);
    assert_eq!(scalar(&app, visible, id).await, 0);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM moderation_log WHERE target_id = $1",
            id
        )
        .await,
        1
    );
}
