//! What each request field and parameter may be, stated in the OpenAPI document from the
//! very constants the server checks (lengths, ranges, the forms of handles, share codes,
//! categories, credit codes), so clients — and the fuzzer — send data that reaches the
//! logic instead of being refused at the door.

use super::{catalog::SEARCH_MAX, extract::PAGE_MAX};
use crate::domain::{orders::IDEMPOTENCY_KEY_MAX, shares::SHARE_CODE_LEN};
use circle_api::*;
use serde_json::{json, Map, Value};

/// The form of one field or parameter.
#[derive(Clone, Copy)]
enum Form {
    /// Text, 1..=n characters after trimming, no control characters but tab and line breaks.
    Text(usize),
    /// The same, possibly empty.
    OptionalText(usize),
    /// One line of 1..=n characters: no control characters at all.
    Line(usize),
    Password,
    Handle,
    /// The start of a handle (a people search).
    HandlePrefix,
    Category,
    /// Empty or a category (a filter).
    CategoryFilter,
    CreditCode,
    Waybill,
    Int {
        min: i64,
        max: Option<i64>,
    },
    Items(usize, usize),
    /// A page cursor that is an id.
    IdCursor,
    ShareCode,
    /// 1–100 visible ASCII characters (`domain::orders::check_idempotency_key`).
    IdempotencyKey,
}

/// No C0 control characters but tab, line feed and carriage return, and no DEL.
const TEXT_CHARS: &str = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]";
const LINE_CHARS: &str = r"[^\x00-\x1f\x7f]";
const VISIBLE: &str = r"[^\s\x00-\x1f\x7f]";

fn schema(form: Form) -> Value {
    let text = |min: usize, max: usize, chars: &str, required: bool| {
        let pattern = if required {
            format!("^{chars}*{VISIBLE}{chars}*$")
        } else {
            format!("^{chars}*$")
        };
        json!({"type": "string", "minLength": min, "maxLength": max, "pattern": pattern})
    };
    let handle = format!(
        "[A-Za-z][A-Za-z0-9_]{{{},{}}}",
        HANDLE_MIN - 1,
        HANDLE_MAX - 1
    );
    let categories = CATEGORIES.join("|");
    match form {
        Form::Text(max) => text(1, max, TEXT_CHARS, true),
        Form::OptionalText(max) => text(0, max, TEXT_CHARS, false),
        Form::Line(max) => text(1, max, LINE_CHARS, true),
        Form::Password => text(PASSWORD_MIN, PASSWORD_MAX, TEXT_CHARS, false),
        Form::Handle => json!({"type": "string", "pattern": format!("^{handle}$")}),
        Form::HandlePrefix => {
            json!({"type": "string", "maxLength": HANDLE_MAX, "pattern": "^[A-Za-z0-9_]*$"})
        }
        Form::Category => json!({"type": "string", "pattern": format!("^({categories})$")}),
        Form::CategoryFilter => {
            json!({"type": "string", "pattern": format!("^({categories})?$")})
        }
        // 统一社会信用代码: 18 characters of its alphabet (the check character is
        // verified by the server: `domain::merchants::credit_code`).
        Form::CreditCode => json!({"type": "string",
            "pattern": "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"}),
        // Every carrier's waybill (`domain::merchants::tracking_no`) is 12–17 letters
        // and digits.
        Form::Waybill => json!({"type": "string", "pattern": "^[A-Za-z0-9]{12,17}$"}),
        Form::Int { min, max } => {
            let mut s = json!({"type": "integer", "format": "int64", "minimum": min});
            if let Some(max) = max {
                s["maximum"] = json!(max);
            }
            s
        }
        Form::Items(min, max) => json!({"type": "array", "minItems": min, "maxItems": max,
            "items": {"type": "integer", "format": "int64", "minimum": 1}}),
        Form::IdCursor => json!({"type": "string", "pattern": "^[0-9]{1,19}$"}),
        Form::IdempotencyKey => json!({"type": "string",
            "pattern": format!("^[!-~]{{1,{IDEMPOTENCY_KEY_MAX}}}$")}),
        Form::ShareCode => json!({"type": "string",
            "pattern": format!("^[0-9A-Za-z]{{{SHARE_CODE_LEN}}}$")}),
    }
}

