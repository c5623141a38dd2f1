//! The reader against `serde_json` (what the server writes with): the API's own types
//! read the same, every escape reads the same, and what does not fit is refused.

use super::{from_str, Unfit};
use circle_api::{ErrorBody, ErrorCode, FeedCard, Page, ShareView};
use serde::Deserialize;

/// A page of the feed as the server writes it: nested objects, nulls, arrays, enums,
/// Chinese text and escapes.
fn feed_text() -> String {
    let share = serde_json::json!({
        "id": 7, "code": "abc", "text": "好 <b> \"引号\" \\ 换行\n😀", "rating": 4,
        "author": {"id": 1, "handle": "lin", "display_name": "林小雨", "relation":
            {"is_me": false, "friend": true, "following": false, "request_sent": null,
             "request_received": 12}},
        "product": {
            "id": 3, "title": "普洱", "category": "food", "price_cents": 12_800, "stock": 5,
            "status": "active", "image_url": "/media/1",
            "merchant": {"id": 1, "name": "茶铺", "verified": true},
            "buyable": true, "earns_commission": false
        },
        "verified_purchase": true, "is_ad": false, "photos": ["/media/2", "/media/3"],
        "like_count": 2, "buyer_like_count": 1, "liked_by_me": true, "comment_count": 0,
        "created_at": 1_764_000_000_000_i64, "edited_at": null, "editable_until": -5
    });
    let also =
        serde_json::json!([{"id": 2, "handle": "wu", "display_name": "吴", "relation": null}]);
    serde_json::to_string_pretty(&serde_json::json!({
        "items": [{"share": share, "also": also}, {"share": share, "also": []}],
        "next": "7:abc"
    }))
    .expect("json")
}

#[test]
fn the_feed_reads_as_serde_json_reads_it() {
    let text = feed_text();
    let ours: Page<FeedCard> = from_str(&text).expect("reads");
    let theirs: Page<FeedCard> = serde_json::from_str(&text).expect("serde_json reads");
    assert_eq!(ours, theirs);
    assert_eq!(ours.items[0].share.text, "好 <b> \"引号\" \\ 换行\n😀");
    assert_eq!(ours.items[0].share.editable_until, Some(-5));
    assert_eq!(ours.next.as_deref(), Some("7:abc"));
}

#[test]
fn an_error_body_reads_with_its_code_and_without_optional_fields() {
    let text = r#"{"code":"rate_limited","message":"太快了"}"#;
    let body: ErrorBody = from_str(text).expect("reads");
    assert_eq!(body.code, ErrorCode::RateLimited);
    assert_eq!(
        body,
        serde_json::from_str::<ErrorBody>(text).expect("serde_json")
    );
}

#[test]
fn every_escape_reads_as_serde_json_reads_it() {
    for text in [
        r#""plain""#,
        r#""""#,
        r#""\"\\\/\b\f\n\r\t""#,
        r#""\u00e9\u4e2d\u0000""#,
        r#""\ud83d\ude00 after a pair""#,
        "\"raw 中文 and emoji 😀\"",
        r#""mixed \n 中 \u6587 end""#,
    ] {
        let ours: String = from_str(text).expect(text);
        let theirs: String = serde_json::from_str(text).expect(text);
        assert_eq!(ours, theirs, "{text}");
    }
}

