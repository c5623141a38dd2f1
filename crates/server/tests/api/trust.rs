//! Trust under attack (issue 11): reports that cannot censor, refunds that lose their
//! boost, control characters refused everywhere, server-rendered JSON that cannot be
//! broken out of.

use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use crate::shares::{befriend, feed, purchase, share};
use serde_json::{json, Value};

on_each_database!(
    fresh_accounts_cannot_hide_a_share_but_established_ones_can,
    a_hidden_fake_review_leaves_the_rating_and_its_author_can_appeal,
    a_refund_takes_the_verified_boost_out_of_every_feed,
    control_characters_are_refused_everywhere_and_nothing_is_saved,
);

/// A 30-day-old account with a delivered order: its share reports count.
async fn established(app: &TestApp, other_product: i64) -> Browser {
    let id = crate::flow::account(app, circle_api::Role::Shopper).await;
    let who = crate::flow::session(app, id).await;
    purchase(app, &who, other_product, true).await;
    who
}

async fn visible(app: &TestApp, code: &str) -> bool {
    let (status, _) = call(Browser::new().get(app.url(&format!("/api/v1/shares/{code}")))).await;
    status == 200
}

async fn report(app: &TestApp, who: &Browser, share: i64, reason: &str) -> Value {
    let url = app.url(&format!("/api/v1/shares/id/{share}/report"));
    let (status, body) = call(who.post(url).json(&json!({"reason": reason}))).await;
    assert_eq!(status, 201, "{body}");
    body
}

async fn queue(app: &TestApp, moderator: &Browser) -> Value {
    let (status, queue) = call(moderator.get(app.url("/api/v1/moderation/queue"))).await;
    assert_eq!(status, 200, "{queue}");
    queue
}

async fn fresh_accounts_cannot_hide_a_share_but_established_ones_can(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let moderator = crate::flow::moderator(&app).await;
    let p = product(&app, "手工皂", "beauty", 3900, true).await;
    let other = product(&app, "毛巾", "home", 1900, true).await;
    let author = register(&app, "honest_author", "password 123").await;
    let (status, s) = share(
        &app,
        &author,
        json!({"product_id": p, "text": "真心推荐这块皂"}),
    )
    .await;
    assert_eq!(status, 201, "{s}");
    let (id, code) = (
        s["id"].as_i64().unwrap(),
        s["code"].as_str().unwrap().to_owned(),
    );

    // Ten accounts made this minute report it: it stays up, and goes to the queue.
    for i in 0..10 {
        let fresh = register(&app, &format!("burst{i}"), "password 123").await;
        let r = report(&app, &fresh, id, "spam").await;
        assert_eq!(r["counts"], false, "a new account's report does not count");
    }
    assert!(
        visible(&app, &code).await,
        "a burst of new accounts hides nothing"
    );
    let q = queue(&app, &moderator).await;
    let case = &q["shares"][0];
    assert_eq!(
        (case["share"]["id"].as_i64(), &case["hidden"]),
        (Some(id), &json!(false))
    );
    assert_eq!(case["reports"].as_array().unwrap().len(), 10);

    // An old account without a delivered order does not count either.
    let old_id = crate::flow::account(&app, circle_api::Role::Shopper).await;
    let old = crate::flow::session(&app, old_id).await;
    assert_eq!(report(&app, &old, id, "abuse").await["counts"], false);

    // Established buyers: the fifth hides it, and its author is told.
    for i in 0..5 {
        assert!(
            visible(&app, &code).await,
            "visible before counted report {}",
            i + 1
        );
        let buyer = established(&app, other).await;
        assert_eq!(report(&app, &buyer, id, "spam").await["counts"], true);
    }
    assert!(
        !visible(&app, &code).await,
        "hidden at five counted reports"
    );
    let (_, notes) = call(author.get(app.url("/api/v1/notifications"))).await;
    let hidden = &notes["items"][0];
    assert_eq!(
        (hidden["kind"].as_str(), hidden["share_id"].as_i64()),
        (Some("share_hidden"), Some(id))
    );
}

