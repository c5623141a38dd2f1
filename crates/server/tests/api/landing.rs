//! The public share page `/s/{code}`: server-rendered card meta and visible share, 404s,
//! and the QR code.

use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use serde_json::json;

on_each_database!(
    a_share_page_carries_its_card_and_the_share_as_html,
    unknown_and_deleted_shares_get_a_404_page,
    the_qr_code_encodes_the_link,
    a_share_cannot_break_out_of_its_embedded_json,
);

/// The shape of the built `index.html` that the page is rendered into.
pub(crate) const INDEX: &str = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
    <title>购物圈</title><meta name=\"description\" content=\"购物圈：和好友分享\">\
    <link rel=\"stylesheet\" href=\"/style-0123456789abcdef.css\"></head>\
    <body><div id=\"boot\" class=\"boot\" aria-hidden=\"true\"><div class=\"boot-mark\"></div></div></body></html>";

pub(crate) async fn spawn(db: TestDb) -> (TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), INDEX).unwrap();
    let app = TestApp::spawn_with_dist(db, dist.path().to_owned()).await;
    (app, dist)
}

/// `who` buys, receives and shares; returns (code, share id).
async fn shared(app: &TestApp, who: &Browser, product: i64, text: &str) -> (String, i64) {
    let (_, order) = call(
        who.post(app.url("/api/v1/orders"))
            .header("idempotency-key", format!("k-{product}"))
            .json(&json!({"product_id": product, "quantity": 1})),
    )
    .await;
    let id = order["id"].as_i64().unwrap();
    crate::flow::deliver(app, who, id).await;
    let (status, share) = call(
        who.post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": product, "text": text, "rating": 5})),
    )
    .await;
    assert_eq!(status, 201, "{share}");
    (
        share["code"].as_str().unwrap().to_owned(),
        share["id"].as_i64().unwrap(),
    )
}

async fn a_share_page_carries_its_card_and_the_share_as_html(db: TestDb) {
    let (app, _dist) = spawn(db).await;
    let p = product(&app, "云南古树普洱 357g", "food", 29_900, true).await;
    let author = register(&app, "puer_fan", "password123").await;
    let text = "回甘很明显 <b>不是广告</b> & 值得买";
    let (code, _) = shared(&app, &author, p, text).await;

    // A chat app's link preview: no cookies, no scripts.
    let res = reqwest::get(app.url(&format!("/s/{code}"))).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = res.text().await.unwrap();
    let head = &html[..html.find("</head>").unwrap()];
    assert!(
        head.contains("<meta property=\"og:title\" content=\"测试用户 推荐：云南古树普洱 357g\">"),
        "{head}"
    );
    assert!(head.contains("<meta property=\"og:description\" content=\"回甘很明显 &lt;b&gt;不是广告&lt;/b&gt; &amp; 值得买\">"), "{head}");
    assert!(head.contains(&format!(
        "<meta property=\"og:url\" content=\"http://127.0.0.1/s/{code}\">"
    )));
    // The drawn card, with its size and words for those who cannot see it.
    for meta in [
        format!("<meta property=\"og:image\" content=\"http://127.0.0.1/s/{code}/card.jpg\">"),
        "<meta property=\"og:image:width\" content=\"1200\">".into(),
        "<meta property=\"og:image:height\" content=\"630\">".into(),
        "<meta property=\"og:image:alt\" content=\"云南古树普洱 357g · ¥299.00\">".into(),
        format!("<meta itemprop=\"image\" content=\"http://127.0.0.1/s/{code}/card-square.jpg\">"),
    ] {
        assert!(head.contains(&meta), "{meta} in {head}");
    }
    // WeChat's picture is a property of the page, which is its item (valid HTML).
    assert!(head.contains("<html itemscope itemtype=\"https://schema.org/WebPage\" lang="));
    assert_eq!(head.matches("<title>").count(), 1, "one title: the share's");
    assert_eq!(head.matches("name=\"description\"").count(), 1);
    // The visible share, as HTML, in place of the splash; the user's text stays text.
    let body = &html[html.find("<body>").unwrap()..];
    assert!(!body.contains("boot-mark"));
    assert!(body.contains("<h1 class=\"landing-title\">云南古树普洱 357g</h1>"));
    assert!(body.contains("¥299.00"));
    assert!(body.contains("<span class=\"badge verified\">已购</span>"));
    assert!(body.contains("★★★★★"));
    assert!(body.contains("回甘很明显 &lt;b&gt;不是广告&lt;/b&gt; &amp; 值得买"));
    assert!(!html.contains("<b>不是广告</b>"));
    assert!(body.contains("分享有佣金"));
    assert!(body.contains(&format!("href=\"/p/{p}\"")));
    // The same share as data for the app, which must not be able to end its script.
    let start = html
        .find("<script type=\"application/json\" id=\"circle-share\">")
        .unwrap();
    let json_text = &html[start..];
    let json_text =
        &json_text[json_text.find('>').unwrap() + 1..json_text.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json_text).unwrap();
    assert_eq!(data["code"], code.as_str());
    assert_eq!(data["text"], text);
    // Rendering the page records no click.
    let clicks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM share_clicks")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(clicks, 0, "a page load is not a click");
    // It discloses that the sharer can earn, never how much.
    assert!(!html.contains("commission_bp") && !html.contains("commission_cents"));
}

