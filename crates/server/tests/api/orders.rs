//! Buying: idempotent checkout, forward-only order states, and who may see an order.

use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database_threaded;
use serde_json::{json, Value};

on_each_database_threaded!(
    checkout_creates_a_paid_order_and_a_retry_returns_the_same_one,
    the_same_key_with_another_body_is_refused_and_creates_nothing,
    concurrent_checkouts_with_one_key_create_exactly_one_order,
    checkout_bad_inputs_get_clear_errors,
    someone_elses_order_is_404_and_unchanged,
    my_orders_are_listed_newest_first_in_keyset_pages,
);

async fn buy(app: &TestApp, client: &Browser, key: &str, body: Value) -> (u16, Value) {
    call(
        client
            .post(app.url("/api/v1/orders"))
            .header("idempotency-key", key)
            .json(&body),
    )
    .await
}

async fn order_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

async fn checkout_creates_a_paid_order_and_a_retry_returns_the_same_one(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "云南普洱茶饼", "food", 12800, true).await;
    let buyer = register(&app, "tea_lover", "password 123").await;
    let (status, order) = buy(
        &app,
        &buyer,
        "key-1",
        json!({"product_id": tea, "quantity": 3}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(order["status"], "paid");
    assert_eq!(order["amount_cents"], 38400);
    assert_eq!(order["quantity"], 3);
    assert_eq!(order["product"]["id"], tea);

    let res = buyer
        .post(app.url("/api/v1/orders"))
        .header("idempotency-key", "key-1")
        .json(&json!({"product_id": tea, "quantity": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    let again: Value = res.json().await.unwrap();
    assert_eq!(again["id"], order["id"]);
    assert_eq!(order_count(&app).await, 1);

    // Another key is another purchase.
    let (status, second) = buy(
        &app,
        &buyer,
        "key-2",
        json!({"product_id": tea, "quantity": 3}),
    )
    .await;
    assert_eq!(status, 201);
    assert_ne!(second["id"], order["id"]);
}

async fn the_same_key_with_another_body_is_refused_and_creates_nothing(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let buyer = register(&app, "key_reuser", "password 123").await;
    assert_eq!(
        buy(&app, &buyer, "k", json!({"product_id": tea, "quantity": 1}))
            .await
            .0,
        201
    );
    let (status, err) = buy(&app, &buyer, "k", json!({"product_id": tea, "quantity": 2})).await;
    assert_eq!(status, 422);
    assert_eq!(err["code"], "idempotency_key_reused");
    assert_eq!(order_count(&app).await, 1);

    // Keys belong to their buyer: someone else's "k" is a new purchase.
    let other = register(&app, "other_buyer", "password 123").await;
    assert_eq!(
        buy(&app, &other, "k", json!({"product_id": tea, "quantity": 2}))
            .await
            .0,
        201
    );
}

async fn concurrent_checkouts_with_one_key_create_exactly_one_order(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let buyer = register(&app, "double_tapper", "password 123").await;
    let token = buyer.session_token(&app.url("/")).unwrap();
    let attempts = (0..20).map(|_| {
        let url = app.url("/api/v1/orders");
        let token = token.clone();
        async move {
            let res = reqwest::Client::new()
                .post(url)
                .header("cookie", format!("circle_session={token}"))
                .header(circle_api::CSRF_HEADER, "1")
                .header("idempotency-key", "one-tap")
                .json(&json!({"product_id": tea, "quantity": 1}))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap();
            (status, body["id"].as_i64())
        }
    });
    let results = futures::future::join_all(attempts).await;
    let created = results.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(created, 1, "{results:?}");
    assert!(
        results.iter().all(|(s, _)| *s == 201 || *s == 200),
        "{results:?}"
    );
    let ids: std::collections::HashSet<_> = results.iter().map(|(_, id)| *id).collect();
    assert_eq!(
        ids.len(),
        1,
        "every answer names the same order: {results:?}"
    );
    assert_eq!(order_count(&app).await, 1);
}

async fn checkout_bad_inputs_get_clear_errors(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let fake = product(&app, "来路不明", "food", 100, false).await;
    let review = product(&app, "审核中", "food", 100, true).await;
    circle_server::store::catalog::set_product_status(
        &mut app.store.conn().await.unwrap(),
        review,
        "under_review",
    )
    .await
    .unwrap();
    let buyer = register(&app, "careful", "password 123").await;

    let anonymous = Browser::new()
        .post(app.url("/api/v1/orders"))
        .header("idempotency-key", "x")
        .json(&json!({"product_id": tea, "quantity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    let no_key = buyer
        .post(app.url("/api/v1/orders"))
        .json(&json!({"product_id": tea, "quantity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(no_key.status(), 422);
    assert_eq!(
        no_key.json::<Value>().await.unwrap()["field"],
        "idempotency_key"
    );

    let cases = [
        (
            json!({"product_id": tea, "quantity": 0}),
            422,
            "invalid_input",
        ),
        (
            json!({"product_id": tea, "quantity": 100}),
            422,
            "invalid_input",
        ),
        (json!({"product_id": tea}), 422, "invalid_input"),
        (
            json!({"product_id": 987654, "quantity": 1}),
            404,
            "not_found",
        ),
        (
            json!({"product_id": fake, "quantity": 1}),
            409,
            "product_unavailable",
        ),
        (
            json!({"product_id": review, "quantity": 1}),
            409,
            "product_unavailable",
        ),
    ];
    for (i, (body, status, code)) in cases.into_iter().enumerate() {
        let (got, err) = buy(&app, &buyer, &format!("bad-{i}"), body.clone()).await;
        assert_eq!(got, status, "{body}");
        assert_eq!(err["code"], code, "{body}");
    }
    assert_eq!(order_count(&app).await, 0);
}

async fn someone_elses_order_is_404_and_unchanged(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let alice = register(&app, "alice", "password 123").await;
    let bob = register(&app, "bob", "password 123").await;
    let (_, order) = buy(
        &app,
        &alice,
        "a1",
        json!({"product_id": tea, "quantity": 1}),
    )
    .await;
    let id = order["id"].as_i64().unwrap();
    for path in [
        format!("/api/v1/orders/{id}/receive"),
        format!("/api/v1/orders/{id}/cancel"),
    ] {
        assert_eq!(
            bob.post(app.url(&path)).send().await.unwrap().status(),
            404,
            "{path}"
        );
    }
    let url = app.url(&format!("/api/v1/orders/{id}/return"));
    let res = bob
        .post(url)
        .json(&json!({"reason": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(
        bob.get(app.url(&format!("/api/v1/orders/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let mine: Value = alice
        .get(app.url(&format!("/api/v1/orders/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["status"], "paid");
    let bobs: Value = bob
        .get(app.url("/api/v1/orders"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(bobs["items"].as_array().unwrap().len(), 0);
    assert_eq!(
        Browser::new()
            .get(app.url("/api/v1/orders"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

async fn my_orders_are_listed_newest_first_in_keyset_pages(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 100, true).await;
    let buyer = register(&app, "regular", "password 123").await;
    for i in 0..5 {
        buy(
            &app,
            &buyer,
            &format!("k{i}"),
            json!({"product_id": tea, "quantity": i + 1}),
        )
        .await;
    }
    let page: Value = buyer
        .get(app.url("/api/v1/orders?limit=3"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let quantities: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["quantity"].as_i64().unwrap())
        .collect();
    assert_eq!(quantities, [5, 4, 3]);
    let next = page["next"].as_str().unwrap();
    let rest: Value = buyer
        .get(app.url(&format!("/api/v1/orders?limit=3&after={next}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let quantities: Vec<i64> = rest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["quantity"].as_i64().unwrap())
        .collect();
    assert_eq!(quantities, [2, 1]);
    assert!(rest["next"].is_null());
}
