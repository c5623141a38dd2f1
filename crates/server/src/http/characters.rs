//! No C0 control character (other than tab, line feed and carriage return in a body's
//! text) enters the server: not in a URL, not in any JSON string. The text fields check
//! the same again with their own field name (`domain::text`); this guard also covers
//! passwords, handles, cursors and every field yet to come, so no NUL ever reaches a
//! query (PostgreSQL refuses it in text; SQLite would store it).

use super::error::ApiError;
use axum::{
    body::Body,
    http::Request,
    middleware::Next,
    response::{IntoResponse, Response},
};
use circle_api::FieldProblem;

fn refused(field: &'static str) -> ApiError {
    crate::domain::accounts::FieldError::new(
        field,
        FieldProblem::BadCharacters,
        "Remove the control characters from the text.",
    )
    .into()
}

/// Refuses a request whose path or query, percent-decoded, holds a control character.
pub async fn guard_url(req: Request<Body>, next: Next) -> Response {
    let uri = req.uri();
    let bad = |s: &str| percent_decoded(s).any(|b| b < 0x20 || b == 0x7f);
    if bad(uri.path()) || uri.query().is_some_and(bad) {
        return refused("url").into_response();
    }
    next.run(req).await
}

/// The bytes of a percent-encoded text (a malformed escape stays as it is).
fn percent_decoded(s: &str) -> impl Iterator<Item = u8> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let c = *b.get(i)?;
        let hex = |x: u8| (x as char).to_digit(16);
        if c == b'%' {
            if let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|x| hex(*x)),
                b.get(i + 2).and_then(|x| hex(*x)),
            ) {
                i += 3;
                return u8::try_from(h * 16 + l).ok();
            }
        }
        i += 1;
        Some(c)
    })
}

/// Whether a JSON text holds a string with an escaped control character (`\u0000` …
/// `\u001f` other than tab, line feed and carriage return, or `\u007f`). Raw control
/// bytes inside strings are not JSON at all and fail parsing anyway.
pub fn json_has_control(body: &[u8]) -> bool {
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'\\' {
            if body.get(i + 1) == Some(&b'u') {
                if let Some(code) = body
                    .get(i + 2..i + 6)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                {
                    if (code < 0x20 && !matches!(code, 0x09 | 0x0a | 0x0d)) || code == 0x7f {
                        return true;
                    }
                }
            }
            // Skip the escaped character, so `\\u0000` (a backslash, then text) is text.
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// The body guard's answer: 422, problem `bad_characters`, the field being the key of
/// the first string that holds one (`body` when that is not an object's member).
pub fn refused_body(body: &[u8]) -> ApiError {
    fn find(value: &serde_json::Value, key: Option<&str>) -> Option<String> {
        let bad = |c: char| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}';
        match value {
            serde_json::Value::String(s) if s.chars().any(bad) => {
                Some(key.unwrap_or("body").to_owned())
            }
            serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, key)),
            serde_json::Value::Object(members) => members
                .iter()
                .find_map(|(k, v)| find(v, Some(k)).or_else(|| bad_key(k))),
            _ => None,
        }
    }
    fn bad_key(k: &str) -> Option<String> {
        k.chars().any(char::is_control).then(|| "body".to_owned())
    }
    let field = serde_json::from_slice(body)
        .ok()
        .and_then(|v: serde_json::Value| find(&v, None))
        .unwrap_or_else(|| "body".to_owned());
    ApiError::bad_characters_in(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_controls_are_found_and_escaped_backslashes_are_not() {
        assert!(json_has_control(br#"{"text":"a\u0000b"}"#));
        assert!(json_has_control(br#"{"text":"\u001B[31m"}"#));
        assert!(json_has_control(br#"{"text":"\u007f"}"#));
        assert!(!json_has_control(
            br#"{"text":"line\nbreak\ttab\u000a\u0009"}"#
        ));
        assert!(!json_has_control(
            br#"{"text":"\\u0000 is how you write NUL"}"#
        ));
        assert!(json_has_control(br#"{"text":"\\\u0000"}"#));
        assert!(!json_has_control("{\"text\":\"好用 \\u4e2d\"}".as_bytes()));
    }

    #[test]
    fn urls_are_decoded_before_they_are_checked() {
        let decoded: Vec<u8> = percent_decoded("/s/ab%00c%zz%4").collect();
        assert_eq!(decoded, b"/s/ab\0c%zz%4");
        assert!(percent_decoded("q=%E5%A5%BD").all(|b| b >= 0x20));
    }
}
