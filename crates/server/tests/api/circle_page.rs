//! The circle `/` rendered on the server: for the reader logged in, page one of their
//! feed as HTML and as the data the app starts from; logged out, the plain shell. And a
//! product's topic `/p/{id}`: its facts as HTML, the topic as data, for anyone.

use crate::helpers::{product, register, Browser, TestDb};
use crate::landing::{spawn, INDEX};
use crate::on_each_database;
use crate::shares::{befriend, feed, purchase, share};
use serde_json::{json, Value};

on_each_database!(
    the_circle_comes_rendered_with_its_first_page_and_data,
    logged_out_the_circle_is_the_plain_shell,
    a_topic_comes_rendered_with_its_product_and_data,
);

/// The embedded data of a rendered page.
pub(crate) fn first_data(html: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"circle-first\">";
    let start = html.find(open).expect("the data block") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

async fn the_circle_comes_rendered_with_its_first_page_and_data(db: TestDb) {
    let (app, _dist) = spawn(db).await;
    let tea = product(&app, "云南古树普洱 357g", "food", 29_900, true).await;
    let anna = register(&app, "anna", "password 123").await;
    let bert = register(&app, "bert", "password 123").await;
    befriend(&app, &anna, &bert, "bert").await;
    purchase(&app, &anna, tea, true).await;
    let text = "回甘 <script>alert(1)</script> & </script><!-- 值得买";
    let (status, shared) = share(
        &app,
        &anna,
        json!({"product_id": tea, "text": text, "rating": 4}),
    )
    .await;
    assert_eq!(status, 201, "{shared}");

    let res = bert.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-circle-rendered"], "1");
    assert_eq!(res.headers()["cache-control"], "private, no-cache");
    let html = res.text().await.unwrap();

    // The data: who is logged in, exactly the feed's first page, the waiting questions.
    let data = first_data(&html);
    assert_eq!(data["/api/v1/me"]["handle"], "bert");
    assert_eq!(data["/api/v1/feed"], feed(&app, &bert).await);
    assert_eq!(data["/api/v1/feed"]["items"][0]["share"]["text"], text);
    assert_eq!(data["/api/v1/questions/waiting"], json!([]));
    // Before `index.html`'s own script, which skips its requests when it is there.
    assert!(
        html.find("id=\"circle-first\"").unwrap() < html.find("<link rel=\"stylesheet\"").unwrap()
    );
    assert_eq!(
        html.matches("</script>").count(),
        1,
        "the user's text cannot end the block"
    );

    // The page: in place of the splash, the heading, the card, its buttons.
    let body = &html[html.find("<body>").unwrap()..];
    assert!(!body.contains("boot-mark"));
    assert!(
        body.contains("<div id=\"boot\"><main class=\"page\">"),
        "{body}"
    );
    assert!(
        body.contains("<h1>购物圈</h1><span class=\"page-sub\">测试用户</span>"),
        "{body}"
    );
    assert!(
        body.contains("<article class=\"share card\" aria-label=\"测试用户 · 云南古树普洱 357g\">"),
        "{body}"
    );
    assert!(body.contains(
        "回甘 &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/script&gt;&lt;!-- 值得买"
    ));
    assert!(!body.contains("<script>alert"));
    assert!(body.contains("★★★★☆"));
    assert!(
        body.contains(
            "data-act=\"like\" aria-pressed=\"false\">♡ 赞 <span class=\"count\">0</span>"
        ),
        "{body}"
    );
    assert!(body.contains(&format!(
        "<a href=\"/p/{tea}\" class=\"share-product\" data-act=\"tap\">"
    )));
    assert!(
        body.contains("data-act=\"report\""),
        "a friend's share can be reported"
    );
    assert!(body.contains("<p class=\"fineprint\">没有更多了</p>"));
    // The shell's title stays.
    assert_eq!(html.matches("<title>购物圈</title>").count(), 1);

    // The author's own card offers edit and delete while the window is open.
    let own = || async {
        anna.get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let now = own().await;
    assert!(
        now.contains("data-act=\"edit\"") && now.contains("data-act=\"delete\""),
        "{now}"
    );
    assert!(!now.contains("data-act=\"report\""));
    app.clock.advance(31 * 60_000);
    let later = own().await;
    assert!(!later.contains("data-act=\"edit\"") && later.contains("data-act=\"delete\""));
}

async fn logged_out_the_circle_is_the_plain_shell(db: TestDb) {
    let (app, _dist) = spawn(db).await;
    let res = Browser::new().get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("x-circle-rendered").is_none());
    assert_eq!(res.text().await.unwrap(), INDEX);
    // A session the server no longer knows is logged out too.
    let stale = Browser::new();
    stale.add_cookie(&app.url("/"), "circle_session=not-a-session");
    let res = stale.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), INDEX);
}

async fn a_topic_comes_rendered_with_its_product_and_data(db: TestDb) {
    let (app, _dist) = spawn(db).await;
    let tea = product(&app, "普洱 <i>357g</i>", "food", 29_900, true).await;

    // A stranger from a link: the product as HTML, the topic as data, nobody logged in.
    let res = Browser::new()
        .get(app.url(&format!("/p/{tea}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-circle-rendered"], "1");
    let html = res.text().await.unwrap();
    let data = first_data(&html);
    assert_eq!(data["/api/v1/me"], Value::Null);
    let (_, topic) =
        crate::helpers::call(Browser::new().get(app.url(&format!("/api/v1/products/{tea}/topic"))))
            .await;
    assert_eq!(
        data[&format!("/api/v1/products/{tea}/topic")],
        topic,
        "the same topic the API answers"
    );
    let body = &html[html.find("<body>").unwrap()..];
    assert!(!body.contains("boot-mark"));
    assert!(body.contains("<div id=\"boot\"><main class=\"page\"><article class=\"product\"><div class=\"markup\"><img class=\"product-hero\""), "{body}");
    assert!(
        body.contains("<p class=\"price big\">¥299.00</p><h1>普洱 &lt;i&gt;357g&lt;/i&gt;</h1>"),
        "{body}"
    );
    assert!(
        body.contains("<span class=\"badge verified\">认证商家</span> · 食品</p>"),
        "{body}"
    );

    // A member: who they are comes with it.
    let anna = register(&app, "anna", "password 123").await;
    let html = anna
        .get(app.url(&format!("/p/{tea}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(first_data(&html)["/api/v1/me"]["handle"], "anna");

    // No such product, or no number: the plain shell, and the app says so.
    for path in [
        "/p/999999".to_owned(),
        "/p/abc".to_owned(),
        format!("/p/{tea}x"),
    ] {
        let res = Browser::new().get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(res.headers().get("x-circle-rendered").is_none(), "{path}");
        assert_eq!(res.text().await.unwrap(), INDEX, "{path}");
    }
}
