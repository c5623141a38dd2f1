//! A question's public link `/q/{id}` (问大家): server-rendered card meta, the question and
//! its answers with 已购 as HTML, the data the app takes over from, and 404s.

use crate::helpers::{call, product, register, Browser, TestDb};
use crate::landing::spawn;
use crate::on_each_database;
use crate::questions::{answer, ask, id};
use crate::shares::purchase;
use serde_json::Value;

on_each_database!(a_question_link_carries_its_card_and_answers_as_html);

async fn a_question_link_carries_its_card_and_answers_as_html(db: TestDb) {
    let (app, _dist) = spawn(db).await;
    let p = product(&app, "婴儿推车", "home", 129_900, true).await;
    let asker = register(&app, "new_parent", "password 123").await;
    let q = id(&ask(&app, &asker, p, "能上飞机吗？<script>").await.1);
    let buyer = register(&app, "dad_of_two", "password 123").await;
    purchase(&app, &buyer, p, true).await;
    assert_eq!(
        answer(&app, &buyer, q, "可以，折叠后能放行李架 & 很轻")
            .await
            .0,
        201
    );

    // A chat app's link preview: no cookies, no scripts.
    let res = reqwest::get(app.url(&format!("/q/{q}"))).await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    for needle in [
        "<meta property=\"og:title\" content=\"问大家：能上飞机吗？&lt;script&gt;\">",
        "<meta property=\"og:description\" content=\"测试用户：可以，折叠后能放行李架 &amp; 很轻\">",
        &format!("<link rel=\"canonical\" href=\"http://127.0.0.1/q/{q}\">"),
        "<span class=\"badge verified\">已购</span>",
        "<span class=\"qa-since\">今天刚买</span>",
        "可以，折叠后能放行李架 &amp; 很轻",
        "婴儿推车",
        &format!("href=\"/p/{p}\""),
        "<script type=\"application/json\" id=\"circle-question\">",
    ] {
        assert!(html.contains(needle), "missing {needle} in {html}");
    }
    assert!(!html.contains("<script>\""), "the question is escaped");
    // The embedded data is the API's answer, and cannot break out of its block.
    let start = html.find("id=\"circle-question\">").unwrap() + "id=\"circle-question\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let embedded: Value = serde_json::from_str(&html[start..end]).unwrap();
    let (_, api) = call(Browser::new().get(app.url(&format!("/api/v1/questions/{q}")))).await;
    assert_eq!(embedded, api);
    assert!(!html[start..end].contains('<'));

    for missing in ["/q/999999", "/q/abc"] {
        let res = reqwest::get(app.url(missing)).await.unwrap();
        assert_eq!(res.status(), 404, "{missing}");
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("这个问题不存在或已被隐藏"));
    }
}
