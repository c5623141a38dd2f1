//! Logging in with WeChat (网页授权) against the WeChat stand-in, one redirect at a time:
//! a stranger's account is made from their nickname and their earlier share tap becomes
//! theirs; a known openid logs back in; a `state` that is not this browser's, a refusal,
//! and a code used twice or never issued each end on a page that says so; a logged-in
//! account links and unlinks its WeChat, and an account made by WeChat cannot unlink.

use crate::earnings::{buy, earnings, share_of, COMMISSION, PRICE};
use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use std::sync::Arc;
use wechat_standin::{Calls, Person};

on_each_database!(
    a_stranger_logs_in_with_wechat_and_buys_through_the_share,
    a_bad_state_a_refusal_and_a_used_code_each_get_a_clear_page,
    an_account_links_and_unlinks_its_wechat,
);

async fn standin_app(db: TestDb) -> (TestApp, Arc<Calls>) {
    let (base, calls) = wechat_standin::spawn(wechat_standin::Options {
        app_id: "wx_test_app".into(),
        secret: "secret&=value".into(),
        fail: false,
        delay: std::time::Duration::ZERO,
    })
    .await
    .expect("the stand-in listens");
    (TestApp::spawn_with_wechat(db, base).await, calls)
}

/// The `Location` of a redirect (and its status).
async fn location(who: &Browser, url: &str) -> (u16, String, String) {
    let res = who.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    let to = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, to, res.text().await.unwrap_or_default())
}

/// Starts a WeChat login at `start` (a path of the app) and plays WeChat: the authorize
/// page's redirect, which names our public URL, is followed to the test server.
/// The callback's (status, Location, page).
async fn wechat_login(app: &TestApp, who: &Browser, start: &str) -> (u16, String, String) {
    let (status, authorize, _) = location(who, &app.url(start)).await;
    assert_eq!(status, 302);
    assert!(authorize.contains("/connect/oauth2/authorize?appid=wx_test_app&redirect_uri=https%3A%2F%2Fcircle.example%2Fauth%2Fwechat%2Fcallback"), "{authorize}");
    assert!(
        authorize.contains("&scope=snsapi_userinfo&state=")
            && authorize.ends_with("#wechat_redirect")
    );
    let (status, back, _) = location(who, authorize.trim_end_matches("#wechat_redirect")).await;
    assert_eq!(status, 302, "the stand-in sends the browser back");
    let back = back.replace("https://circle.example", &app.url(""));
    location(who, &back).await
}

async fn me(app: &TestApp, who: &Browser) -> (u16, serde_json::Value) {
    call(who.get(app.url("/api/v1/me"))).await
}

async fn a_stranger_logs_in_with_wechat_and_buys_through_the_share(db: TestDb) {
    let (app, calls) = standin_app(db).await;
    let p = product(&app, "降噪耳机", "digital", PRICE, true).await;
    let sharer = register(&app, "sharer", "password123").await;
    let code = share_of(&app, &sharer, p).await;
    // A stranger taps the share's buy button inside WeChat, logged out.
    let stranger = Browser::manual();
    let tap = stranger
        .post(app.url(&format!("/api/v1/shares/{code}/click")))
        .send()
        .await
        .unwrap();
    assert_eq!(tap.status(), 204);
    calls.next_person(Person {
        openid: "oSTRANGER".into(),
        unionid: Some("uSTRANGER".into()),
        nickname: "路过的小明".into(),
        avatar: "https://thirdwx.qlogo.cn/mmopen/x/132".into(),
    });
    let (status, to, _) =
        wechat_login(&app, &stranger, &format!("/auth/wechat?next=/s/{code}")).await;
    assert_eq!((status, to.as_str()), (302, format!("/s/{code}").as_str()));
    let (status, account) = me(&app, &stranger).await;
    assert_eq!(status, 200, "{account}");
    assert_eq!(account["display_name"], "路过的小明");
    assert!(account["handle"].as_str().unwrap().starts_with("wx_"));
    let (_, link) = call(stranger.get(app.url("/api/v1/me/wechat"))).await;
    assert_eq!(
        link,
        serde_json::json!({"linked": true, "nickname": "路过的小明", "has_password": false})
    );
    // The tap made before logging in is theirs: the purchase earns the sharer's commission.
    let order = buy(&app, &stranger, p).await;
    assert_eq!(order["attribution"], "commission");
    assert_eq!(earnings(&app, &sharer).await["pending_cents"], COMMISSION);

    // The same WeChat on another phone logs into the same account.
    calls.next_person(Person {
        openid: "oSTRANGER".into(),
        unionid: Some("uSTRANGER".into()),
        nickname: "小明换了昵称".into(),
        avatar: String::new(),
    });
    let again = Browser::manual();
    let (status, to, _) =
        wechat_login(&app, &again, "/auth/wechat?next=https://evil.example/").await;
    assert_eq!(
        (status, to.as_str()),
        (302, "/"),
        "only our own paths come next"
    );
    assert_eq!(me(&app, &again).await.1["id"], account["id"]);
    assert_eq!(calls.problems(), Vec::<String>::new());
}

