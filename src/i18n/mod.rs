//! Every string the UI shows, in zh-CN (default) and English. A `Strings` table per
//! locale keeps missing translations a compile error. The Chinese table is in the main
//! WASM module; the English one (with its 问大家 part) is a module of its own
//! (`lazy::english`), fetched when someone picks English or comes back having picked it.
//! Both locales' order and merchant strings (`Strings::shop`) and the strings only the
//! split modules' pages show (`Strings::pages`) are in the modules of those pages.

mod en;
mod pages;
mod pages_en;
mod pages_zh;
mod qa;
mod shop;
mod shop_en;
mod shop_zh;
mod strings;
mod zh;

pub use pages::PageStrings;
pub use qa::QaStrings;
pub use shop::ShopStrings;
pub use strings::Strings;

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

    /// The locale's table when it is in memory: Chinese always, English once `load`
    /// has fetched it.
    pub fn loaded(self) -> Option<&'static Strings> {
        match self {
            Locale::Zh => Some(&zh::STRINGS),
            Locale::En => ENGLISH.get().copied(),
        }
    }

    /// The locale's table, fetched first if it is not in memory yet.
    pub async fn load(self) -> &'static Strings {
        if let Some(strings) = self.loaded() {
            return strings;
        }
        let strings = lazy::english().await;
        ENGLISH.get_or_init(|| strings)
    }

    /// The locale's table. Only a loaded locale is ever shown (`LocaleState` switches
    /// after `load`), so the Chinese fallback is for the impossible case.
    pub fn strings(self) -> &'static Strings {
        self.loaded().unwrap_or(&zh::STRINGS)
    }
}

/// The English table, once its module is loaded.
static ENGLISH: std::sync::OnceLock<&'static Strings> = std::sync::OnceLock::new();

/// The English table's split point: with the `split` feature, a WASM module of its own
/// (`pack_english.bin`, which `index.html` preloads for someone who chose English).
// `#[lazy]` exports the split point with `#[no_mangle]`, which `unsafe_code` counts.
#[allow(unsafe_code)]
mod lazy {
    use super::Strings;
    #[cfg(feature = "split")]
    use leptos::lazy;

    #[cfg_attr(feature = "split", lazy)]
    pub async fn english() -> &'static Strings {
        &super::en::STRINGS
    }
}

impl Strings {
    /// The strings of orders after payment and of the merchant side. Reached from the
    /// pages that show them, so the tables are in those pages' modules, not the main one.
    pub fn shop(&self) -> &'static ShopStrings {
        match self.locale {
            Locale::Zh => &shop_zh::SHOP_ZH,
            Locale::En => &shop_en::SHOP_EN,
        }
    }

    /// The strings only the pages of the split modules show, reached from those pages
    /// (as `shop()`), so the tables are in their modules, not the main one.
    pub fn pages(&self) -> &'static PageStrings {
        match self.locale {
            Locale::Zh => &pages_zh::PAGES_ZH,
            Locale::En => &pages_en::PAGES_EN,
        }
    }

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
        use circle_api::OrderStatus as O;
        let shop = self.shop();
        match status {
            O::Paid => self.status_paid,
            O::Shipped => shop.status_shipped,
            O::Delivered => self.status_delivered,
            O::Completed => shop.status_completed,
            O::Cancelled => shop.status_cancelled,
            O::Refunded => self.status_refunded,
        }
    }

    pub fn product_status(&self, status: circle_api::ProductStatus) -> &'static str {
        use circle_api::ProductStatus as P;
        let shop = self.shop();
        match status {
            P::PendingReview => shop.p_pending_review,
            P::Active => shop.p_active,
            P::Paused => shop.p_paused,
            P::Rejected => shop.p_rejected,
            P::UnderReview => shop.p_under_review,
            P::Delisted => shop.p_delisted,
        }
    }

    pub fn carrier(&self, carrier: circle_api::Carrier) -> &'static str {
        use circle_api::Carrier as C;
        let shop = self.shop();
        match carrier {
            C::Sf => shop.carrier_sf,
            C::Jd => shop.carrier_jd,
            C::Ems => shop.carrier_ems,
            C::Zto => shop.carrier_zto,
            C::Yto => shop.carrier_yto,
            C::Sto => shop.carrier_sto,
            C::Yunda => shop.carrier_yunda,
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
                (Some("text"), Some(FieldProblem::BadCharacters)) => self.err_text_chars,
                (Some("password"), Some(FieldProblem::TooShort)) => self.err_password_short,
                (Some("password"), Some(FieldProblem::TooLong)) => self.err_password_long,
                (Some("credit_code"), _) => self.err_credit_code,
                (Some("tracking_no"), _) => self.err_tracking_no,
                (Some("price_cents"), _) => self.err_price,
                (Some("stock"), _) => self.err_stock,
                (Some("commission_bp"), _) => self.err_rate,
                (Some("photo_ids"), _) => self.err_photos,
                (Some("category"), _) => self.err_category,
                (_, Some(FieldProblem::BadCharacters)) => self.err_text_chars,
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
            ErrorCode::ImageTooLarge => self.err_image_too_large,
            ErrorCode::AlreadyFriends => self.err_already_friends,
            ErrorCode::RequestPending => self.err_request_pending,
            ErrorCode::PayloadTooLarge => self.err_too_large,
            ErrorCode::RateLimited => self.err_rate_limited,
            ErrorCode::RequestTimeout => self.err_timeout,
            ErrorCode::UploadQuota => self.err_upload_quota,
            ErrorCode::InsufficientBalance => self.err_insufficient_balance,
            ErrorCode::OutOfStock => self.err_out_of_stock,
            ErrorCode::ReturnWindowClosed => self.err_return_window_closed,
            ErrorCode::CancelTooEarly => self.err_cancel_too_early,
            ErrorCode::ApplicationOpen => self.err_application_open,
            ErrorCode::CreditCodeTaken => self.err_credit_code_taken,
            ErrorCode::NotMerchant => self.err_not_merchant,
            ErrorCode::WechatNotConfigured => self.err_wechat_not_configured,
            ErrorCode::WechatUnavailable => self.err_wechat_unavailable,
            ErrorCode::WechatLinked => self.err_wechat_linked,
            ErrorCode::WechatOnly => self.err_wechat_only,
            ErrorCode::NotABuyer => self.qa.err_not_a_buyer,
            ErrorCode::AlreadyAnswered => self.qa.err_already_answered,
            ErrorCode::DailyQuestionLimit => self.qa.err_daily_limit,
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
    fn english_is_in_memory_once_loaded() {
        assert!(Locale::Zh.loaded().is_some());
        // Without the `split` feature the load is a plain async fn: ready at once.
        let mut load = std::pin::pin!(Locale::En.load());
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let std::task::Poll::Ready(en) = std::future::Future::poll(load.as_mut(), &mut cx) else {
            panic!("the English table was not ready at once");
        };
        assert_eq!(en.tab_circle, en::STRINGS.tab_circle);
        assert_eq!(Locale::En.strings().tab_circle, en::STRINGS.tab_circle);
        assert_ne!(en.tab_circle, zh::STRINGS.tab_circle);
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
        for s in [&zh::STRINGS, &en::STRINGS] {
            for key in circle_api::CATEGORIES {
                assert_ne!(s.category(key), s.cat_all, "{key}");
            }
        }
    }

    #[test]
    fn every_locale_fills_every_tab() {
        for s in [&zh::STRINGS, &en::STRINGS] {
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
