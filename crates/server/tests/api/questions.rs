//! 问大家 (issue 16): only verified buyers answer, routing prefers friends and keeps the
//! per-buyer cap and the opt-out, helpful marks count like likes, reports hide and
//! moderators restore, and the limits hold under parallel requests.

use crate::helpers::{
    call, notification_kinds, product, register, retry_after, Browser, TestApp, TestDb,
};
use crate::on_each_database;
use crate::shares::{befriend, purchase};
use serde_json::{json, Value};

on_each_database!(
    only_verified_buyers_answer_and_a_refund_takes_already_bought_away,
    routing_prefers_friends_and_keeps_the_cap_and_the_opt_out,
    asking_has_a_daily_limit_refuses_repeats_and_bad_text,
    helpful_marks_count_only_from_accounts_whose_likes_count,
    reports_hide_an_answer_out_of_the_counts_until_a_moderator_restores_it,
);

pub(crate) async fn ask(app: &TestApp, who: &Browser, product: i64, text: &str) -> (u16, Value) {
    let url = app.url(&format!("/api/v1/products/{product}/questions"));
    call(who.post(url).json(&json!({ "text": text }))).await
}

pub(crate) async fn answer(
    app: &TestApp,
    who: &Browser,
    question: i64,
    text: &str,
) -> (u16, Value) {
    let url = app.url(&format!("/api/v1/questions/{question}/answers"));
    call(who.post(url).json(&json!({ "text": text }))).await
}

pub(crate) async fn detail(app: &TestApp, who: &Browser, question: i64) -> Value {
    let (status, body) = call(who.get(app.url(&format!("/api/v1/questions/{question}")))).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// A 30-day-old account with a delivered order of `of`: its likes and reports count.
pub(crate) async fn established(app: &TestApp, of: i64) -> Browser {
    let id = crate::flow::account(app, circle_api::Role::Shopper).await;
    let who = crate::flow::session(app, id).await;
    purchase(app, &who, of, true).await;
    who
}

pub(crate) fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

async fn seller_of(app: &TestApp, product: i64) -> Browser {
    let merchant: i64 = sqlx::query_scalar("SELECT merchant_id FROM products WHERE id = $1")
        .bind(product)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    crate::flow::shop(app, merchant).await
}

/// How many questions were sent to the account `who` (their 问大家 notifications).
pub(crate) async fn asked_of(app: &TestApp, who: &Browser) -> usize {
    notification_kinds(app, who)
        .await
        .iter()
        .filter(|k| *k == "question_asked")
        .count()
}

async fn only_verified_buyers_answer_and_a_refund_takes_already_bought_away(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "空气炸锅", "home", 29900, true).await;
    let asker = register(&app, "asker", "password 123").await;
    let (status, q) = ask(&app, &asker, p, "噪音大吗？").await;
    assert_eq!(status, 201, "{q}");
    let question = id(&q);
    assert_eq!(
        (q["answer_count"].as_i64(), &q["best_answer"]),
        (Some(0), &Value::Null)
    );

    // Not bought, or bought and not received yet: 403 with the code the app explains.
    let (status, body) = answer(&app, &asker, question, "应该还好").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("not_a_buyer")),
        "{body}"
    );
    let waiting = register(&app, "waiting", "password 123").await;
    purchase(&app, &waiting, p, false).await;
    assert_eq!(answer(&app, &waiting, question, "还没到").await.0, 403);

    let buyer = register(&app, "buyer", "password 123").await;
    let order = purchase(&app, &buyer, p, true).await;
    assert_eq!(detail(&app, &buyer, question).await["can_answer"], true);
    let (status, a) = answer(&app, &buyer, question, "很安静，用了一个月了").await;
    assert_eq!(status, 201, "{a}");
    assert_eq!(
        (&a["verified_purchase"], &a["by_merchant"]),
        (&json!(true), &json!(false))
    );
    assert!(a["bought_at"].as_i64().is_some(), "{a}");
    let (status, again) = answer(&app, &buyer, question, "再说一次").await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("already_answered"))
    );
    assert_eq!(detail(&app, &buyer, question).await["can_answer"], false);

    // The merchant, told of the question, answers as 商家, shown apart.
    let seller = seller_of(&app, p).await;
    let kinds = notification_kinds(&app, &seller).await;
    assert_eq!(
        kinds.iter().filter(|k| *k == "question_to_shop").count(),
        1,
        "{kinds:?}"
    );
    let (status, m) = answer(&app, &seller, question, "我们的电机是静音款").await;
    assert_eq!(status, 201, "{m}");
    assert_eq!(
        (&m["by_merchant"], &m["verified_purchase"]),
        (&json!(true), &json!(false))
    );
    let d = detail(&app, &Browser::new(), question).await;
    assert_eq!(d["question"]["answer_count"], 2);
    assert_eq!(d["answers"].as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d["answers"][0]["id"], a["id"]);
    assert_eq!(d["merchant_answer"]["id"], m["id"]);
    assert_eq!(
        d["question"]["best_answer"]["id"], a["id"],
        "a buyer's answer is the best"
    );
    assert_eq!(d["can_answer"], false, "nobody logged in answers");

    // The asker is told, with the question and the product.
    let (_, notes) = call(asker.get(app.url("/api/v1/notifications"))).await;
    let told: Vec<&Value> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "question_answered")
        .collect();
    assert_eq!(told.len(), 2, "{notes}");
    assert_eq!(
        (
            told[0]["question_text"].as_str(),
            told[0]["product_title"].as_str()
        ),
        (Some("噪音大吗？"), Some("空气炸锅"))
    );

    // A refund takes 已购 away from the answer (and the right to answer again).
    crate::flow::return_and_refund(&app, &buyer, order).await;
    let d = detail(&app, &buyer, question).await;
    assert_eq!(
        (
            &d["answers"][0]["verified_purchase"],
            &d["answers"][0]["bought_at"]
        ),
        (&json!(false), &Value::Null)
    );
    let other = ask(&app, &asker, p, "能炸薯条吗").await.1;
    let (status, body) = answer(&app, &buyer, id(&other), "能").await;
    assert_eq!((status, body["code"].as_str()), (403, Some("not_a_buyer")));
    assert_eq!(answer(&app, &buyer, 999_999, "能").await.0, 404);
}