async fn a_bad_state_a_refusal_and_a_used_code_each_get_a_clear_page(db: TestDb) {
    let (app, calls) = standin_app(db).await;
    // Someone else's callback (their code and state) in this browser: no login.
    let victim = Browser::manual();
    let attacker = Browser::manual();
    let (_, authorize, _) = location(&attacker, &app.url("/auth/wechat?next=/me")).await;
    let (_, back, _) = location(&attacker, authorize.trim_end_matches("#wechat_redirect")).await;
    let back = back.replace("https://circle.example", &app.url(""));
    let (status, _, page) = location(&victim, &back).await;
    assert_eq!(status, 400);
    assert!(
        page.contains("登录请求已失效") && page.contains("href=\"/auth/wechat?next=%2Fme\""),
        "{page}"
    );
    assert_eq!(me(&app, &victim).await.0, 401);

    // The user refuses on WeChat's page: no code comes back.
    let who = Browser::manual();
    calls.deny_next();
    let (status, _, page) = wechat_login(&app, &who, "/auth/wechat?next=/me").await;
    assert_eq!(status, 403);
    assert!(page.contains("你没有同意微信授权"), "{page}");
    assert_eq!(me(&app, &who).await.0, 401);

    // The attacker's own callback is fine once; the same code again (40163) is not,
    // nor a code WeChat never issued (40029).
    let (status, _, _) = location(&attacker, &back).await;
    assert_eq!(status, 302);
    for code in [
        back.split("code=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap()
            .to_owned(),
        "NEVER-ISSUED".to_owned(),
    ] {
        let who = Browser::manual();
        let (_, authorize, _) = location(&who, &app.url("/auth/wechat?next=/me")).await;
        let state = authorize
            .split("state=")
            .nth(1)
            .unwrap()
            .split('#')
            .next()
            .unwrap();
        let url = app.url(&format!(
            "/auth/wechat/callback?next=/me&code={code}&state={state}"
        ));
        let (status, _, page) = location(&who, &url).await;
        assert_eq!(status, 400, "{code}");
        assert!(page.contains("登录链接已用过或已过期"), "{page}");
    }
    assert_eq!(calls.problems(), Vec::<String>::new());
}

async fn an_account_links_and_unlinks_its_wechat(db: TestDb) {
    let (app, calls) = standin_app(db).await;
    let anna = register(&app, "anna", "password123").await;
    // `register` gives a following browser: carry its session to a manual one.
    let manual = Browser::manual();
    let token = anna.session_token(&app.url("")).unwrap();
    manual.add_cookie(&app.url("/"), &format!("circle_session={token}"));
    calls.next_person(Person {
        openid: "oANNA".into(),
        unionid: None,
        nickname: "安娜".into(),
        avatar: String::new(),
    });
    let (status, to, _) = wechat_login(&app, &manual, "/auth/wechat?next=/me&link=1").await;
    assert_eq!((status, to.as_str()), (302, "/me"));
    let (_, link) = call(anna.get(app.url("/api/v1/me/wechat"))).await;
    assert_eq!(
        link,
        serde_json::json!({"linked": true, "nickname": "安娜", "has_password": true})
    );

    // Her WeChat now logs into her account.
    calls.next_person(Person {
        openid: "oANNA".into(),
        unionid: None,
        nickname: "安娜".into(),
        avatar: String::new(),
    });
    let phone = Browser::manual();
    wechat_login(&app, &phone, "/auth/wechat?next=/").await;
    assert_eq!(me(&app, &phone).await.1["handle"], "anna");

    // Linking it to another account is refused with a page; so is a second WeChat.
    let bert = register(&app, "bert", "password123").await;
    let bert_manual = Browser::manual();
    let token = bert.session_token(&app.url("")).unwrap();
    bert_manual.add_cookie(&app.url("/"), &format!("circle_session={token}"));
    calls.next_person(Person {
        openid: "oANNA".into(),
        unionid: None,
        nickname: "安娜".into(),
        avatar: String::new(),
    });
    let (status, _, page) = wechat_login(&app, &bert_manual, "/auth/wechat?next=/me&link=1").await;
    assert_eq!(status, 409);
    assert!(page.contains("不能绑定这个微信"), "{page}");

    // Unlinked, her WeChat no longer logs in as her (it would make a new account).
    assert_eq!(call(anna.delete(app.url("/api/v1/me/wechat"))).await.0, 204);
    let (_, link) = call(anna.get(app.url("/api/v1/me/wechat"))).await;
    assert_eq!(link["linked"], false);
    // An account WeChat made has no password: it cannot unlink.
    let stranger = Browser::manual();
    wechat_login(&app, &stranger, "/auth/wechat?next=/").await;
    let (status, err) = call(stranger.delete(app.url("/api/v1/me/wechat"))).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("wechat_only")),
        "{err}"
    );
    assert_eq!(calls.problems(), Vec::<String>::new());
}
