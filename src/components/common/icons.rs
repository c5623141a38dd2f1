//! Inline SVG icons (no icon font, no extra request). The ones the server's markup draws
//! too (comment, share, wallet) are `circle_markup::icons`.

use leptos::prelude::*;

fn svg(path: &'static str) -> AnyView {
    view! {
        <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor"
            stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <path d=path/>
        </svg>
    }
    .into_any()
}

pub fn circle() -> AnyView {
    svg("M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M8 10.5a1.5 1.5 0 1 0 0 .01M16 10.5a1.5 1.5 0 1 0 0 .01M8 15c1 1.3 2.4 2 4 2s3-.7 4-2")
}

pub fn compass() -> AnyView {
    svg("M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M15.5 8.5l-2 5-5 2 2-5z")
}

pub fn plus() -> AnyView {
    svg("M12 5v14M5 12h14")
}

pub fn wallet() -> AnyView {
    svg(circle_markup::icons::WALLET)
}

pub fn person() -> AnyView {
    svg("M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8M4 21c0-4 3.6-6.5 8-6.5s8 2.5 8 6.5")
}

pub fn bag() -> AnyView {
    svg("M6 8h12l-1 12H7zM9 8V6a3 3 0 0 1 6 0v2")
}

pub fn search() -> AnyView {
    svg("M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14M20 20l-4-4")
}

pub fn friends() -> AnyView {
    svg("M9 5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7M2.5 20c0-3.5 3-5.5 6.5-5.5s6.5 2 6.5 5.5M16 5.5a3 3 0 0 1 0 6M18 14.5c2 .6 3.5 2.3 3.5 5")
}

pub fn bell() -> AnyView {
    svg("M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0")
}
