//! The OpenAPI document beyond what the handlers' annotations say: links — which
//! response gives the ids, codes and handles that other operations take, so a client
//! generator (or the fuzzer's stateful phase) can follow a share from its creation to its
//! likes, comments and reports instead of guessing ids — and a test that the documented
//! constraints (lengths, ranges, patterns, in `circle-api`'s schema attributes) are the
//! numbers the server enforces.

use serde_json::{json, Value};

/// (method, path) of an operation.
type Op = (&'static str, &'static str);

/// From an operation's response (status) to another operation, with the values taken
/// from the response (`$response.body#/…`) for its parameters and, optionally, its body.
struct Link {
    from: Op,
    status: &'static str,
    to: Op,
    parameters: &'static [(&'static str, &'static str)],
    body: Option<fn() -> serde_json::Value>,
}

const fn link(
    from: Op,
    status: &'static str,
    to: Op,
    parameters: &'static [(&'static str, &'static str)],
) -> Link {
    Link {
        from,
        status,
        to,
        parameters,
        body: None,
    }
}

const SHARE_ID: &[(&str, &str)] = &[("id", "$response.body#/id")];
const SHARE_CODE: &[(&str, &str)] = &[("code", "$response.body#/code")];
const FIRST_ID: &[(&str, &str)] = &[("id", "$response.body#/items/0/id")];
const FIRST_SHOP: &[(&str, &str)] = &[("id", "$response.body#/items/0/merchant/id")];
const FIRST_HANDLE: &[(&str, &str)] = &[("handle", "$response.body#/items/0/handle")];
const FIRST_CARD: &[(&str, &str)] = &[("id", "$response.body#/items/0/share/id")];

const CREATE_SHARE: Op = ("post", "/api/v1/shares");
const PRODUCTS: Op = ("get", "/api/v1/products");
const CHECKOUT: Op = ("post", "/api/v1/orders");
const PEOPLE: Op = ("get", "/api/v1/people");
const FEED: Op = ("get", "/api/v1/feed");
const ASK: Op = ("post", "/api/v1/products/{id}/questions");
const ANSWER: Op = ("post", "/api/v1/questions/{id}/answers");

fn links() -> Vec<Link> {
    let mut all = vec![
        link(
            CREATE_SHARE,
            "201",
            ("get", "/api/v1/shares/{code}"),
            SHARE_CODE,
        ),
        link(
            CREATE_SHARE,
            "201",
            ("post", "/api/v1/shares/{code}/click"),
            SHARE_CODE,
        ),
        link(PRODUCTS, "200", ("get", "/api/v1/products/{id}"), FIRST_ID),
        link(
            PRODUCTS,
            "200",
            ("get", "/api/v1/products/{id}/topic"),
            FIRST_ID,
        ),
        link(
            PRODUCTS,
            "200",
            ("put", "/api/v1/products/{id}/follow"),
            FIRST_ID,
        ),
        link(
            PRODUCTS,
            "200",
            ("delete", "/api/v1/products/{id}/follow"),
            FIRST_ID,
        ),
        link(
            PRODUCTS,
            "200",
            ("post", "/api/v1/products/{id}/report"),
            FIRST_ID,
        ),
        link(PRODUCTS, "200", ("get", "/api/v1/shops/{id}"), FIRST_SHOP),
        link(
            PRODUCTS,
            "200",
            ("get", "/api/v1/shops/{id}/products"),
            FIRST_SHOP,
        ),
        Link {
            body: Some(|| json!({"product_id": "$response.body#/items/0/id", "quantity": 1})),
            ..link(PRODUCTS, "200", CHECKOUT, &[])
        },
        Link {
            body: Some(
                || json!({"product_id": "$response.body#/items/0/id", "text": "用了一周，很满意"}),
            ),
            ..link(PRODUCTS, "200", CREATE_SHARE, &[])
        },
        link(
            ("post", "/api/v1/shares/id/{id}/comments"),
            "201",
            ("delete", "/api/v1/comments/{id}"),
            SHARE_ID,
        ),
        link(
            PEOPLE,
            "200",
            ("get", "/api/v1/people/{handle}"),
            FIRST_HANDLE,
        ),
        link(
            PEOPLE,
            "200",
            ("get", "/api/v1/people/{handle}/followers"),
            FIRST_HANDLE,
        ),
        link(
            PEOPLE,
            "200",
            ("get", "/api/v1/people/{handle}/shares"),
            FIRST_HANDLE,
        ),
        link(
            PEOPLE,
            "200",
            ("put", "/api/v1/follows/{handle}"),
            FIRST_HANDLE,
        ),
        link(
            PEOPLE,
            "200",
            ("delete", "/api/v1/follows/{handle}"),
            FIRST_HANDLE,
        ),
        link(
            PEOPLE,
            "200",
            ("delete", "/api/v1/friends/{handle}"),
            FIRST_HANDLE,
        ),
        Link {
            body: Some(|| json!({"to_handle": "$response.body#/items/0/handle"})),
            ..link(PEOPLE, "200", ("post", "/api/v1/friend-requests"), &[])
        },
        Link {
            body: Some(|| json!({"up_to": "$response.body#/items/0/id"})),
            ..link(
                ("get", "/api/v1/notifications"),
                "200",
                ("post", "/api/v1/notifications/read"),
                &[],
            )
        },
    ];
    for (method, path) in [
        ("patch", "/api/v1/shares/id/{id}"),
        ("delete", "/api/v1/shares/id/{id}"),
        ("put", "/api/v1/shares/id/{id}/like"),
        ("delete", "/api/v1/shares/id/{id}/like"),
        ("get", "/api/v1/shares/id/{id}/comments"),
        ("post", "/api/v1/shares/id/{id}/comments"),
        ("post", "/api/v1/shares/id/{id}/report"),
        ("post", "/api/v1/shares/id/{id}/appeal"),
    ] {
        all.push(link(CREATE_SHARE, "201", (method, path), SHARE_ID));
        all.push(link(FEED, "200", (method, path), FIRST_CARD));
    }
    // 问大家: a product leads to asking about it; a question to its page, answers and
    // report; an answer to its helpful mark and report.
    for (method, path) in [
        ("post", "/api/v1/products/{id}/questions"),
        ("get", "/api/v1/products/{id}/questions"),
    ] {
        all.push(link(PRODUCTS, "200", (method, path), FIRST_ID));
    }
    for (method, path) in [
        ("get", "/api/v1/questions/{id}"),
        ("post", "/api/v1/questions/{id}/answers"),
        ("post", "/api/v1/questions/{id}/report"),
    ] {
        all.push(link(ASK, "201", (method, path), SHARE_ID));
    }
    for (method, path) in [
        ("put", "/api/v1/answers/{id}/helpful"),
        ("delete", "/api/v1/answers/{id}/helpful"),
        ("post", "/api/v1/answers/{id}/report"),
    ] {
        all.push(link(ANSWER, "201", (method, path), SHARE_ID));
    }
    for to in ["", "/cancel", "/receive", "/return"] {
        let path: &'static str = match to {
            "" => "/api/v1/orders/{id}",
            "/cancel" => "/api/v1/orders/{id}/cancel",
            "/receive" => "/api/v1/orders/{id}/receive",
            _ => "/api/v1/orders/{id}/return",
        };
        let method = if to.is_empty() { "get" } else { "post" };
        all.push(link(CHECKOUT, "201", (method, path), SHARE_ID));
    }
    for to in ["accept", "cancel", "decline"] {
        let path: &'static str = match to {
            "accept" => "/api/v1/friend-requests/{id}/accept",
            "cancel" => "/api/v1/friend-requests/{id}/cancel",
            _ => "/api/v1/friend-requests/{id}/decline",
        };
        all.push(link(
            ("post", "/api/v1/friend-requests"),
            "201",
            ("post", path),
            SHARE_ID,
        ));
    }
    all
}

