//! Error bodies: `{"code", "message", "field"?}`. Codes are stable snake_case strings
//! that the app translates; `message` is a readable English fallback.

use serde::{Deserialize, Serialize};

/// Every error the API answers with. The HTTP status is chosen by the server from the code.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not valid JSON for this endpoint.
    BadRequest,
    /// 401: login is needed.
    Unauthenticated,
    /// 401: handle or password is wrong.
    WrongCredentials,
    /// 403: logged in, but not allowed; also a missing CSRF header.
    Forbidden,
    /// 403: a moderator banned this account for a while (see the message)
    Banned,
    /// 404
    NotFound,
    /// 405: the path exists but not with this method.
    MethodNotAllowed,
    /// 409: the handle is taken.
    HandleTaken,
    /// 409: the product cannot be bought now (not active, or its merchant is not verified).
    ProductUnavailable,
    /// 409: this order cannot make that move from its current status.
    IllegalTransition,
    /// 422: the `Idempotency-Key` was already used for a different request.
    IdempotencyKeyReused,
    /// 409: already friends.
    AlreadyFriends,
    /// 409: a friend request to this person is already waiting.
    RequestPending,
    /// 422: a rating needs a delivered order of this product
    RatingNotAllowed,
    /// 429: a sharing limit was reached (see the message)
    ShareLimit,
    /// 429: the 10 shares a day are used up
    DailyShareLimit,
    /// 429: a merchant's one ad (share of its own product) a day is used up
    AdLimit,
    /// 422: the text nearly repeats one of the author's shares of the last 7 days
    NearDuplicate,
    /// 409: this person already reported this product or share
    AlreadyReported,
    /// 409: shares can be edited for 15 minutes only
    EditWindowClosed,
    /// 422: not an image we accept, or one that does not decode
    BadUpload,
    /// 422: an image with more pixels (or a longer side) than we decode
    ImageTooLarge,
    /// 413
    PayloadTooLarge,
    /// 422: a field failed validation; `field` names it.
    InvalidInput,
    /// 429
    RateLimited,
    /// 429: the day's upload allowance (bytes in 24 hours) is used up
    UploadQuota,
    /// 408: the request (its body included) took too long to arrive
    RequestTimeout,
    /// 409: fewer units left than asked for
    OutOfStock,
    /// 409: the 7-day return window closed (the message says when)
    ReturnWindowClosed,
    /// 409: an unshipped order can be cancelled 48 hours after payment (the message says when)
    CancelTooEarly,
    /// 409: an application is already waiting, or the account already has a shop
    ApplicationOpen,
    /// 409: another shop was approved with this unified social credit code
    CreditCodeTaken,
    /// 403: only an approved merchant can do this
    NotMerchant,
    /// 422: a withdrawal below the minimum or above the available balance
    InsufficientBalance,
    /// 503: the WeChat JS-SDK is not configured on this server
    WechatNotConfigured,
    /// 502: WeChat's API did not answer as expected
    WechatUnavailable,
    /// 409: this WeChat is linked to another account, or this account to another WeChat
    WechatLinked,
    /// 409: the account logs in only with WeChat, so its WeChat cannot be unlinked
    WechatOnly,
    /// 403: only people with a delivered, unrefunded order of the product (or its merchant) answer
    NotABuyer,
    /// 409: this person already answered this question
    AlreadyAnswered,
    /// 429: the day's questions are used up
    DailyQuestionLimit,
    /// 500: logged on the server; the message never carries details.
    Internal,
    /// 503: the database is unreachable.
    Unavailable,
}

