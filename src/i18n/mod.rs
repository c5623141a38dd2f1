//! Every string the UI shows, in zh-CN (default) and English. A `Strings` table per
//! locale keeps missing translations a compile error.

mod en;
mod zh;

use circle_api::{ErrorCode, FieldProblem};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Zh,
    En,
}

impl Locale {
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "zh-CN" | "zh" => Some(Locale::Zh),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::Zh => &zh::STRINGS,
            Locale::En => &en::STRINGS,
        }
    }
}

pub struct Strings {
    pub app_name: &'static str,
    pub tab_circle: &'static str,
    pub tab_discover: &'static str,
    pub tab_share: &'static str,
    pub tab_earnings: &'static str,
    pub tab_me: &'static str,

    pub welcome_title: &'static str,
    pub welcome_body: &'static str,
    pub log_in: &'static str,
    pub register: &'static str,
    pub log_out: &'static str,
    pub logging_in: &'static str,
    pub registering: &'static str,

    pub handle: &'static str,
    pub handle_hint: &'static str,
    pub display_name: &'static str,
    pub display_name_hint: &'static str,
    pub password: &'static str,
    pub password_hint: &'static str,
    pub no_account: &'static str,
    pub have_account: &'static str,
    pub demo_hint: &'static str,
    pub login_title: &'static str,
    pub register_title: &'static str,

    pub circle_empty_title: &'static str,
    pub circle_empty_body: &'static str,
    pub go_discover: &'static str,
    pub discover_search_placeholder: &'static str,
    pub discover_empty_title: &'static str,
    pub discover_empty_body: &'static str,
    pub share_empty_title: &'static str,
    pub earnings_empty_title: &'static str,
    pub earnings_empty_body: &'static str,
    pub earnings_rules: &'static str,

    pub cat_all: &'static str,
    pub cat_beauty: &'static str,
    pub cat_food: &'static str,
    pub cat_home: &'static str,
    pub cat_baby: &'static str,
    pub cat_digital: &'static str,
    pub cat_fashion: &'static str,
    pub cat_sports: &'static str,
    pub cat_books: &'static str,
    pub search: &'static str,
    pub load_more: &'static str,
    pub no_results: &'static str,
    pub verified_merchant: &'static str,
    pub unverified_merchant: &'static str,
    pub quantity: &'static str,
    pub buy_now: &'static str,
    pub buying: &'static str,
    pub bought: &'static str,
    pub view_orders: &'static str,
    pub not_buyable: &'static str,
    pub login_to_buy: &'static str,
    pub status_paid: &'static str,
    pub status_delivered: &'static str,
    pub status_refunded: &'static str,
    pub mark_delivered: &'static str,
    pub request_refund: &'static str,
    pub order_total: &'static str,
    pub verified_badge: &'static str,
    pub like: &'static str,
    pub comment: &'static str,
    pub comment_placeholder: &'static str,
    pub send: &'static str,
    pub reply: &'static str,
    pub friends_also_bought: &'static str,
    pub friends_bought: &'static str,
    pub verified_rating: &'static str,
    pub no_ratings: &'static str,
    pub follow_topic: &'static str,
    pub following_topic: &'static str,
    pub topic_shares: &'static str,
    pub topic_no_shares: &'static str,
    pub share_this: &'static str,
    pub share_pick: &'static str,
    pub share_pick_empty: &'static str,
    pub share_text: &'static str,
    pub share_text_hint: &'static str,
    pub share_rating: &'static str,
    pub share_photos: &'static str,
    pub share_submit: &'static str,
    pub sharing: &'static str,
    pub uploading: &'static str,
    pub add_friend: &'static str,
    pub request_sent: &'static str,
    pub accept: &'static str,
    pub decline: &'static str,
    pub is_friend: &'static str,
    pub follow: &'static str,
    pub unfollow: &'static str,
    pub followers: &'static str,
    pub friends_count: &'static str,
    pub find_people: &'static str,
    pub friend_requests: &'static str,
    pub their_shares: &'static str,
    pub refresh: &'static str,
    pub feed_end: &'static str,
    pub edit: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub delete: &'static str,
    pub confirm_delete: &'static str,
    pub browse_first: &'static str,
    pub me_orders: &'static str,
    pub me_orders_empty: &'static str,
    pub me_friends: &'static str,
    pub me_friends_empty: &'static str,
    pub settings: &'static str,
    pub language: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub offline_notice: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub error_title: &'static str,

