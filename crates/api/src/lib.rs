//! The one source of truth for the JSON the server speaks and the app reads:
//! request and response bodies, and the error codes the UI translates.
//! Serde only, so it builds for wasm32 and for the server alike.

mod accounts;
mod catalog;
mod earnings;
mod error;
mod merchants;
mod moderation;
mod money;
mod orders;
mod questions;
mod shares;
mod social;
mod time;

pub use accounts::*;
pub use catalog::*;
pub use earnings::*;
pub use error::*;
pub use merchants::*;
pub use moderation::*;
pub use money::*;
pub use orders::*;
pub use questions::*;
pub use shares::*;
pub use social::*;
pub use time::*;

use serde::{Deserialize, Serialize};

/// Answer of `GET /api/v1/health`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `"ok"` when the server answers and its database is reachable.
    pub status: String,
    /// `"sqlite"` or `"postgres"`.
    pub database: String,
    pub version: String,
}

/// The header every state-changing request from the app carries; the server refuses
/// unsafe methods without it (a cross-site form cannot set a custom header).
pub const CSRF_HEADER: &str = "x-circle-csrf";
