//! Building blocks every page uses.

mod auth;
mod empty_state;
mod error_view;
mod field;
pub mod icons;
mod login_needed;
mod markup;
mod offline_banner;

pub use auth::{AuthFooter, AuthSubmit};
pub use empty_state::EmptyState;
pub use error_view::{loaded, loading};
pub use field::{show_error, Field};
pub use login_needed::RequireLogin;
pub use markup::{closest, Markup};
pub use offline_banner::OfflineBanner;