async fn routing_prefers_friends_and_keeps_the_cap_and_the_opt_out(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "登山鞋", "sports", 59900, true).await;
    let asker = register(&app, "hiker", "password 123").await;
    let mut buyers = Vec::new();
    for i in 0..7 {
        let handle = format!("buyer{i}");
        let b = register(&app, &handle, "password 123").await;
        purchase(&app, &b, p, true).await;
        buyers.push((b, handle));
    }
    // The two oldest buyers are the asker's friends; buyer2 turned questions off.
    for (b, _) in &buyers[..2] {
        befriend(&app, b, &asker, "hiker").await;
    }
    let off = buyers[2].0.put(app.url("/api/v1/me/question-settings"));
    let (status, body) = call(off.json(&json!({"receive": false}))).await;
    assert_eq!((status, &body["receive"]), (200, &json!(false)));
    let (_, read) = call(buyers[2].0.get(app.url("/api/v1/me/question-settings"))).await;
    assert_eq!(read["receive"], false);

    let (status, q1) = ask(&app, &asker, p, "防水吗？").await;
    assert_eq!(status, 201, "{q1}");
    let mut got = Vec::new();
    for (b, _) in &buyers {
        got.push(asked_of(&app, b).await);
    }
    // Friends first (0, 1), then the most recent buyers (6, 5, 4); 3 left out, 2 off.
    assert_eq!(got, vec![1, 1, 0, 0, 1, 1, 1]);
    let (_, notes) = call(buyers[0].0.get(app.url("/api/v1/notifications"))).await;
    let n = &notes["items"][0];
    assert_eq!(
        (
            n["kind"].as_str(),
            n["question_text"].as_str(),
            n["product_title"].as_str()
        ),
        (Some("question_asked"), Some("防水吗？"), Some("登山鞋"))
    );
    assert_eq!(n["question_id"], q1["id"]);
    let (_, waiting) = call(buyers[0].0.get(app.url("/api/v1/questions/waiting"))).await;
    assert_eq!(
        (
            waiting[0]["question"]["id"].as_i64(),
            &waiting[0]["from_friend"]
        ),
        (Some(id(&q1)), &json!(true))
    );
    assert_eq!(waiting[0]["product"]["id"], p);

    // Three questions a day reach one buyer: the fourth goes to the one left out.
    for text in ["鞋底软吗", "尺码偏大吗", "重不重"] {
        assert_eq!(ask(&app, &asker, p, text).await.0, 201);
    }
    let mut got = Vec::new();
    for (b, _) in &buyers {
        got.push(asked_of(&app, b).await);
    }
    assert_eq!(got, vec![3, 3, 0, 1, 3, 3, 3]);
    let (_, inbox) = call(buyers[3].0.get(app.url("/api/v1/questions/waiting"))).await;
    assert_eq!(inbox.as_array().unwrap().len(), 1, "{inbox}");
    assert_eq!(inbox[0]["from_friend"], false);

    // A friend's open question waits in the circle of a friend who bought, even with
    // questions off; once answered by anyone it leaves those not sent it.
    befriend(&app, &buyers[2].0, &asker, "hiker").await;
    let (_, w) = call(buyers[2].0.get(app.url("/api/v1/questions/waiting"))).await;
    assert_eq!(w.as_array().unwrap().len(), 4, "{w}");
    assert_eq!(
        answer(&app, &buyers[0].0, id(&q1), "防水，下雨走过")
            .await
            .0,
        201
    );
    let (_, w) = call(buyers[2].0.get(app.url("/api/v1/questions/waiting"))).await;
    assert_eq!(w.as_array().unwrap().len(), 3, "answered: {w}");
    let (_, w) = call(buyers[0].0.get(app.url("/api/v1/questions/waiting"))).await;
    assert!(
        w.as_array()
            .unwrap()
            .iter()
            .all(|x| x["question"]["id"] != q1["id"]),
        "{w}"
    );
}

