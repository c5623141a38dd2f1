//! 收益 `/earnings` rendered on the server: for the reader logged in, their totals,
//! commissions, withdrawals and shares as HTML and as the data the app starts from;
//! logged out, the plain shell (the app asks to log in).

use crate::circle_page::first_data;
use crate::earnings::{key, sharer_with_available, COMMISSION};
use crate::helpers::{call, Browser, TestDb};
use crate::landing::{spawn, INDEX};
use crate::on_each_database;
use serde_json::json;

on_each_database!(
    earnings_come_rendered_with_their_figures_and_data,
    logged_out_earnings_are_the_plain_shell,
);

async fn earnings_come_rendered_with_their_figures_and_data(db: TestDb) {
    let (app, _dist) = spawn(db).await;
    let (sharer, buyer) = sharer_with_available(&app, "ep").await;
    let (status, made) = call(
        sharer
            .post(app.url("/api/v1/withdrawals"))
            .header("idempotency-key", key())
            .json(&json!({"amount_cents": 1000})),
    )
    .await;
    assert_eq!(status, 201, "{made}");

    let res = sharer.get(app.url("/earnings")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-circle-rendered"], "1");
    assert_eq!(res.headers()["cache-control"], "private, no-cache");
    let html = res.text().await.unwrap();

    // The data: exactly what the API paths the app reads answer.
    let data = first_data(&html);
    assert_eq!(data["/api/v1/me"]["handle"], "ep_a");
    for path in [
        "/api/v1/earnings",
        "/api/v1/earnings/commissions",
        "/api/v1/earnings/shares",
        "/api/v1/withdrawals",
    ] {
        let (status, answer) = call(sharer.get(app.url(path))).await;
        assert_eq!(status, 200, "{path}: {answer}");
        assert_eq!(data[path], answer, "{path}");
    }
    assert_eq!(
        data["/api/v1/earnings"]["available_cents"],
        COMMISSION - 1000
    );

    // The page: in place of the splash, the figures, the form, the lists.
    let body = &html[html.find("<body>").unwrap()..];
    assert!(!body.contains("boot-mark"));
    assert!(
        body.contains(
            "<div id=\"boot\"><main class=\"page\"><header class=\"page-head\"><h1>收益</h1></header>\
             <section class=\"card totals\" aria-label=\"收益\"><div class=\"markup\"><div class=\"total-main\">"
        ),
        "{body}"
    );
    assert!(
        body.contains("data-testid=\"available\">¥40.00</strong>"),
        "{body}"
    );
    assert!(
        body.contains("<dd data-testid=\"withdrawn\">¥0.00</dd>"),
        "{body}"
    );
    assert!(body.contains("<dt>提现中</dt><dd>¥10.00</dd>"), "{body}");
    assert!(
        body.contains("data-act=\"withdraw\">提现</button>"),
        "¥40.00 can be withdrawn: {body}"
    );
    assert!(
        body.contains("<p class=\"commission-title\">ep的好物</p>"),
        "{body}"
    );
    assert!(body.contains("已确认，已计入可提现"), "{body}");
    assert!(
        body.contains("<h2>提现记录</h2>") && body.contains("处理中"),
        "{body}"
    );
    assert!(body.contains("<h2>我的分享效果</h2>"), "{body}");
    assert!(
        body.contains("<p class=\"fineprint\">佣金只奖励真实购买"),
        "{body}"
    );

    // Nothing earned yet: the empty state, and nothing to withdraw.
    let html = buyer
        .get(app.url("/earnings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<h2>还没有收益</h2>"), "{html}");
    assert!(
        html.contains("data-act=\"withdraw\" disabled>提现</button>"),
        "{html}"
    );
    assert!(!html.contains("<h2>佣金明细</h2>"));
}

async fn logged_out_earnings_are_the_plain_shell(db: TestDb) {
    let (app, _dist) = spawn(db).await;
    let res = Browser::new()
        .get(app.url("/earnings"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("x-circle-rendered").is_none());
    assert_eq!(res.text().await.unwrap(), INDEX);
}