const fn at_least(min: i64) -> Form {
    Form::Int { min, max: None }
}

const fn between(min: i64, max: i64) -> Form {
    Form::Int {
        min,
        max: Some(max),
    }
}

/// (schema, property, form) of the request bodies.
const FIELDS: &[(&str, &str, Form)] = &[
    ("RegisterRequest", "handle", Form::Handle),
    (
        "RegisterRequest",
        "display_name",
        Form::Line(DISPLAY_NAME_MAX),
    ),
    ("RegisterRequest", "password", Form::Password),
    ("LoginRequest", "handle", Form::Handle),
    ("LoginRequest", "password", Form::Password),
    ("ShareCreate", "product_id", at_least(1)),
    ("ShareCreate", "text", Form::Text(SHARE_TEXT_MAX)),
    ("ShareCreate", "rating", between(1, 5)),
    ("ShareCreate", "photo_ids", Form::Items(0, SHARE_PHOTOS_MAX)),
    ("ShareEdit", "text", Form::Text(SHARE_TEXT_MAX)),
    ("CommentCreate", "text", Form::Text(COMMENT_TEXT_MAX)),
    ("CommentCreate", "parent_id", at_least(1)),
    ("CheckoutRequest", "product_id", at_least(1)),
    ("CheckoutRequest", "quantity", between(1, QUANTITY_MAX)),
    ("ShipRequest", "tracking_no", Form::Waybill),
    ("ReasonRequest", "reason", Form::Text(RETURN_TEXT_MAX)),
    ("ReportCreate", "note", Form::OptionalText(REPORT_NOTE_MAX)),
    ("ModerationAction", "reason", Form::Text(REPORT_NOTE_MAX)),
    ("BanRequest", "days", between(1, 365)),
    ("BanRequest", "reason", Form::Text(REPORT_NOTE_MAX)),
    (
        "WithdrawalCreate",
        "amount_cents",
        at_least(WITHDRAWAL_MIN_CENTS),
    ),
    ("MarkRead", "up_to", at_least(1)),
    ("FriendRequestCreate", "to_handle", Form::Handle),
    ("ApplicationRequest", "shop_name", Form::Line(SHOP_NAME_MAX)),
    ("ApplicationRequest", "category", Form::Category),
    ("ApplicationRequest", "contact", Form::Line(CONTACT_MAX)),
    ("ApplicationRequest", "credit_code", Form::CreditCode),
    ("ApplicationRequest", "licence_photo_id", at_least(1)),
    (
        "ReviewDecision",
        "reason",
        Form::OptionalText(REPORT_NOTE_MAX),
    ),
    ("ProductRequest", "title", Form::Line(PRODUCT_TITLE_MAX)),
    (
        "ProductRequest",
        "description",
        Form::OptionalText(PRODUCT_DESCRIPTION_MAX),
    ),
    ("ProductRequest", "category", Form::Category),
    ("ProductRequest", "price_cents", between(1, PRICE_MAX_CENTS)),
    ("ProductRequest", "stock", between(0, STOCK_MAX)),
    (
        "ProductRequest",
        "commission_bp",
        between(0, COMMISSION_BP_MAX),
    ),
    (
        "ProductRequest",
        "photo_ids",
        Form::Items(1, PRODUCT_PHOTOS_MAX),
    ),
];

/// Parameters by name, wherever they appear (`in`: path or query), with the paths where
/// a name means something else.
fn parameter(path: &str, place: &str, name: &str) -> Option<Form> {
    Some(match (place, name) {
        ("path", "id") => at_least(1),
        ("path", "handle") => Form::Handle,
        ("path", "code") => Form::ShareCode,
        ("header", "Idempotency-Key") => Form::IdempotencyKey,
        ("query", "limit") => between(1, PAGE_MAX),
        ("query", "q") if path == "/api/v1/people" => Form::HandlePrefix,
        ("query", "q") => Form::OptionalText(SEARCH_MAX),
        ("query", "category") => Form::CategoryFilter,
        ("query", "after") if path == "/api/v1/people" => Form::Handle,
        ("query", "after") => Form::IdCursor,
        _ => return None,
    })
}