async fn asking_has_a_daily_limit_refuses_repeats_and_bad_text(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "护手霜", "beauty", 4900, true).await;
    let asker = register(&app, "curious", "password 123").await;
    let count = || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM questions")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        n
    };
    for (text, problem) in [
        ("", "required"),
        ("   ", "required"),
        ("bell\u{7}", "bad_characters"),
    ] {
        let (status, body) = ask(&app, &asker, p, text).await;
        assert_eq!(
            (status, body["field"].as_str(), body["problem"].as_str()),
            (422, Some("text"), Some(problem)),
            "{body}"
        );
    }
    let (status, body) = ask(&app, &asker, p, &"问".repeat(201)).await;
    assert_eq!((status, body["problem"].as_str()), (422, Some("too_long")));
    assert_eq!(count().await, 0, "nothing refused is saved");
    assert_eq!(ask(&app, &asker, p, &"问".repeat(200)).await.0, 201);

    assert_eq!(ask(&app, &asker, p, "油不油腻？").await.0, 201);
    let (status, body) = ask(&app, &asker, p, "油不油腻").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("near_duplicate")),
        "{body}"
    );
    for text in ["香味持久吗", "冬天够用吗", "会不会过敏"] {
        assert_eq!(ask(&app, &asker, p, text).await.0, 201);
    }
    let res = asker
        .post(app.url(&format!("/api/v1/products/{p}/questions")))
        .json(&json!({"text": "第六个问题"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(retry_after(&res) > 0);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "daily_question_limit");
    assert_eq!(count().await, 5);
    assert_eq!(ask(&app, &asker, 999_999, "有货吗").await.0, 404);
    assert_eq!(ask(&app, &Browser::new(), p, "有货吗").await.0, 401);

    // The list pages by keyset, newest first, without repeats.
    let url = |after: Option<&str>| {
        let mut u = app.url(&format!("/api/v1/products/{p}/questions?limit=3"));
        if let Some(a) = after {
            u.push_str(&format!("&after={a}"));
        }
        u
    };
    let (_, first) = call(Browser::new().get(url(None))).await;
    let next = first["next"].as_str().unwrap().to_owned();
    let (_, second) = call(Browser::new().get(url(Some(&next)))).await;
    let ids: Vec<i64> = [&first, &second]
        .iter()
        .flat_map(|pg| pg["items"].as_array().unwrap().iter().map(id))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!((ids.len(), &ids), (5, &sorted));
    let (_, topic) =
        call(Browser::new().get(app.url(&format!("/api/v1/products/{p}/topic")))).await;
    assert_eq!(
        (
            topic["questions"]["count"].as_i64(),
            topic["questions"]["top"].as_array().map(Vec::len)
        ),
        (Some(5), Some(3))
    );
}

async fn helpful_marks_count_only_from_accounts_whose_likes_count(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "电动牙刷", "beauty", 19900, true).await;
    let other = product(&app, "牙膏", "beauty", 1900, true).await;
    let asker = register(&app, "brusher", "password 123").await;
    let q = id(&ask(&app, &asker, p, "续航多久？").await.1);
    let buyer = register(&app, "owner", "password 123").await;
    purchase(&app, &buyer, p, true).await;
    let a = id(&answer(&app, &buyer, q, "充一次用三周").await.1);
    let mark = |who: &Browser, on: bool| {
        let url = app.url(&format!("/api/v1/answers/{a}/helpful"));
        call(if on { who.put(url) } else { who.delete(url) })
    };

    // A fresh account's mark is kept but does not count.
    let (status, s) = mark(&asker, true).await;
    assert_eq!(
        (status, &s["helpful"], s["helpful_count"].as_i64()),
        (200, &json!(true), Some(0)),
        "{s}"
    );
    // An established buyer's counts, once however often.
    let old = established(&app, other).await;
    assert_eq!(mark(&old, true).await.1["helpful_count"], 1);
    assert_eq!(mark(&old, true).await.1["helpful_count"], 1);
    let (status, body) = mark(&buyer, true).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("forbidden")),
        "not one's own"
    );
    let d = detail(&app, &old, q).await;
    assert_eq!(
        (
            d["answers"][0]["helpful_count"].as_i64(),
            &d["answers"][0]["helpful_by_me"]
        ),
        (Some(1), &json!(true))
    );

    // The topic shows the question with its best answer; marks order the questions.
    let q2 = id(&ask(&app, &asker, p, "刷毛硬吗").await.1);
    let (_, topic) =
        call(Browser::new().get(app.url(&format!("/api/v1/products/{p}/topic")))).await;
    let top = &topic["questions"]["top"];
    assert_eq!(
        (
            topic["questions"]["count"].as_i64(),
            top[0]["id"].as_i64(),
            top[1]["id"].as_i64()
        ),
        (Some(2), Some(q), Some(q2))
    );
    assert_eq!(top[0]["best_answer"]["id"], a);
    assert_eq!(top[0]["best_answer"]["verified_purchase"], true);

    // Taking the counted mark back takes the count; the fresh one's takes nothing.
    assert_eq!(mark(&old, false).await.1["helpful_count"], 0);
    let (_, s) = mark(&asker, false).await;
    assert_eq!(
        (&s["helpful"], s["helpful_count"].as_i64()),
        (&json!(false), Some(0))
    );
    assert_eq!(
        call(Browser::new().put(app.url("/api/v1/answers/999999/helpful")))
            .await
            .0,
        401
    );
    assert_eq!(mark(&old, true).await.0, 200);
    let helpful: i64 = sqlx::query_scalar("SELECT helpful_count FROM questions WHERE id = $1")
        .bind(q)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(helpful, 1, "the question's count follows its answers'");
}