/// A path as one JSON-pointer token (`/` and `~` escaped).
fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}

/// `#/paths/~1api~1v1~1orders~1{id}/get`: a JSON pointer to an operation.
fn operation_ref((method, path): Op) -> String {
    format!("#/paths/{}/{method}", escape(path))
}

/// Completes the document: every field and parameter gets its form
/// (`openapi_forms`), responses their links (as JSON: utoipa 5.5 writes a link's fields
/// in snake_case, which no OpenAPI tool reads). Returns the fields and links whose
/// target is missing (a unit test keeps that list empty).
pub fn add(doc: &mut Value) -> Vec<String> {
    let mut missing = super::openapi_forms::add(doc);
    for l in links() {
        let target_exists = doc["paths"][l.to.1][l.to.0].is_object();
        let response = doc
            .pointer_mut(&format!(
                "/paths/{}/{}/responses/{}",
                escape(l.from.1),
                l.from.0,
                l.status
            ))
            .and_then(Value::as_object_mut);
        let (true, Some(response)) = (target_exists, response) else {
            missing.push(format!(
                "{} {} {} → {} {}",
                l.from.0, l.from.1, l.status, l.to.0, l.to.1
            ));
            continue;
        };
        let mut link = json!({
            "operationRef": operation_ref(l.to),
            "parameters": l.parameters.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect::<serde_json::Map<_, _>>(),
        });
        if let Some(body) = l.body {
            link["requestBody"] = body();
        }
        let name = format!("{}{}", l.to.0, l.to.1.replace(['/', '{', '}'], "_"));
        let links = response.entry("links").or_insert_with(|| json!({}));
        links[name] = link;
    }
    missing
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_link_joins_two_documented_operations() {
        let mut json = serde_json::to_value(super::super::api().1).unwrap();
        let missing = super::add(&mut json);
        assert!(missing.is_empty(), "{missing:#?}");
        let links = &json["paths"]["/api/v1/shares"]["post"]["responses"]["201"]["links"];
        assert_eq!(
            links["put_api_v1_shares_id__id__like"]["operationRef"],
            "#/paths/~1api~1v1~1shares~1id~1{id}~1like/put"
        );
        assert_eq!(
            links["put_api_v1_shares_id__id__like"]["parameters"]["id"],
            "$response.body#/id"
        );
    }
}