async fn a_hidden_fake_review_leaves_the_rating_and_its_author_can_appeal(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let moderator = crate::flow::moderator(&app).await;
    let p = product(&app, "保温杯", "home", 8900, true).await;
    let other = product(&app, "杯刷", "home", 900, true).await;
    let rating = || async {
        let url = app.url(&format!("/api/v1/products/{p}/topic"));
        let (status, topic) = call(Browser::new().get(url)).await;
        assert_eq!(status, 200, "{topic}");
        (
            topic["rating_count"].as_i64().unwrap(),
            topic["rating_avg_centi"].as_i64(),
        )
    };
    // An honest 5 and a planted 1.
    let honest = register(&app, "honest_buyer", "password 123").await;
    purchase(&app, &honest, p, true).await;
    let (status, _) = share(
        &app,
        &honest,
        json!({"product_id": p, "text": "很保温", "rating": 5}),
    )
    .await;
    assert_eq!(status, 201);
    let planted = register(&app, "planted_one", "password 123").await;
    purchase(&app, &planted, p, true).await;
    let (status, fake) = share(
        &app,
        &planted,
        json!({"product_id": p, "text": "垃圾别买", "rating": 1}),
    )
    .await;
    assert_eq!(status, 201, "{fake}");
    let id = fake["id"].as_i64().unwrap();
    assert_eq!(rating().await.0, 2);

    let appeal = |who: &Browser| who.post(app.url(&format!("/api/v1/shares/id/{id}/appeal")));
    assert_eq!(
        call(appeal(&planted)).await.0,
        409,
        "a visible share needs no review"
    );
    for _ in 0..5 {
        let buyer = established(&app, other).await;
        report(&app, &buyer, id, "fake_review").await;
    }
    assert_eq!(rating().await.0, 1, "the hidden review leaves the rating");
    assert_eq!(rating().await.1, Some(500));

    // Only its author may ask, once; it then leads the queue.
    assert_eq!(call(appeal(&honest)).await.0, 404);
    assert_eq!(call(appeal(&planted)).await.0, 204);
    assert_eq!(call(appeal(&planted)).await.0, 409);
    let q = queue(&app, &moderator).await;
    assert_eq!(
        (
            q["shares"][0]["share"]["id"].as_i64(),
            &q["shares"][0]["appealed"]
        ),
        (Some(id), &json!(true))
    );

    // Restored: the rating is back, and the author is told.
    let restore = moderator
        .post(app.url(&format!("/api/v1/moderation/shares/{id}/restore")))
        .json(&json!({"reason": "评价属实"}));
    assert_eq!(call(restore).await.0, 204);
    assert_eq!(rating().await.0, 2);
    let (_, notes) = call(planted.get(app.url("/api/v1/notifications"))).await;
    assert_eq!(notes["items"][0]["kind"], "share_restored");

    // A moderator's own decision is told apart, and is not sent back for review.
    let hide = moderator
        .post(app.url(&format!("/api/v1/moderation/shares/{id}/hide")))
        .json(&json!({"reason": "确认是恶意差评"}));
    assert_eq!(call(hide).await.0, 204);
    let (_, notes) = call(planted.get(app.url("/api/v1/notifications"))).await;
    assert_eq!(notes["items"][0]["kind"], "share_taken_down");
    assert_eq!(call(appeal(&planted)).await.0, 409);
    assert_eq!(rating().await.0, 1);
}