/// Puts the forms into the document; returns the fields it could not find (a unit test
/// keeps that list empty, so a renamed field cannot lose its form silently).
pub fn add(doc: &mut Value) -> Vec<String> {
    let mut missing = Vec::new();
    for (schema_name, field, form) in FIELDS {
        let property = &mut doc["components"]["schemas"][schema_name]["properties"][field];
        let Some(property) = property.as_object_mut() else {
            missing.push(format!("{schema_name}.{field}"));
            continue;
        };
        merge(property, schema(*form));
    }
    let Some(paths) = doc["paths"].as_object_mut() else {
        return missing;
    };
    for (path, item) in paths.iter_mut() {
        let operations = item
            .as_object_mut()
            .into_iter()
            .flat_map(|i| i.values_mut());
        for operation in operations.filter_map(Value::as_object_mut) {
            let parameters = operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut);
            for p in parameters.into_iter().flatten() {
                let place = p["in"].as_str().unwrap_or_default().to_owned();
                let name = p["name"].as_str().unwrap_or_default().to_owned();
                if let (Some(form), Some(schema)) = (
                    parameter(path, &place, &name),
                    p.get_mut("schema").and_then(Value::as_object_mut),
                ) {
                    merge(schema, self::schema(form));
                }
            }
        }
    }
    missing
}

/// The form's keywords over the property's; a `$ref` (a type alias such as `Cents`)
/// gives way to the plain type.
fn merge(property: &mut Map<String, Value>, form: Value) {
    if property.remove("$ref").is_some() {
        property.remove("allOf");
    }
    let nullable = property
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|t| t.iter().any(|t| t == "null"));
    if let Value::Object(form) = form {
        for (key, value) in form {
            property.insert(key, value);
        }
    }
    if nullable {
        let kind = property["type"].clone();
        property.insert("type".into(), json!([kind, "null"]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_land_on_their_fields_and_parameters() {
        let mut doc = serde_json::to_value(super::super::api().1).unwrap();
        assert!(add(&mut doc).is_empty());
        let field = |s: &str, f: &str| doc["components"]["schemas"][s]["properties"][f].clone();
        assert_eq!(field("ShareCreate", "text")["maxLength"], SHARE_TEXT_MAX);
        assert_eq!(field("CommentCreate", "text")["minLength"], 1);
        // A type alias (`Cents`) was a `$ref`: now a plain integer with its bound.
        let amount = field("WithdrawalCreate", "amount_cents");
        assert_eq!(
            (amount.get("$ref"), &amount["minimum"]),
            (None, &json!(WITHDRAWAL_MIN_CENTS))
        );
        assert_eq!(
            field("ProductRequest", "price_cents")["maximum"],
            PRICE_MAX_CENTS
        );
        // Optional stays optional.
        let rating = field("ShareCreate", "rating");
        assert_eq!(
            (&rating["type"], &rating["maximum"]),
            (&json!(["integer", "null"]), &json!(5))
        );
        let handle = field("RegisterRequest", "handle")["pattern"].clone();
        assert_eq!(handle, "^[A-Za-z][A-Za-z0-9_]{2,19}$");
        let params = |path: &str, method: &str| doc["paths"][path][method]["parameters"].clone();
        let id = &params("/api/v1/orders/{id}", "get")[0]["schema"];
        assert_eq!(id["minimum"], 1);
        let code = &params("/api/v1/shares/{code}", "get")[0]["schema"];
        assert_eq!(code["pattern"], "^[0-9A-Za-z]{12}$");
        let key = &params("/api/v1/orders", "post")[0]["schema"];
        assert_eq!(key["pattern"], "^[!-~]{1,100}$");
        let people = params("/api/v1/people", "get");
        let q = people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "q")
            .unwrap();
        assert_eq!(q["schema"]["pattern"], "^[A-Za-z0-9_]*$");
    }
}