async fn unknown_and_deleted_shares_get_a_404_page(db: TestDb) {
    let (app, _dist) = spawn(db).await;
    let res = reqwest::get(app.url("/s/doesNotExist")).await.unwrap();
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("这条分享不存在或已被隐藏"));
    assert!(html.contains("noindex"));
    assert!(!html.contains("og:title"));

    let p = product(&app, "手冲壶", "home", 15_900, true).await;
    let author = register(&app, "pour", "password123").await;
    let (code, id) = shared(&app, &author, p, "出水很稳").await;
    assert_eq!(
        reqwest::get(app.url(&format!("/s/{code}")))
            .await
            .unwrap()
            .status(),
        200
    );
    let (status, _) = call(author.delete(app.url(&format!("/api/v1/shares/id/{id}")))).await;
    assert_eq!(status, 204);
    let res = reqwest::get(app.url(&format!("/s/{code}"))).await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(!res.text().await.unwrap().contains("出水很稳"));

    // A share a moderator hid: the same 404 page, nothing of it shown.
    let kettle = product(&app, "细口壶", "home", 12_900, true).await;
    let (code, id) = shared(&app, &author, kettle, "第二把壶也不错").await;
    assert_eq!(
        reqwest::get(app.url(&format!("/s/{code}")))
            .await
            .unwrap()
            .status(),
        200
    );
    let moderator = crate::flow::moderator(&app).await;
    let hide = moderator
        .post(app.url(&format!("/api/v1/moderation/shares/{id}/hide")))
        .json(&json!({"reason": "测试隐藏"}));
    assert_eq!(call(hide).await.0, 204);
    let res = reqwest::get(app.url(&format!("/s/{code}"))).await.unwrap();
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("这条分享不存在或已被隐藏") && !html.contains("第二把壶"));
}

async fn the_qr_code_encodes_the_link(db: TestDb) {
    let (app, _dist) = spawn(db).await;
    let p = product(&app, "帆布包", "fashion", 5_900, true).await;
    let author = register(&app, "bag", "password123").await;
    let (code, _) = shared(&app, &author, p, "能装电脑").await;
    let res = reqwest::get(app.url(&format!("/s/{code}/qr.svg")))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = res.text().await.unwrap();
    assert_eq!(
        decode_qr(&svg),
        format!("http://127.0.0.1/s/{code}"),
        "a phone's camera reads the link"
    );
    // The same link's QR is always the same picture; another link's differs.
    let again = reqwest::get(app.url(&format!("/s/{code}/qr.svg")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(svg, again);
    assert_eq!(
        reqwest::get(app.url("/s/nope/qr.svg"))
            .await
            .unwrap()
            .status(),
        404
    );
}

/// Reads a QR code the way a camera would: the SVG's dark squares (`M{x} {y}h{w}v{h}…`,
/// as the `qrcode` crate draws them) painted into a greyscale image, then found and
/// decoded by `rqrr`, a decoder that shares nothing with the encoder.
fn decode_qr(svg: &str) -> String {
    let attr = |name: &str| -> &str {
        let start = svg.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
        let len = svg[start..].find('"').expect("attribute end");
        &svg[start..start + len]
    };
    let size: usize = attr("width").parse().unwrap();
    let mut dark = vec![false; size * size];
    for square in attr("d").split('M').filter(|s| !s.is_empty()) {
        let number = |s: &str| s.trim().parse::<usize>().unwrap();
        let (at, rest) = square.split_once('h').unwrap();
        let (x, y) = at.split_once(' ').unwrap();
        let (w, rest) = rest.split_once('v').unwrap();
        let (h, _) = rest.split_once('H').unwrap();
        let (x, y, w, h) = (number(x), number(y), number(w), number(h));
        for row in y..y + h {
            for col in x..x + w {
                dark[row * size + col] = true;
            }
        }
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
        if dark[y * size + x] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().expect("decodes").1
}

/// `<!--<script>` in a share's text once swallowed the rest of the page into the JSON
/// block: with scripts off, the share vanished. Nothing in the block may start markup.
async fn a_share_cannot_break_out_of_its_embedded_json(db: TestDb) {
    let (app, _dist) = spawn(db).await;
    let p = product(&app, "蓝牙音箱", "digital", 19_900, true).await;
    let author = register(&app, "tricky", "password123").await;
    let text = "音质不错 <!--<script> </script> & 值得";
    let (code, _) = shared(&app, &author, p, text).await;
    let html = reqwest::get(app.url(&format!("/s/{code}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let open = "<script type=\"application/json\" id=\"circle-share\">";
    let start = html.find(open).expect("the data block") + open.len();
    let len = html[start..].find("</script>").expect("its end");
    let block = &html[start..start + len];
    assert!(!block.contains(['<', '>', '&']), "{block}");
    let data: serde_json::Value = serde_json::from_str(block).unwrap();
    assert_eq!(data["text"], text, "the JSON still means the same text");
    // The visible share, as a browser with scripts off renders it: after the data block,
    // the page's own markup, with the text escaped.
    assert!(
        html.contains("音质不错 &lt;!--&lt;script&gt; &lt;/script&gt; &amp; 值得"),
        "{html}"
    );
    assert!(html.ends_with("</html>"), "the page is whole");
}