async fn a_refund_takes_the_verified_boost_out_of_every_feed(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = register(&app, "reader", "password 123").await;
    let author = register(&app, "author", "password 123").await;
    befriend(&app, &reader, &author, "author").await;
    let kettle = product(&app, "电水壶", "home", 15900, true).await;
    let lamp = product(&app, "台灯", "home", 9900, true).await;
    let order = purchase(&app, &author, kettle, true).await;
    let (status, bought) = share(
        &app,
        &author,
        json!({"product_id": kettle, "text": "烧水很快"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(bought["verified_purchase"], true);
    // An hour later, a share without a purchase: the verified one still ranks first.
    app.clock.advance(3600 * 1000);
    let (status, plain) = share(
        &app,
        &author,
        json!({"product_id": lamp, "text": "这个台灯好看"}),
    )
    .await;
    assert_eq!(status, 201);
    let order_of = |f: Value| -> Vec<i64> {
        f["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["share"]["id"].as_i64().unwrap())
            .collect()
    };
    let ids = [
        bought["id"].as_i64().unwrap(),
        plain["id"].as_i64().unwrap(),
    ];
    assert_eq!(
        order_of(feed(&app, &reader).await),
        ids,
        "verified purchase first"
    );
    crate::flow::return_and_refund(&app, &author, order).await;
    let after = feed(&app, &reader).await;
    assert_eq!(
        order_of(after.clone()),
        [ids[1], ids[0]],
        "the refund took its boost away"
    );
    assert_eq!(after["items"][1]["share"]["verified_purchase"], false);
}

async fn control_characters_are_refused_everywhere_and_nothing_is_saved(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "帆布包", "fashion", 5900, true).await;
    let a = register(&app, "writer", "password 123").await;
    let bad = |status: u16, body: &Value, what: &str| {
        assert_eq!(
            (status, body["code"].as_str(), body["problem"].as_str()),
            (422, Some("invalid_input"), Some("bad_characters")),
            "{what}: {body}"
        );
    };
    for text in ["a\u{0}b", "\u{1b}[31m红色", "退格\u{8}"] {
        let (status, body) = share(&app, &a, json!({"product_id": p, "text": text})).await;
        bad(status, &body, "share");
    }
    let (status, ok) = share(
        &app,
        &a,
        json!({"product_id": p, "text": "换行\n和\t制表可以"}),
    )
    .await;
    assert_eq!(status, 201, "line breaks and tabs are writing: {ok}");
    let id = ok["id"].as_i64().unwrap();
    let comment = a
        .post(app.url(&format!("/api/v1/shares/id/{id}/comments")))
        .json(&json!({"text": "nul\u{0}"}));
    let (status, body) = call(comment).await;
    bad(status, &body, "comment");
    let reg = Browser::new().post(app.url("/api/v1/auth/register")).json(
        &json!({"handle": "ctrl_name", "display_name": "名\u{7}字", "password": "password 123"}),
    );
    let (status, body) = call(reg).await;
    bad(status, &body, "display name");
    let other = register(&app, "other_one", "password 123").await;
    let rep = other
        .post(app.url(&format!("/api/v1/shares/id/{id}/report")))
        .json(&json!({"reason": "spam", "note": "x\u{0}"}));
    let (status, body) = call(rep).await;
    bad(status, &body, "report note");
    let apply = a
        .post(app.url("/api/v1/merchant/applications"))
        .json(&json!({
            "shop_name": "店\u{0}", "category": "home", "contact": "13800000000",
            "credit_code": "91350100M000100Y43"
        }));
    let (status, body) = call(apply).await;
    bad(status, &body, "merchant application");
    for url in [
        "/api/v1/products?q=%00",
        "/api/v1/people?q=a%00",
        "/api/v1/people/a%00b",
        "/s/abc%00",
    ] {
        let (status, body) = call(a.get(app.url(url))).await;
        bad(status, &body, url);
    }
    let login = Browser::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"handle": "writer\u{0}", "password": "password 123"}));
    let (status, body) = call(login).await;
    bad(status, &body, "login handle");
    // Nothing of it was saved: one share, and no comment, report, application or account.
    let count = |table: &'static str| {
        let store = app.store.clone();
        async move {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let n: i64 = sqlx::query_scalar(&sql)
                .fetch_one(&mut *store.conn().await.unwrap())
                .await
                .unwrap();
            n
        }
    };
    assert_eq!(count("shares").await, 1);
    assert_eq!(count("comments").await, 0);
    assert_eq!(count("reports").await, 0);
    assert_eq!(count("merchant_applications").await, 0);
    let handles: Vec<String> =
        sqlx::query_scalar("SELECT handle FROM users WHERE handle = 'ctrl_name'")
            .fetch_all(&mut *app.store.conn().await.unwrap())
            .await
            .unwrap();
    assert!(handles.is_empty());
}