    pub landing_brand: &'static str,
    pub commission_disclosure: &'static str,
    pub share_out: &'static str,
    pub copy_link: &'static str,
    pub link_copied: &'static str,
    pub qr_hint: &'static str,
    pub wechat_guide: &'static str,
    pub wechat_guide_sub: &'static str,
    pub close: &'static str,
    pub system_share: &'static str,
    pub share_title_suffix: &'static str,
    pub earn_pending: &'static str,
    pub earn_confirmed: &'static str,
    pub earn_available: &'static str,
    pub earn_withdrawn: &'static str,
    pub earn_withdrawing: &'static str,
    pub earn_chart: &'static str,
    pub earn_history: &'static str,
    pub buyer_likes: &'static str,
    pub pull_to_refresh: &'static str,
    pub release_to_refresh: &'static str,
    pub level_name: &'static str,
    pub level_sales: &'static str,
    pub top_sharers: &'static str,
    pub chart_start: &'static str,
    pub chart_end: &'static str,
    pub earn_by_share: &'static str,
    pub earn_clicks: &'static str,
    pub earn_orders: &'static str,
    pub withdraw: &'static str,
    pub withdraw_amount: &'static str,
    pub withdraw_all: &'static str,
    pub withdrawing: &'static str,
    pub withdraw_done: &'static str,
    pub withdrawals: &'static str,
    pub wd_requested: &'static str,
    pub wd_paid: &'static str,
    pub wd_failed: &'static str,
    pub withdraw_min_hint: &'static str,
    pub withdraw_negative: &'static str,
    pub c_available_on: &'static str,
    pub c_waiting_delivery: &'static str,
    pub c_confirmed: &'static str,
    pub c_reversed: &'static str,
    pub c_clawed_back: &'static str,
    pub attr_commission: &'static str,
    pub attr_self: &'static str,
    pub attr_hidden: &'static str,
    pub attr_inactive: &'static str,
    pub attr_no_rate: &'static str,
    pub notifications: &'static str,
    pub notif_empty: &'static str,
    pub n_like: &'static str,
    pub n_comment: &'static str,
    pub n_friend_request: &'static str,
    pub n_friend_accepted: &'static str,
    pub n_commission_pending: &'static str,
    pub n_commission_confirmed: &'static str,
    pub n_commission_reversed: &'static str,
    pub n_commission_clawed_back: &'static str,
    pub n_withdrawal_paid: &'static str,
    pub n_withdrawal_failed: &'static str,

    pub err_network: &'static str,
    pub err_wrong_credentials: &'static str,
    pub err_handle_taken: &'static str,
    pub err_product_unavailable: &'static str,
    pub err_illegal_transition: &'static str,
    pub err_idempotency_reused: &'static str,
    pub err_rating_not_allowed: &'static str,
    pub err_share_limit: &'static str,
    pub err_edit_window_closed: &'static str,
    pub err_bad_upload: &'static str,
    pub err_already_friends: &'static str,
    pub err_request_pending: &'static str,
    pub err_unauthenticated: &'static str,
    pub err_forbidden: &'static str,
    pub err_not_found: &'static str,
    pub err_rate_limited: &'static str,
    pub err_banned: &'static str,
    pub mod_ban: &'static str,
    pub err_already_reported: &'static str,
    pub report: &'static str,
    pub report_spam: &'static str,
    pub report_fake: &'static str,
    pub report_abuse: &'static str,
    pub report_counterfeit: &'static str,
    pub reported: &'static str,
    pub moderation: &'static str,
    pub mod_products: &'static str,
    pub mod_shares: &'static str,
    pub mod_empty: &'static str,
    pub mod_reason: &'static str,
    pub mod_restore: &'static str,
    pub mod_delist: &'static str,
    pub mod_hide: &'static str,
    pub mod_log: &'static str,
    pub mod_hidden: &'static str,
    pub c_delisted: &'static str,
    pub my_reports: &'static str,
    pub outcome_open: &'static str,
    pub outcome_upheld: &'static str,
    pub outcome_dismissed: &'static str,
    pub err_daily_share_limit: &'static str,
    pub err_ad_limit: &'static str,
    pub err_near_duplicate: &'static str,
    pub ad_badge: &'static str,
    pub err_insufficient_balance: &'static str,
    pub err_wechat_not_configured: &'static str,
    pub err_wechat_unavailable: &'static str,
    pub err_too_large: &'static str,
    pub err_bad_request: &'static str,
    pub err_internal: &'static str,
    pub err_unavailable: &'static str,
    pub err_required: &'static str,
    pub err_handle_short: &'static str,
    pub err_handle_long: &'static str,
    pub err_handle_chars: &'static str,
    pub err_name_long: &'static str,
    pub err_name_chars: &'static str,
    pub err_password_short: &'static str,
    pub err_password_long: &'static str,
}