#[test]
fn integers_read_to_their_limits() {
    assert_eq!(from_str::<i64>("-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(from_str::<u64>(" 18446744073709551615 "), Ok(u64::MAX));
    assert_eq!(from_str::<i64>("0"), Ok(0));
    assert_eq!(from_str::<Option<i64>>("null"), Ok(None));
    assert_eq!(from_str::<Vec<i64>>("[ 1 , -2 ]"), Ok(vec![1, -2]));
    assert_eq!(from_str::<Vec<bool>>("[]"), Ok(vec![]));
}

#[test]
fn what_does_not_fit_is_refused() {
    let bad_i64 = [
        "1.5",
        "1e3",
        "1E3",
        "01",
        "-",
        "",
        "+1",
        "9223372036854775808",
        "\"1\"",
        "1 2",
        "null",
        "true",
    ];
    for text in bad_i64 {
        assert_eq!(from_str::<i64>(text), Err(Unfit), "{text:?} as a number");
    }
    let bad_string = [
        "\"open",
        "\"\\x\"",
        "\"\\ud83d\"",
        "\"\\ud83d\\u0041\"",
        "\"\\u12\"",
        "\"a\nb\"",
        "abc",
    ];
    for text in bad_string {
        assert_eq!(from_str::<String>(text), Err(Unfit), "{text:?} as a string");
    }
    for text in ["[1,]", "[1 2]", "[,1]", "[1"] {
        assert_eq!(from_str::<Vec<i64>>(text), Err(Unfit), "{text:?} as a list");
    }
    assert_eq!(from_str::<bool>("nul"), Err(Unfit));
    // The API's types: a missing field, an unknown code, a wrong type, a trailing comma.
    let body = |code: &str| format!(r#"{{"code":{code},"message":"m"}}"#);
    assert_eq!(from_str::<ErrorBody>(r#"{"code":"internal"}"#), Err(Unfit));
    assert_eq!(from_str::<ErrorBody>(&body("\"no_such_code\"")), Err(Unfit));
    assert_eq!(from_str::<ErrorBody>(&body("3")), Err(Unfit));
    assert!(from_str::<ErrorBody>(&body("\"internal\"")).is_ok());
    assert_eq!(
        from_str::<ErrorBody>(r#"{"code":"internal","message":"m",}"#),
        Err(Unfit)
    );
    let share = feed_text().replace("\"liked_by_me\": true", "\"liked_by_me\": 1");
    assert_eq!(from_str::<Page<FeedCard>>(&share), Err(Unfit));
}

#[test]
fn unknown_fields_are_skipped_whatever_they_hold() {
    let text = r#"{"code":"internal","extra":{"a":[1,"x",null,true,{"b":-2}]},"message":"m"}"#;
    let body: ErrorBody = from_str(text).expect("reads");
    assert_eq!(body.message, "m");
}

/// Enum forms the API does not use today, read as serde_json reads them.
#[derive(Debug, Deserialize, PartialEq)]
enum Shape {
    Dot,
    Circle(i64),
    Line(i64, i64),
    Box { w: i64, h: i64 },
}

#[test]
fn every_enum_form_reads_as_serde_json_reads_it() {
    let text =
        r#"["Dot", {"Dot": null}, {"Circle": 3}, {"Line": [1, 2]}, {"Box": {"w": 4, "h": 5}}]"#;
    let ours: Vec<Shape> = from_str(text).expect("reads");
    let theirs: Vec<Shape> = serde_json::from_str(text).expect("serde_json reads");
    assert_eq!(ours, theirs);
    assert_eq!(from_str::<Shape>(r#"{"Circle": 3"#), Err(Unfit));
    assert_eq!(from_str::<Shape>(r#""Square""#), Err(Unfit));
}

#[test]
fn a_share_borrowed_and_escaped_alike() {
    let text = feed_text();
    let page: Page<FeedCard> = from_str(&text).expect("reads");
    let share: ShareView = page.items[1].share.clone();
    let again = serde_json::to_string(&share).expect("json");
    assert_eq!(from_str::<ShareView>(&again), Ok(share));
}

#[test]
fn one_entry_of_an_object_is_found_and_the_others_are_skipped() {
    use super::entry_text;
    let text = format!(
        r#"{{"/api/v1/me": {{"x": [1, {{"y": "\"}}"}}]}}, "/api/v1/feed": {} , "n": null}}"#,
        feed_text()
    );
    let entry = entry_text(&text, "/api/v1/feed")
        .expect("reads")
        .expect("found");
    let page: Page<FeedCard> = from_str(entry).expect("the entry reads");
    assert_eq!(
        page,
        serde_json::from_str(&feed_text()).expect("serde_json")
    );
    assert_eq!(
        entry_text(&text, "/api/v1/me"),
        Ok(Some(r#"{"x": [1, {"y": "\"}"}]}"#)),
        "an escaped quote and brace inside a skipped string"
    );
    assert_eq!(entry_text(&text, "n"), Ok(Some("null")));
    assert_eq!(entry_text(&text, "/absent"), Ok(None));
    assert_eq!(entry_text("[1]", "a"), Err(Unfit), "not an object");
    assert_eq!(
        entry_text(r#"{"a": 1} x"#, "a"),
        Err(Unfit),
        "trailing data"
    );
    assert_eq!(
        entry_text(r#"{"a": [1}"#, "b"),
        Err(Unfit),
        "a skipped entry is bad"
    );
}
