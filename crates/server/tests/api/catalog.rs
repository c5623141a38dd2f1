//! Catalog API: search by title and category, keyset pages, what is hidden, media.

use crate::helpers::{product, TestApp, TestDb};
use crate::on_each_database;
use circle_server::store::{catalog, media};
use serde_json::Value;

on_each_database!(
    search_finds_buyable_products_by_title_and_category,
    pages_are_keyset_and_complete_without_duplicates,
    bad_search_parameters_are_422,
    a_product_page_shows_any_status_and_unknown_ids_are_404,
    media_is_served_with_its_type_and_cached_for_good,
);

async fn get(app: &TestApp, path: &str) -> (u16, Value) {
    let res = reqwest::get(app.url(path)).await.unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn search_finds_buyable_products_by_title_and_category(db: TestDb) {
    let app = TestApp::spawn(db).await;
    product(&app, "兰蔻小黑瓶精华", "beauty", 76000, true).await;
    product(&app, "云南普洱茶饼", "food", 12800, true).await;
    product(&app, "Apple AirPods Pro", "digital", 189900, true).await;
    product(&app, "假冒精华", "beauty", 9900, false).await;
    let delisted = product(&app, "下架精华", "beauty", 9900, true).await;
    catalog::set_product_status(&mut app.store.conn().await.unwrap(), delisted, "delisted")
        .await
        .unwrap();

    let (status, all) = get(&app, "/api/v1/products").await;
    assert_eq!(status, 200);
    assert_eq!(
        titles(&all),
        ["Apple AirPods Pro", "云南普洱茶饼", "兰蔻小黑瓶精华"]
    );
    assert!(all["next"].is_null());
    assert_eq!(all["items"][0]["buyable"], true);
    assert_eq!(all["items"][0]["merchant"]["verified"], true);

    let (_, beauty) = get(&app, "/api/v1/products?category=beauty").await;
    assert_eq!(titles(&beauty), ["兰蔻小黑瓶精华"]);
    let (_, essence) = get(&app, "/api/v1/products?q=%E7%B2%BE%E5%8D%8E").await; // 精华
    assert_eq!(titles(&essence), ["兰蔻小黑瓶精华"]);
    let (_, airpods) = get(&app, "/api/v1/products?q=airpods").await;
    assert_eq!(titles(&airpods), ["Apple AirPods Pro"]);
    let (_, wildcard) = get(&app, "/api/v1/products?q=%25").await;
    assert_eq!(
        titles(&wildcard),
        Vec::<String>::new(),
        "% is a character, not a wildcard"
    );
}

async fn pages_are_keyset_and_complete_without_duplicates(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for i in 0..25 {
        product(&app, &format!("商品{i:02}"), "home", 1000 + i, true).await;
    }
    let (_, first) = get(&app, "/api/v1/products").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 20);
    let next = first["next"].as_str().unwrap().to_owned();
    // A product added between the pages does not shift the second page.
    product(&app, "新上架", "home", 999, true).await;
    let (_, second) = get(&app, &format!("/api/v1/products?after={next}")).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 5);
    assert!(second["next"].is_null());
    let mut seen: Vec<String> = titles(&first).into_iter().chain(titles(&second)).collect();
    assert_eq!(seen.first().map(String::as_str), Some("商品24"));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 25);

    let (_, small) = get(&app, "/api/v1/products?limit=3").await;
    assert_eq!(small["items"].as_array().unwrap().len(), 3);
    for i in 0..30 {
        product(&app, &format!("更多{i:02}"), "home", 500, true).await;
    }
    let (_, capped) = get(&app, "/api/v1/products?limit=1000").await;
    assert_eq!(
        capped["items"].as_array().unwrap().len(),
        50,
        "page size is capped at 50"
    );
    assert!(capped["next"].is_string());
}

async fn bad_search_parameters_are_422(db: TestDb) {
    let app = TestApp::spawn(db).await;
    for path in [
        "/api/v1/products?after=abc",
        "/api/v1/products?limit=many",
        &format!("/api/v1/products?q={}", "长".repeat(51)),
    ] {
        let (status, body) = get(&app, path).await;
        assert_eq!(status, 422, "{path}");
        assert_eq!(body["code"], "invalid_input", "{path}");
    }
}

async fn a_product_page_shows_any_status_and_unknown_ids_are_404(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let id = product(&app, "审核中的面膜", "beauty", 5900, true).await;
    catalog::set_product_status(&mut app.store.conn().await.unwrap(), id, "under_review")
        .await
        .unwrap();
    let (status, body) = get(&app, &format!("/api/v1/products/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "under_review");
    assert_eq!(body["buyable"], false);
    assert_eq!(body["price_cents"], 5900);
    assert_eq!(get(&app, "/api/v1/products/999999").await.0, 404);
    assert_eq!(get(&app, "/api/v1/products/not-a-number").await.0, 404);
}

/// A drawing kept as it was sent, as databases from before photo renditions hold the
/// demo's products. (id, token)
async fn drawing(conn: &mut circle_server::store::Db, svg: &[u8]) -> (i64, String) {
    let token = media::new_token();
    let id = sqlx::query_scalar(
        "INSERT INTO media (owner_id, content_type, bytes, created_at, size, token) \
         VALUES (NULL, 'image/svg+xml', $1, 0, 0, $2) RETURNING id",
    )
    .bind(svg)
    .bind(&token)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    (id, token)
}

async fn media_is_served_with_its_type_and_cached_for_good(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#;
    let mut conn = app.store.conn().await.unwrap();
    let (id, token) = drawing(&mut conn, svg).await;
    let (_, loose) = drawing(&mut conn, svg).await;
    let p = product(&app, "画", "home", 100, true).await;
    sqlx::query("UPDATE products SET image_id = $1 WHERE id = $2")
        .bind(id)
        .bind(p)
        .execute(&mut *conn)
        .await
        .unwrap();
    let (_, body) = get(&app, &format!("/api/v1/products/{p}")).await;
    assert_eq!(body["image_url"], format!("/media/{token}"));
    let res = reqwest::get(app.url(&format!("/media/{token}")))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    // Not for good: a removal must reach caches.
    assert_eq!(res.headers()["cache-control"], "public, max-age=600");
    assert_eq!(res.bytes().await.unwrap().as_ref(), svg);
    // By its id, or a drawing nothing shows: not found.
    for path in [
        format!("/media/{id}"),
        format!("/media/{loose}"),
        "/media/424242".into(),
    ] {
        assert_eq!(
            reqwest::get(app.url(&path)).await.unwrap().status(),
            404,
            "{path}"
        );
    }
}
