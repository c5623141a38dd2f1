//! Sharing limits: one share per product per China day, ten a day, a merchant's one ad
//! a day, no near-duplicates; each refusal says when or why and saves nothing.

use crate::helpers::{call, product, register, retry_after, TestApp, TestDb};
use crate::on_each_database;
use crate::shares::{purchase, share, DISTINCT};
use circle_server::clock::DAY;
use serde_json::{json, Value};

/// Whole seconds from the test's fixed clock to the next China midnight (rounded up),
/// computed apart from the server's own helper: what `Retry-After` must say.
fn until_midnight(app: &TestApp) -> u64 {
    use circle_api::{china_day, china_day_start};
    let now = circle_server::clock::Clock::now(&app.clock);
    let wait = china_day_start(china_day(now) + 1) - now;
    u64::try_from((wait + 999) / 1000).unwrap().max(1)
}

on_each_database!(
    one_share_per_product_per_day_with_retry_after,
    ten_shares_a_day_and_the_eleventh_waits_for_tomorrow,
    a_merchants_shares_of_its_own_products_are_ads_once_a_day,
    a_near_duplicate_of_a_recent_share_is_refused_with_its_reason,
);

async fn one_share_per_product_per_day_with_retry_after(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let cup = product(&app, "杯子", "home", 8900, true).await;
    let a = register(&app, "anna", "password 123").await;
    purchase(&app, &a, tea, true).await;
    assert_eq!(
        share(
            &app,
            &a,
            json!({"product_id": tea, "text": "第一次", "rating": 5})
        )
        .await
        .0,
        201
    );
    let res = a
        .post(app.url("/api/v1/shares"))
        .json(&json!({"product_id": tea, "text": "第二次"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let retry: u64 = retry_after(&res);
    assert_eq!(retry, until_midnight(&app));
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["code"], "share_limit");
    assert!(err["message"].as_str().unwrap().contains("today"));
    // Another product the same day is fine; the same product the next day too.
    assert_eq!(
        share(&app, &a, json!({"product_id": cup, "text": "杯子不错"}))
            .await
            .0,
        201
    );
    app.clock.advance(DAY);
    let (status, s) = share(&app, &a, json!({"product_id": tea, "text": "第二天再聊"})).await;
    assert_eq!(status, 201);
    assert_eq!(s["verified_purchase"], true);
    // The one delivered order was rated already.
    let (status, err) = share(
        &app,
        &a,
        json!({"product_id": cup, "text": "x", "rating": 3}),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("rating_not_allowed"))
    );
    app.clock.advance(DAY);
    let (status, err) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "再评一次", "rating": 1}),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("rating_not_allowed"))
    );
}

