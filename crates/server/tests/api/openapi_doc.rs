//! The OpenAPI document states the constraints the server enforces (lengths, ranges,
//! patterns — written as literals in `circle-api`'s schema attributes), so clients and
//! the fuzzer send data that reaches the logic. Each must be the constant the rules use.

/// The schema attributes repeat the rules' numbers (attributes take literals): each
/// must be the constant the server checks.
#[test]
fn documented_constraints_are_the_enforced_ones() {
    use circle_api::*;
    let json = circle_server::http::openapi();
    let field = |schema: &str, name: &str, key: &str| {
        json["components"]["schemas"][schema]["properties"][name][key].clone()
    };
    let n = |v: usize| serde_json::json!(v);
    let i = |v: i64| serde_json::json!(v);
    let cases = [
        (field("ShareCreate", "text", "maxLength"), n(SHARE_TEXT_MAX)),
        (field("ShareEdit", "text", "maxLength"), n(SHARE_TEXT_MAX)),
        (
            field("ShareCreate", "photo_ids", "maxItems"),
            n(SHARE_PHOTOS_MAX),
        ),
        (
            field("CommentCreate", "text", "maxLength"),
            n(COMMENT_TEXT_MAX),
        ),
        (
            field("CheckoutRequest", "quantity", "maximum"),
            i(QUANTITY_MAX),
        ),
        (
            field("RegisterRequest", "display_name", "maxLength"),
            n(DISPLAY_NAME_MAX),
        ),
        (
            field("RegisterRequest", "password", "minLength"),
            n(PASSWORD_MIN),
        ),
        (
            field("RegisterRequest", "password", "maxLength"),
            n(PASSWORD_MAX),
        ),
        (
            field("WithdrawalCreate", "amount_cents", "minimum"),
            i(WITHDRAWAL_MIN_CENTS),
        ),
        (
            field("ReportCreate", "note", "maxLength"),
            n(REPORT_NOTE_MAX),
        ),
        (
            field("ModerationAction", "reason", "maxLength"),
            n(REPORT_NOTE_MAX),
        ),
        (
            field("ReasonRequest", "reason", "maxLength"),
            n(RETURN_TEXT_MAX),
        ),
        (
            field("ApplicationRequest", "shop_name", "maxLength"),
            n(SHOP_NAME_MAX),
        ),
        (
            field("ApplicationRequest", "contact", "maxLength"),
            n(CONTACT_MAX),
        ),
        (
            field("ProductRequest", "title", "maxLength"),
            n(PRODUCT_TITLE_MAX),
        ),
        (
            field("ProductRequest", "description", "maxLength"),
            n(PRODUCT_DESCRIPTION_MAX),
        ),
        (
            field("ProductRequest", "price_cents", "maximum"),
            i(PRICE_MAX_CENTS),
        ),
        (field("ProductRequest", "stock", "maximum"), i(STOCK_MAX)),
        (
            field("ProductRequest", "commission_bp", "maximum"),
            i(COMMISSION_BP_MAX),
        ),
        (
            field("ProductRequest", "photo_ids", "maxItems"),
            n(PRODUCT_PHOTOS_MAX),
        ),
    ];
    for (i, (documented, enforced)) in cases.iter().enumerate() {
        assert_eq!(documented.as_f64(), enforced.as_f64(), "case {i}");
    }
    let handle = field("RegisterRequest", "handle", "pattern");
    let expected = format!(
        "^[A-Za-z][A-Za-z0-9_]{{{},{}}}$",
        HANDLE_MIN - 1,
        HANDLE_MAX - 1
    );
    assert_eq!(handle, expected.as_str());
    let category = field("ProductRequest", "category", "pattern");
    let listed = format!("^({})$", CATEGORIES.join("|"));
    assert_eq!(category, listed.as_str());
    assert_eq!(
        field("ApplicationRequest", "category", "pattern"),
        listed.as_str()
    );
}
