//! Accounts: register, log in, the current user.

use serde::{Deserialize, Serialize};

/// Limits the server enforces and the app shows as hints.
pub const HANDLE_MIN: usize = 3;
pub const HANDLE_MAX: usize = 20;
pub const DISPLAY_NAME_MAX: usize = 30;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// 3–20 characters: a–z, 0–9, `_`, starting with a letter. Stored lower-case.
    pub handle: String,
    /// 1–30 characters, shown to friends.
    pub display_name: String,
    /// 8–128 characters.
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub handle: String,
    pub password: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Shopper,
    Merchant,
    Moderator,
}

/// The logged-in user, as `GET /api/v1/me`, register and login answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    pub role: Role,
    /// `zh-CN` or `en`.
    pub locale: String,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
}
