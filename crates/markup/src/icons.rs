//! The icons the server's markup and the app's views both draw (24×24 strokes).

/// A speech bubble: comments.
pub const CHAT: &str = "M4 5h16v11H9l-5 4zM8 10h.01M12 10h.01M16 10h.01";
/// An arrow out of a tray: share.
pub const SHARE: &str = "M12 15V4M8 8l4-4 4 4M5 12v7a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-7";
/// A wallet: earnings.
pub const WALLET: &str = "M4 7h15a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a2 2 0 0 1 2-2h11M16 14h.01M9 10l3 3 3-3M12 13v4M9.5 15h5";

/// The icon as inline SVG, hidden from screen readers (the button says what it does).
pub fn svg(path: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" fill=\"none\" stroke=\"currentColor\" \
         stroke-width=\"1.8\" stroke-linecap=\"round\" stroke-linejoin=\"round\" aria-hidden=\"true\">\
         <path d=\"{path}\"></path></svg>"
    )
}
