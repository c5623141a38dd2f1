//! The 关系链: friend requests and their answers, unfriending, follows, profiles.

use crate::helpers::{register, Browser, TestApp, TestDb};
use crate::on_each_database;
use serde_json::{json, Value};

on_each_database!(
    a_request_accepted_makes_both_friends,
    decline_and_cancel_end_a_request_and_only_the_right_party_may,
    duplicate_self_and_unknown_requests_are_refused,
    asking_someone_who_asked_you_accepts_their_request,
    unfriend_ends_it_for_both,
    follows_are_idempotent_and_show_on_the_profile,
    people_search_by_handle_prefix_shows_the_relation,
);

async fn send(app: &TestApp, from: &Browser, to: &str) -> (u16, Value) {
    let res = from
        .post(app.url("/api/v1/friend-requests"))
        .json(&json!({"to_handle": to}))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn post(app: &TestApp, who: &Browser, path: &str) -> u16 {
    who.post(app.url(path))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn friend_handles(app: &TestApp, who: &Browser) -> Vec<String> {
    let page: Value = who
        .get(app.url("/api/v1/friends"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["handle"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_request_accepted_makes_both_friends(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let (status, req) = send(&app, &a, "bert").await;
    assert_eq!(status, 201);
    assert_eq!(req["status"], "pending");
    assert_eq!(req["from"]["handle"], "anna");
    let id = req["id"].as_i64().unwrap();

    let incoming: Value = b
        .get(app.url("/api/v1/friend-requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(incoming["incoming"][0]["id"], id);
    assert_eq!(incoming["outgoing"].as_array().unwrap().len(), 0);
    let profile: Value = b
        .get(app.url("/api/v1/people/anna"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profile["person"]["relation"]["request_received"], id);

    assert_eq!(
        post(&app, &b, &format!("/api/v1/friend-requests/{id}/accept")).await,
        204
    );
    assert_eq!(friend_handles(&app, &a).await, ["bert"]);
    assert_eq!(friend_handles(&app, &b).await, ["anna"]);
    assert_eq!(
        post(&app, &b, &format!("/api/v1/friend-requests/{id}/accept")).await,
        409
    );
    let (status, err) = send(&app, &a, "bert").await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("already_friends"))
    );
}

async fn decline_and_cancel_end_a_request_and_only_the_right_party_may(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let c = register(&app, "carl", "password 123").await;
    let (_, req) = send(&app, &a, "bert").await;
    let id = req["id"].as_i64().unwrap();
    // The sender cannot accept their own request; a stranger cannot touch it at all.
    assert_eq!(
        post(&app, &a, &format!("/api/v1/friend-requests/{id}/accept")).await,
        404
    );
    assert_eq!(
        post(&app, &c, &format!("/api/v1/friend-requests/{id}/decline")).await,
        404
    );
    assert_eq!(
        post(&app, &b, &format!("/api/v1/friend-requests/{id}/cancel")).await,
        404
    );
    assert_eq!(
        post(&app, &b, &format!("/api/v1/friend-requests/{id}/decline")).await,
        204
    );
    assert!(friend_handles(&app, &a).await.is_empty());
    assert_eq!(
        post(&app, &b, &format!("/api/v1/friend-requests/{id}/accept")).await,
        409
    );

    // After a decline a new request may be sent, and its sender may withdraw it.
    let (status, again) = send(&app, &a, "bert").await;
    assert_eq!(status, 201);
    let id2 = again["id"].as_i64().unwrap();
    assert_eq!(
        post(&app, &a, &format!("/api/v1/friend-requests/{id2}/cancel")).await,
        204
    );
    let mine: Value = a
        .get(app.url("/api/v1/friend-requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["outgoing"].as_array().unwrap().len(), 0);
}

async fn duplicate_self_and_unknown_requests_are_refused(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let a = register(&app, "anna", "password 123").await;
    register(&app, "bert", "password 123").await;
    assert_eq!(send(&app, &a, "bert").await.0, 201);
    let (status, err) = send(&app, &a, "bert").await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("request_pending"))
    );
    let (status, err) = send(&app, &a, "anna").await;
    assert_eq!((status, err["field"].as_str()), (422, Some("to_handle")));
    assert_eq!(send(&app, &a, "nobody").await.0, 404);
    let anonymous = Browser::new()
        .post(app.url("/api/v1/friend-requests"))
        .json(&json!({"to_handle": "bert"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

async fn asking_someone_who_asked_you_accepts_their_request(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    send(&app, &a, "bert").await;
    let (status, req) = send(&app, &b, "anna").await;
    assert_eq!(status, 200);
    assert_eq!(req["status"], "accepted");
    assert_eq!(friend_handles(&app, &a).await, ["bert"]);
}

async fn unfriend_ends_it_for_both(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    send(&app, &a, "bert").await;
    send(&app, &b, "anna").await;
    let res = b
        .delete(app.url("/api/v1/friends/anna"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(friend_handles(&app, &a).await.is_empty());
    assert!(friend_handles(&app, &b).await.is_empty());
    assert_eq!(
        b.delete(app.url("/api/v1/friends/anna"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

async fn follows_are_idempotent_and_show_on_the_profile(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let fan = register(&app, "fan", "password 123").await;
    register(&app, "daren", "password 123").await;
    for _ in 0..2 {
        assert_eq!(
            fan.put(app.url("/api/v1/follows/daren"))
                .send()
                .await
                .unwrap()
                .status(),
            204
        );
    }
    let profile: Value = fan
        .get(app.url("/api/v1/people/daren"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profile["followers"], 1);
    assert_eq!(profile["person"]["relation"]["following"], true);
    let followers: Value = reqwest::get(app.url("/api/v1/people/daren/followers"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(followers["items"][0]["handle"], "fan");
    assert!(
        followers["items"][0]["relation"].is_null(),
        "no relation for a logged-out viewer"
    );

    assert_eq!(
        fan.delete(app.url("/api/v1/follows/daren"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        fan.delete(app.url("/api/v1/follows/daren"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    let profile: Value = reqwest::get(app.url("/api/v1/people/daren"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profile["followers"], 0);
    assert_eq!(
        fan.put(app.url("/api/v1/follows/fan"))
            .send()
            .await
            .unwrap()
            .status(),
        422
    );
    assert_eq!(
        fan.put(app.url("/api/v1/follows/ghost"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

async fn people_search_by_handle_prefix_shows_the_relation(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let a = register(&app, "anna", "password 123").await;
    register(&app, "annabel", "password 123").await;
    register(&app, "bert", "password 123").await;
    send(&app, &a, "annabel").await;
    let page: Value = a
        .get(app.url("/api/v1/people?q=ANN"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["handle"], "anna");
    assert_eq!(items[0]["relation"]["is_me"], true);
    assert_eq!(items[1]["handle"], "annabel");
    assert!(items[1]["relation"]["request_sent"].is_i64());
    let none: Value = a
        .get(app.url("/api/v1/people?q="))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let percent: Value = a
        .get(app.url("/api/v1/people?q=%25"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(percent["items"].as_array().unwrap().len(), 0);
}
