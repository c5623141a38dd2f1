//! People and the 关系链: friends (mutual, by request) and follows (one-way, for 达人).

use serde::{Deserialize, Serialize};

/// How the viewer relates to a person.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Relation {
    pub is_me: bool,
    pub friend: bool,
    pub following: bool,
    /// A pending request I sent them (its id, to cancel).
    pub request_sent: Option<i64>,
    /// A pending request they sent me (its id, to accept or decline).
    pub request_received: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    /// Absent when nobody is logged in.
    pub relation: Option<Relation>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub person: Person,
    pub followers: i64,
    pub friends: i64,
    pub created_at: i64,
    /// 达人 level, 0–5: grows with attributed, delivered, unrefunded sales (never with
    /// likes, which can be faked).
    pub level: i64,
    /// Purchases that this person's shares led to: delivered and not refunded.
    pub attributed_sales: i64,
}

/// Attributed sales needed for each 达人 level (level n needs `LEVEL_SALES[n - 1]`).
pub const LEVEL_SALES: [i64; 5] = [1, 5, 20, 50, 100];

/// The 达人 level for a number of attributed, delivered, unrefunded sales.
pub fn level_for(sales: i64) -> i64 {
    LEVEL_SALES.iter().filter(|need| sales >= **need).count() as i64
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FriendRequestCreate {
    pub to_handle: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FriendRequestStatus {
    Pending,
    Accepted,
    Declined,
    Cancelled,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FriendRequestView {
    pub id: i64,
    pub from: Person,
    pub to: Person,
    pub status: FriendRequestStatus,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FriendRequests {
    pub incoming: Vec<FriendRequestView>,
    pub outgoing: Vec<FriendRequestView>,
}