async fn ten_shares_a_day_and_the_eleventh_waits_for_tomorrow(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let author = register(&app, "busy", "password 123").await;
    let mut products = Vec::new();
    for i in 0..12 {
        products.push(product(&app, &format!("好物{i}"), "home", 1000, true).await);
    }
    for (i, p) in products.iter().take(10).enumerate() {
        let (status, body) =
            share(&app, &author, json!({"product_id": p, "text": DISTINCT[i]})).await;
        assert_eq!(status, 201, "share {}: {body}", i + 1);
    }
    let res = author
        .post(app.url("/api/v1/shares"))
        .json(&json!({"product_id": products[10], "text": DISTINCT[10]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let retry: u64 = retry_after(&res);
    assert_eq!(retry, until_midnight(&app));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "daily_share_limit");
    assert!(body["message"].as_str().unwrap().contains("10"));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shares")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(count, 10, "the refused share was not saved");
    app.clock.advance(DAY);
    let (status, _) = share(
        &app,
        &author,
        json!({"product_id": products[10], "text": DISTINCT[10]}),
    )
    .await;
    assert_eq!(status, 201, "a new day, a new allowance");
}

async fn a_merchants_shares_of_its_own_products_are_ads_once_a_day(db: TestDb) {
    use circle_server::{clock::Clock, store::catalog};
    let app = TestApp::spawn(db).await;
    let seller = register(&app, "seller", "password 123").await;
    let (_, me) = call(seller.get(app.url("/api/v1/me"))).await;
    let seller_id = me["id"].as_i64().unwrap();
    let now = app.clock.now();
    let merchant = catalog::insert_merchant(
        &mut app.store.conn().await.unwrap(),
        "卖家自营店",
        true,
        Some(seller_id),
        now,
    )
    .await
    .unwrap();
    let mut own = Vec::new();
    for title in ["自营茶叶", "自营茶具"] {
        own.push(
            catalog::insert_product(
                &mut app.store.conn().await.unwrap(),
                catalog::NewProduct {
                    merchant_id: merchant,
                    title,
                    category: "food",
                    description: "",
                    price_cents: 5000,
                    stock: 100,
                    commission_bp: 500,
                    image_id: None,
                    status: circle_api::ProductStatus::Active,
                },
                now,
            )
            .await
            .unwrap(),
        );
    }
    let (status, ad) = share(
        &app,
        &seller,
        json!({"product_id": own[0], "text": DISTINCT[0]}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(ad["is_ad"], true);
    let (status, err) = share(
        &app,
        &seller,
        json!({"product_id": own[1], "text": DISTINCT[1]}),
    )
    .await;
    assert_eq!((status, err["code"].as_str()), (429, Some("ad_limit")));
    let res = seller
        .post(app.url("/api/v1/shares"))
        .json(&json!({"product_id": own[1], "text": DISTINCT[2]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let retry: u64 = retry_after(&res);
    assert_eq!(retry, until_midnight(&app), "until the next China day");
    // Someone else's product is an ordinary share, and the same merchant's product
    // shared by a shopper is no ad.
    let other = product(&app, "别家的杯子", "home", 3000, true).await;
    let (status, plain) = share(
        &app,
        &seller,
        json!({"product_id": other, "text": DISTINCT[2]}),
    )
    .await;
    assert_eq!((status, plain["is_ad"].as_bool()), (201, Some(false)));
    let shopper = register(&app, "shopper", "password 123").await;
    let (status, s) = share(
        &app,
        &shopper,
        json!({"product_id": own[1], "text": DISTINCT[3]}),
    )
    .await;
    assert_eq!((status, s["is_ad"].as_bool()), (201, Some(false)));
    app.clock.advance(DAY);
    let (status, _) = share(
        &app,
        &seller,
        json!({"product_id": own[1], "text": DISTINCT[4]}),
    )
    .await;
    assert_eq!(status, 201, "one ad a day");
}

async fn a_near_duplicate_of_a_recent_share_is_refused_with_its_reason(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let author = register(&app, "copier", "password 123").await;
    let a = product(&app, "保温杯A", "home", 1000, true).await;
    let b = product(&app, "保温杯B", "home", 1000, true).await;
    let text = "这款保温杯真的很好用，早上灌的热水到下午还是烫的，杯盖也不漏水。";
    assert_eq!(
        share(&app, &author, json!({"product_id": a, "text": text}))
            .await
            .0,
        201
    );
    app.clock.advance(DAY);
    let nearly = "这款保温杯真的很好用！早上灌的热水到晚上还是烫的，杯盖也不漏水";
    let (status, err) = share(&app, &author, json!({"product_id": b, "text": nearly})).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("near_duplicate"))
    );
    assert!(err["message"].as_str().unwrap().contains("7 days"));
    // Something new about it is fine; so is the old text a week later; and another
    // person may say the same.
    let (status, _) = share(
        &app,
        &author,
        json!({"product_id": b, "text": "杯子B的盖子更紧，适合放包里"}),
    )
    .await;
    assert_eq!(status, 201);
    let other = register(&app, "other", "password 123").await;
    assert_eq!(
        share(&app, &other, json!({"product_id": a, "text": text}))
            .await
            .0,
        201
    );
    app.clock.advance(7 * DAY);
    let c = product(&app, "保温杯C", "home", 1000, true).await;
    assert_eq!(
        share(&app, &author, json!({"product_id": c, "text": nearly}))
            .await
            .0,
        201
    );
}