impl ErrorCode {
    /// The HTTP status the server answers this code with.
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            BadRequest => 400,
            Unauthenticated | WrongCredentials => 401,
            Forbidden | Banned | NotMerchant | NotABuyer => 403,
            NotFound => 404,
            MethodNotAllowed => 405,
            RequestTimeout => 408,
            HandleTaken | ProductUnavailable | IllegalTransition | AlreadyFriends
            | RequestPending | EditWindowClosed | AlreadyReported | OutOfStock
            | ReturnWindowClosed | CancelTooEarly | ApplicationOpen | CreditCodeTaken
            | WechatLinked | WechatOnly | AlreadyAnswered => 409,
            PayloadTooLarge => 413,
            IdempotencyKeyReused | RatingNotAllowed | BadUpload | ImageTooLarge | NearDuplicate
            | InvalidInput | InsufficientBalance => 422,
            ShareLimit | DailyShareLimit | AdLimit | RateLimited | UploadQuota
            | DailyQuestionLimit => 429,
            Internal => 500,
            WechatUnavailable => 502,
            WechatNotConfigured | Unavailable => 503,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::WrongCredentials => "wrong_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Banned => "banned",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::HandleTaken => "handle_taken",
            ErrorCode::ProductUnavailable => "product_unavailable",
            ErrorCode::IllegalTransition => "illegal_transition",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::AlreadyFriends => "already_friends",
            ErrorCode::RequestPending => "request_pending",
            ErrorCode::RatingNotAllowed => "rating_not_allowed",
            ErrorCode::ShareLimit => "share_limit",
            ErrorCode::DailyShareLimit => "daily_share_limit",
            ErrorCode::AdLimit => "ad_limit",
            ErrorCode::NearDuplicate => "near_duplicate",
            ErrorCode::AlreadyReported => "already_reported",
            ErrorCode::EditWindowClosed => "edit_window_closed",
            ErrorCode::BadUpload => "bad_upload",
            ErrorCode::ImageTooLarge => "image_too_large",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::UploadQuota => "upload_quota",
            ErrorCode::OutOfStock => "out_of_stock",
            ErrorCode::ReturnWindowClosed => "return_window_closed",
            ErrorCode::CancelTooEarly => "cancel_too_early",
            ErrorCode::ApplicationOpen => "application_open",
            ErrorCode::CreditCodeTaken => "credit_code_taken",
            ErrorCode::NotMerchant => "not_merchant",
            ErrorCode::InsufficientBalance => "insufficient_balance",
            ErrorCode::WechatNotConfigured => "wechat_not_configured",
            ErrorCode::WechatUnavailable => "wechat_unavailable",
            ErrorCode::WechatLinked => "wechat_linked",
            ErrorCode::WechatOnly => "wechat_only",
            ErrorCode::NotABuyer => "not_a_buyer",
            ErrorCode::AlreadyAnswered => "already_answered",
            ErrorCode::DailyQuestionLimit => "daily_question_limit",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
        }
    }
}

/// What each field rule says when it fails; the app shows the translation next to the field.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    Required,
    TooShort,
    TooLong,
    /// A handle may hold only a–z, 0–9 and `_`, and must start with a letter.
    BadCharacters,
    /// Not a valid value of its kind (a credit code's check character, a waybill number's form).
    Invalid,
}

/// The body of every error response.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// The request field the error is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<FieldProblem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in [
            ErrorCode::BadRequest,
            ErrorCode::Unauthenticated,
            ErrorCode::WrongCredentials,
            ErrorCode::Forbidden,
            ErrorCode::Banned,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::HandleTaken,
            ErrorCode::ProductUnavailable,
            ErrorCode::IllegalTransition,
            ErrorCode::IdempotencyKeyReused,
            ErrorCode::AlreadyFriends,
            ErrorCode::RequestPending,
            ErrorCode::RatingNotAllowed,
            ErrorCode::ShareLimit,
            ErrorCode::DailyShareLimit,
            ErrorCode::AdLimit,
            ErrorCode::NearDuplicate,
            ErrorCode::AlreadyReported,
            ErrorCode::EditWindowClosed,
            ErrorCode::BadUpload,
            ErrorCode::ImageTooLarge,
            ErrorCode::PayloadTooLarge,
            ErrorCode::InvalidInput,
            ErrorCode::RateLimited,
            ErrorCode::RequestTimeout,
            ErrorCode::UploadQuota,
            ErrorCode::OutOfStock,
            ErrorCode::ReturnWindowClosed,
            ErrorCode::CancelTooEarly,
            ErrorCode::ApplicationOpen,
            ErrorCode::CreditCodeTaken,
            ErrorCode::NotMerchant,
            ErrorCode::InsufficientBalance,
            ErrorCode::WechatNotConfigured,
            ErrorCode::WechatUnavailable,
            ErrorCode::WechatLinked,
            ErrorCode::WechatOnly,
            ErrorCode::Internal,
            ErrorCode::Unavailable,
        ] {
            let json = serde_json::to_string(&code).expect("serializes");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn field_is_omitted_when_absent() {
        let body = ErrorBody {
            code: ErrorCode::NotFound,
            message: "no such thing".into(),
            field: None,
            problem: None,
        };
        assert_eq!(
            serde_json::to_string(&body).expect("serializes"),
            r#"{"code":"not_found","message":"no such thing"}"#
        );
    }
}
