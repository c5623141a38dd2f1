//! The catalog: merchants and products.

use serde::{Deserialize, Serialize};

/// Money: integer cents (分) of CNY. Never floating point.
pub type Cents = i64;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// New, or edited (title, description, photos): waiting for a moderator.
    PendingReview,
    Active,
    /// Taken off sale by its merchant for a while.
    Paused,
    /// A moderator refused this version; `review_reason` says why.
    Rejected,
    /// Reported as counterfeit: not buyable, commissions frozen, until a moderator decides.
    UnderReview,
    Delisted,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerchantView {
    pub id: i64,
    pub name: String,
    pub verified: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductView {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub price_cents: Cents,
    /// Units left to sell.
    pub stock: i64,
    pub status: ProductStatus,
    /// Path of the product image on our server, e.g. `/media/12`.
    pub image_url: Option<String>,
    pub merchant: MerchantView,
    /// True when it can be bought (and shared): active, from a verified merchant.
    pub buyable: bool,
    /// Purchases through a share of it earn the sharer a commission: the share page
    /// shows the "分享有佣金" disclosure. (The rate itself is not shown.)
    pub earns_commission: bool,
}

/// One page of a keyset-paginated list: pass `next` back as `after` for the next page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// `None` on the last page.
    pub next: Option<String>,
}

/// The product categories, by stable key; the app translates them.
pub const CATEGORIES: &[&str] = &[
    "beauty", "food", "home", "baby", "digital", "fashion", "sports", "books",
];
