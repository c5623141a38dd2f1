//! Shares: what people bought, told to their circle; likes and comments; the feed.

use crate::{Person, ProductView};
use serde::{Deserialize, Serialize};

pub const SHARE_TEXT_MAX: usize = 500;
pub const SHARE_PHOTOS_MAX: usize = 9;
pub const COMMENT_TEXT_MAX: usize = 300;
/// Minutes after posting during which a share can be edited.
pub const SHARE_EDIT_MINUTES: i64 = 15;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareCreate {
    pub product_id: i64,
    /// 1–500 characters.
    pub text: String,
    /// 1–5; only with a delivered order of this product, once per order.
    #[serde(default)]
    pub rating: Option<i64>,
    /// Up to 9 ids of images uploaded with `POST /api/v1/uploads`.
    #[serde(default)]
    pub photo_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareEdit {
    pub text: String,
}

/// The small rendition (360 px wide) of the photo whose URL (its large rendition,
/// 1080 px) is `url`: what lists and cards load.
pub fn small_photo(url: &str) -> String {
    format!("{url}/small")
}

/// The `srcset` of the photo at `url`: its small and large renditions by width.
pub fn photo_srcset(url: &str) -> String {
    format!("{url}/small 360w, {url} 1080w")
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Upload {
    pub id: i64,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareView {
    pub id: i64,
    /// For the public link `/s/{code}`.
    pub code: String,
    pub author: Person,
    pub product: ProductView,
    pub text: String,
    pub rating: Option<i64>,
    /// "已购": the author has a delivered (not refunded) order of this product.
    pub verified_purchase: bool,
    /// "广告": a merchant's share of its own product.
    pub is_ad: bool,
    pub photos: Vec<String>,
    pub like_count: i64,
    /// "N 位买家点赞": likes from accounts at least a day old with a delivered order —
    /// the only likes that count for ranking.
    pub buyer_like_count: i64,
    pub liked_by_me: bool,
    pub comment_count: i64,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    /// Set for the author while the share can still be edited.
    pub editable_until: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LikeState {
    pub liked: bool,
    pub like_count: i64,
    pub buyer_like_count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentCreate {
    /// 1–300 characters.
    pub text: String,
    /// Set to reply to a comment of the same share.
    #[serde(default)]
    pub parent_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentView {
    pub id: i64,
    pub share_id: i64,
    pub author: Person,
    pub parent_id: Option<i64>,
    pub text: String,
    pub created_at: i64,
    pub mine: bool,
}

/// A card of the feed: one share, or several friends' shares of one product (collapsed).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedCard {
    /// The share shown in full.
    pub share: ShareView,
    /// Other friends who shared the same product within 72 hours ("3 位好友买了…").
    pub also: Vec<Person>,
}

/// 商品话题: everything about one product's community.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Topic {
    pub product: ProductView,
    /// What its merchant wrote about it (reviewed with the product).
    pub description: String,
    /// Average of ratings from delivered, unrefunded orders, in hundredths (450 = 4.50).
    pub rating_avg_centi: Option<i64>,
    pub rating_count: i64,
    /// How many of my friends have a delivered order of it, and a few of them.
    pub friends_bought: i64,
    pub friends_bought_sample: Vec<Person>,
    pub following: bool,
    pub followers: i64,
    /// The 达人 whose shares sold it most: attributed, delivered, unrefunded orders.
    pub top_sharers: Vec<TopSharer>,
    /// Shares of it: my friends' first, then by quality (verified, likes), then newest.
    pub shares: Vec<ShareView>,
    /// 问大家 (N): the most helpful questions and their best answer.
    #[serde(default)]
    pub questions: crate::TopicQuestions,
}

/// A 达人 on a product's topic page, with the purchases their shares of it led to.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopSharer {
    pub person: Person,
    pub sales: i64,
}