async fn reports_hide_an_answer_out_of_the_counts_until_a_moderator_restores_it(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let moderator = crate::flow::moderator(&app).await;
    let p = product(&app, "咖啡豆", "food", 8800, true).await;
    let other = product(&app, "滤纸", "food", 900, true).await;
    let asker = register(&app, "coffee", "password 123").await;
    let q = id(&ask(&app, &asker, p, "酸度高吗").await.1);
    let spammer = register(&app, "spammer", "password 123").await;
    purchase(&app, &spammer, p, true).await;
    let a = id(&answer(&app, &spammer, q, "加我微信买更便宜").await.1);
    let fan = established(&app, other).await;
    let url = app.url(&format!("/api/v1/answers/{a}/helpful"));
    assert_eq!(call(fan.put(url)).await.1["helpful_count"], 1);
    let report = |who: Browser| {
        let url = app.url(&format!("/api/v1/answers/{a}/report"));
        async move { call(who.post(url).json(&json!({"reason": "spam"}))).await }
    };
    let (status, body) = report(spammer.clone()).await;
    assert_eq!(status, 403, "not one's own: {body}");
    let (status, body) = call(
        asker
            .post(app.url(&format!("/api/v1/answers/{a}/report")))
            .json(&json!({"reason": "counterfeit"})),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("reason")));

    // New accounts' reports queue it without hiding it.
    for i in 0..6 {
        let fresh = register(&app, &format!("fresh{i}"), "password 123").await;
        let (status, r) = report(fresh).await;
        assert_eq!((status, &r["counts"]), (201, &json!(false)), "{r}");
    }
    assert_eq!(detail(&app, &asker, q).await["question"]["answer_count"], 1);
    let (_, queue) = call(moderator.get(app.url("/api/v1/moderation/queue"))).await;
    let case = &queue["posts"][0];
    assert_eq!(
        (case["kind"].as_str(), case["id"].as_i64(), &case["hidden"]),
        (Some("answer"), Some(a), &json!(false)),
        "{queue}"
    );
    assert_eq!(
        (
            case["question_id"].as_i64(),
            case["reports"].as_array().unwrap().len()
        ),
        (Some(q), 6)
    );

    // Five established reporters hide it: it leaves the answers and the counts.
    for _ in 0..5 {
        let (status, r) = report(established(&app, other).await).await;
        assert_eq!((status, &r["counts"]), (201, &json!(true)));
    }
    let counts = || async {
        let row: (i64, i64) =
            sqlx::query_as("SELECT answer_count, helpful_count FROM questions WHERE id = $1")
                .bind(q)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        row
    };
    assert_eq!(counts().await, (0, 0));
    let d = detail(&app, &asker, q).await;
    assert_eq!(
        (
            d["answers"].as_array().unwrap().len(),
            &d["question"]["best_answer"]
        ),
        (0, &Value::Null)
    );
    assert_eq!(
        call(fan.put(app.url(&format!("/api/v1/answers/{a}/helpful"))))
            .await
            .0,
        404
    );

    // A moderator restores it (logged): it counts again; hides it again: out again.
    let act = |verb: &str| {
        moderator
            .post(app.url(&format!("/api/v1/moderation/answers/{a}/{verb}")))
            .json(&json!({"reason": "复核"}))
    };
    assert_eq!(
        call(
            asker
                .post(app.url(&format!("/api/v1/moderation/answers/{a}/restore")))
                .json(&json!({"reason": "x"}))
        )
        .await
        .0,
        403
    );
    assert_eq!(call(act("restore")).await.0, 204);
    assert_eq!(counts().await, (1, 1));
    assert_eq!(call(act("hide")).await.0, 204);
    assert_eq!(counts().await, (0, 0));
    let (_, log) = call(moderator.get(app.url("/api/v1/moderation/log"))).await;
    assert_eq!(
        (log[0]["action"].as_str(), log[1]["action"].as_str()),
        (Some("hide_answer"), Some("restore_answer"))
    );

    // A question is hidden the same way, and its page is gone.
    let hide = moderator
        .post(app.url(&format!("/api/v1/moderation/questions/{q}/hide")))
        .json(&json!({"reason": "广告"}));
    assert_eq!(call(hide).await.0, 204);
    let (status, _) = call(Browser::new().get(app.url(&format!("/api/v1/questions/{q}")))).await;
    assert_eq!(status, 404);
    let (_, topic) =
        call(Browser::new().get(app.url(&format!("/api/v1/products/{p}/topic")))).await;
    assert_eq!(topic["questions"]["count"], 0);
}