impl Strings {
    /// The name of a product category, by its stable key.
    pub fn category(&self, key: &str) -> &'static str {
        match key {
            "beauty" => self.cat_beauty,
            "food" => self.cat_food,
            "home" => self.cat_home,
            "baby" => self.cat_baby,
            "digital" => self.cat_digital,
            "fashion" => self.cat_fashion,
            "sports" => self.cat_sports,
            "books" => self.cat_books,
            _ => self.cat_all,
        }
    }

    pub fn order_status(&self, status: circle_api::OrderStatus) -> &'static str {
        match status {
            circle_api::OrderStatus::Paid => self.status_paid,
            circle_api::OrderStatus::Delivered => self.status_delivered,
            circle_api::OrderStatus::Refunded => self.status_refunded,
        }
    }

    /// Why an order earns its sharer a commission or not; nothing when no share led to it.
    pub fn attribution(&self, a: circle_api::Attribution) -> Option<&'static str> {
        use circle_api::Attribution as A;
        match a {
            A::NoClick => None,
            A::SelfPurchase => Some(self.attr_self),
            A::ShareHidden => Some(self.attr_hidden),
            A::ProductInactive => Some(self.attr_inactive),
            A::NoCommissionRate => Some(self.attr_no_rate),
            A::Commission => Some(self.attr_commission),
        }
    }

    /// The message to show for an API error, by its stable code and field problem.
    pub fn error(
        &self,
        code: Option<ErrorCode>,
        field: Option<&str>,
        problem: Option<FieldProblem>,
    ) -> &'static str {
        let Some(code) = code else {
            return self.err_network;
        };
        match code {
            ErrorCode::InvalidInput => match (field, problem) {
                (_, Some(FieldProblem::Required)) => self.err_required,
                (Some("handle"), Some(FieldProblem::TooShort)) => self.err_handle_short,
                (Some("handle"), Some(FieldProblem::TooLong)) => self.err_handle_long,
                (Some("handle"), Some(FieldProblem::BadCharacters)) => self.err_handle_chars,
                (Some("display_name"), Some(FieldProblem::TooLong)) => self.err_name_long,
                (Some("display_name"), Some(FieldProblem::BadCharacters)) => self.err_name_chars,
                (Some("password"), Some(FieldProblem::TooShort)) => self.err_password_short,
                (Some("password"), Some(FieldProblem::TooLong)) => self.err_password_long,
                _ => self.err_bad_request,
            },
            ErrorCode::BadRequest => self.err_bad_request,
            ErrorCode::Unauthenticated => self.err_unauthenticated,
            ErrorCode::WrongCredentials => self.err_wrong_credentials,
            ErrorCode::Forbidden => self.err_forbidden,
            ErrorCode::Banned => self.err_banned,
            ErrorCode::NotFound => self.err_not_found,
            ErrorCode::MethodNotAllowed => self.err_bad_request,
            ErrorCode::HandleTaken => self.err_handle_taken,
            ErrorCode::ProductUnavailable => self.err_product_unavailable,
            ErrorCode::IllegalTransition => self.err_illegal_transition,
            ErrorCode::IdempotencyKeyReused => self.err_idempotency_reused,
            ErrorCode::RatingNotAllowed => self.err_rating_not_allowed,
            ErrorCode::ShareLimit => self.err_share_limit,
            ErrorCode::AlreadyReported => self.err_already_reported,
            ErrorCode::DailyShareLimit => self.err_daily_share_limit,
            ErrorCode::AdLimit => self.err_ad_limit,
            ErrorCode::NearDuplicate => self.err_near_duplicate,
            ErrorCode::EditWindowClosed => self.err_edit_window_closed,
            ErrorCode::BadUpload => self.err_bad_upload,
            ErrorCode::AlreadyFriends => self.err_already_friends,
            ErrorCode::RequestPending => self.err_request_pending,
            ErrorCode::PayloadTooLarge => self.err_too_large,
            ErrorCode::RateLimited => self.err_rate_limited,
            ErrorCode::InsufficientBalance => self.err_insufficient_balance,
            ErrorCode::WechatNotConfigured => self.err_wechat_not_configured,
            ErrorCode::WechatUnavailable => self.err_wechat_unavailable,
            ErrorCode::Internal => self.err_internal,
            ErrorCode::Unavailable => self.err_unavailable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags_round_trip() {
        for locale in [Locale::Zh, Locale::En] {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::from_tag("fr"), None);
    }

    #[test]
    fn field_errors_get_their_specific_message() {
        let zh = Locale::Zh.strings();
        assert_eq!(
            zh.error(
                Some(ErrorCode::InvalidInput),
                Some("password"),
                Some(FieldProblem::TooShort)
            ),
            zh.err_password_short
        );
        assert_eq!(
            zh.error(Some(ErrorCode::WrongCredentials), Some("password"), None),
            zh.err_wrong_credentials
        );
        assert_eq!(zh.error(None, None, None), zh.err_network);
    }

    #[test]
    fn every_category_has_a_name_in_every_locale() {
        for locale in [Locale::Zh, Locale::En] {
            let s = locale.strings();
            for key in circle_api::CATEGORIES {
                assert_ne!(s.category(key), s.cat_all, "{key}");
            }
        }
    }

    #[test]
    fn every_locale_fills_every_tab() {
        for locale in [Locale::Zh, Locale::En] {
            let s = locale.strings();
            for text in [
                s.tab_circle,
                s.tab_discover,
                s.tab_share,
                s.tab_earnings,
                s.tab_me,
            ] {
                assert!(!text.is_empty());
            }
        }
    }
}
