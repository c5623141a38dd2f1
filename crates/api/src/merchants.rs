//! Merchants: applying to sell, listing products (reviewed by moderators), the console's
//! orders, sales and balance.

use crate::{Cents, OrderView, Person, ProductStatus, ProductView};
use serde::{Deserialize, Serialize};

/// The highest price of one unit: ¥100,000.
pub const PRICE_MAX_CENTS: Cents = 10_000_000;
/// The most units one product may hold in stock.
pub const STOCK_MAX: i64 = 1_000_000;
/// The highest commission rate a merchant may offer: 90 %.
pub const COMMISSION_BP_MAX: i64 = 9000;
pub const PRODUCT_TITLE_MAX: usize = 60;
pub const PRODUCT_DESCRIPTION_MAX: usize = 2000;
pub const PRODUCT_PHOTOS_MAX: usize = 9;
pub const SHOP_NAME_MAX: usize = 30;
pub const CONTACT_MAX: usize = 60;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Pending,
    Approved,
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationRequest {
    /// 1–30 characters.
    pub shop_name: String,
    /// One of `CATEGORIES`.
    pub category: String,
    /// A phone number or other way to reach the shop, 1–60 characters.
    pub contact: String,
    /// The business licence's 统一社会信用代码: 18 characters, check character valid
    /// (GB 32100-2015).
    pub credit_code: String,
    /// An uploaded photo of the licence, optional.
    #[serde(default)]
    pub licence_photo_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationView {
    pub id: i64,
    pub applicant: Person,
    pub shop_name: String,
    pub category: String,
    pub contact: String,
    pub credit_code: String,
    pub licence_url: Option<String>,
    pub status: ApplicationStatus,
    /// A moderator's reason (always given for a rejection).
    pub reason: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    /// The shop, once approved.
    pub merchant_id: Option<i64>,
}

/// A moderator's decision on an application or a product version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewDecision {
    pub approve: bool,
    /// Why; required to reject (1–200 characters), kept in the audit log.
    #[serde(default)]
    pub reason: String,
}

/// A product as its merchant writes it: creating, or editing (the whole product).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductRequest {
    /// 1–60 characters.
    pub title: String,
    /// Up to 2000 characters.
    #[serde(default)]
    pub description: String,
    pub category: String,
    /// 1 to 10,000,000 cents.
    pub price_cents: Cents,
    /// 0 to 1,000,000.
    pub stock: i64,
    /// 0 to 9000 basis points (0–90 %); applies to orders paid after it is set.
    pub commission_bp: i64,
    /// Uploaded photos (`POST /api/v1/uploads`), 1–9, the first is the cover.
    pub photo_ids: Vec<i64>,
}

/// A product as its merchant sees it in the console.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerchantProductView {
    pub product: ProductView,
    pub description: String,
    pub commission_bp: i64,
    pub photo_ids: Vec<i64>,
    pub photo_urls: Vec<String>,
    /// Why the last version was rejected.
    pub review_reason: Option<String>,
    /// Units sold in orders that were not cancelled or refunded.
    pub sold: i64,
}

/// What a merchant may do to a product's sale besides editing it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductStatusRequest {
    /// `paused` takes an active product off sale; `active` puts a paused one back.
    pub status: ProductStatus,
}

/// The shop of the logged-in merchant, with the console's counts and balance.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerchantHome {
    pub id: i64,
    pub name: String,
    pub category: String,
    /// The platform's fee on each sale, in basis points.
    pub fee_bp: i64,
    /// Paid orders waiting to be shipped.
    pub to_ship: i64,
    /// Returns waiting for the merchant's answer.
    pub returns_open: i64,
    /// Sales not completed yet (less the commissions they carry).
    pub pending_cents: Cents,
    /// Completed sales less commission and fee, less withdrawals; negative after a
    /// refund ordered once the money was available (and then no withdrawal).
    pub available_cents: Cents,
    pub withdrawing_cents: Cents,
    pub withdrawn_cents: Cents,
}

/// An order as its merchant sees it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerchantOrderView {
    pub order: OrderView,
    pub buyer: Person,
    /// The share it came through and its author, when it earns a commission.
    pub sharer: Option<Person>,
    pub commission_cents: Cents,
    pub fee_cents: Cents,
}

/// Which orders the console lists.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderFilter {
    All,
    /// Paid, waiting to be shipped.
    ToShip,
    /// Returns waiting for the shop's answer (asked for, or disputed and not decided).
    Returns,
    /// Completed: settled to the shop's available balance.
    Settled,
}

/// What one share sold for a shop: its attributed orders that were not cancelled or
/// refunded, and the commission its author earned. The console sums them by 达人.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareSales {
    pub share_code: String,
    pub product_title: String,
    pub sharer: Person,
    pub orders: i64,
    pub amount_cents: Cents,
    pub commission_cents: Cents,
}

/// A shop's public page `/m/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopView {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub verified: bool,
    pub since: i64,
}
