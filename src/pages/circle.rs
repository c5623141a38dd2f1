//! 购物圈 (`/`): friends', followed people's and topics' shares, best first, a page at a
//! time. Its markup around the cards is `circle_markup::circle`, which the server renders
//! page one with; the first render uses the data the server embedded, so it matches.

use crate::state::route::Route;
use crate::{
    api,
    components::{
        common::{icons, EmptyState, Markup, RequireLogin},
        questions::WaitingQuestions,
        share::ShareCard,
    },
    i18n::Strings,
    state::{first, locale::use_locale, paged::Paged, route::Link},
};
use circle_api::{FeedCard, Page};
use circle_markup::circle::{self, CircleLabels};
use leptos::prelude::*;

/// The page's words from the app's string table.
pub fn circle_labels(t: &'static Strings) -> CircleLabels<'static> {
    CircleLabels {
        title: t.tab_circle,
        refresh: t.refresh,
        loading: t.loading,
        load_more: t.load_more,
        feed_end: t.feed_end,
        for_you: t.qa.for_you,
        friend: t.qa.friend,
        about: t.qa.about,
        ask_mark: t.qa.ask_mark,
        go_answer: t.qa.go_answer,
    }
}

#[component]
pub fn CirclePage() -> impl IntoView {
    let labels = circle_labels(use_locale().t());
    view! {
        <RequireLogin children=move |me| view! {
            <Markup html=move || circle::head(&labels, &me.display_name)/>
            <WaitingQuestions/>
            <Feed/>
        }/>
    }
}

#[component]
fn Feed() -> impl IntoView {
    let t = use_locale().t();
    let labels = circle_labels(t);
    let feed = Paged::<FeedCard>::new();
    let Paged {
        items: cards,
        next,
        loading,
        loaded,
        error,
        ..
    } = feed;
    let load = move |more: bool| {
        feed.load(more, |after| async move {
            api::shares::feed(after.as_deref()).await
        })
    };
    match first::take::<Page<FeedCard>>("/api/v1/feed") {
        Some(page) => feed.fill(page),
        None => load(false),
    }
    let pull = pull_to_refresh(move || load(false));
    let on_act = Callback::new(move |act: String| match act.as_str() {
        "refresh" => load(false),
        "more" => load(true),
        _ => {}
    });
    let at_end = move || loaded.get() && !cards.with(Vec::is_empty);
    view! {
        <div class="pull" aria-hidden="true" style:height=move || format!("{}px", pull.get())>
            {move || if pull.get() >= PULL_TRIGGER { t.release_to_refresh } else { t.pull_to_refresh }}
        </div>
        <Markup html=move || circle::refresh(&labels, loading.get()) on_act/>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{t.error(e.code(), None, None)}</p> })}
        <Show when=move || feed.is_empty()>
            <EmptyState icon=icons::friends title=t.circle_empty_title body=t.circle_empty_body>
                <Link href=Route::Discover.href() class="btn btn-primary">{t.go_discover}</Link>
            </EmptyState>
        </Show>
        {drawn(cards)}
        <Markup html=move || circle::more(&labels, next.with(Option::is_some), loading.get(), at_end()) on_act/>
        <Show when=move || next.with(Option::is_some)>
            <InfiniteScroll on_visible=move || load(true)/>
        </Show>
    }
}

/// The ids of the cards drawn, and which drawing they belong to: a new one each time the
/// list stops being the drawn one with more after it.
#[derive(Clone, PartialEq)]
struct Drawn {
    epoch: u64,
    ids: Vec<i64>,
}

/// The cards. When more come, the cards on screen stay as they are (a like on its way,
/// open comments) and only the new ones are drawn, after them; any other change (a
/// refresh) draws them all again. Leptos' keyed `For` does that and more, but its diffing
/// and the index maps under it are about 8 KB of the main module.
fn drawn(cards: RwSignal<Vec<FeedCard>>) -> impl IntoView {
    let drawn = Memo::new(move |before: Option<&Drawn>| {
        let ids: Vec<i64> = cards.with(|c| c.iter().map(|c| c.share.id).collect());
        let epoch = match before {
            Some(b) if ids.starts_with(&b.ids) => b.epoch,
            Some(b) => b.epoch + 1,
            None => 0,
        };
        Drawn { epoch, ids }
    });
    let epoch = Memo::new(move |_| drawn.with(|d| d.epoch));
    move || {
        epoch.track();
        cards_from(cards, drawn, 0)
    }
}

/// The cards from `from` on as they are now, then (once they come) the ones after them.
fn cards_from(cards: RwSignal<Vec<FeedCard>>, drawn: Memo<Drawn>, from: usize) -> AnyView {
    let epoch = drawn.with_untracked(|d| d.epoch);
    let to = cards.with_untracked(Vec::len);
    let views: Vec<AnyView> = cards.with_untracked(|c| {
        c.get(from..)
            .unwrap_or_default()
            .iter()
            .map(|card| {
                let (share, also) = (card.share.clone(), card.also.clone());
                view! { <ShareCard share also/> }.into_any()
            })
            .collect()
    });
    // Changes once when more come (and back when this drawing is over), not with each page.
    let more = Memo::new(move |_| drawn.with(|d| d.epoch == epoch && d.ids.len() > to));
    view! {
        {views}
        {move || more.get().then(|| cards_from(cards, drawn, to))}
    }
    .into_any()
}

/// How far (px) a pull must go to refresh.
const PULL_TRIGGER: i32 = 70;

/// Pull to refresh: at the top of the page, dragging down far enough and letting go
/// calls `refresh`. Returns how far the current pull has gone (for the indicator).
fn pull_to_refresh(refresh: impl Fn() + Copy + 'static) -> RwSignal<i32> {
    use leptos::ev;
    let pull = RwSignal::new(0);
    let start = StoredValue::new(None::<i32>);
    let down = window_event_listener(ev::touchstart, move |e| {
        let at_top = window().scroll_y().map(|y| y <= 0.0).unwrap_or(false);
        start.set_value(e.touches().get(0).filter(|_| at_top).map(|t| t.client_y()));
    });
    let drag = window_event_listener(ev::touchmove, move |e| {
        if let (Some(y0), Some(touch)) = (start.get_value(), e.touches().get(0)) {
            pull.set((touch.client_y() - y0).clamp(0, 110));
        }
    });
    let up = window_event_listener(ev::touchend, move |_| {
        if pull.get_untracked() >= PULL_TRIGGER {
            refresh();
        }
        pull.set(0);
        start.set_value(None);
    });
    on_cleanup(move || {
        down.remove();
        drag.remove();
        up.remove();
    });
    pull
}

/// Calls `on_visible` whenever this invisible marker scrolls into view (infinite scroll);
/// the observer is disconnected when the marker goes away.
#[component]
fn InfiniteScroll(on_visible: impl Fn() + 'static) -> impl IntoView {
    use wasm_bindgen::{closure::Closure, JsCast};
    let marker = NodeRef::<leptos::html::Div>::new();
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let visible = entries
            .iter()
            .filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
            .any(|e| e.is_intersecting());
        if visible {
            on_visible();
        }
    });
    let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok();
    let observer = send_wrapper::SendWrapper::new((observer, callback));
    let observer = std::sync::Arc::new(observer);
    let watch = std::sync::Arc::clone(&observer);
    Effect::new(move |_| {
        if let (Some(el), Some(obs)) = (marker.get(), watch.0.as_ref()) {
            obs.observe(&el);
        }
    });
    on_cleanup(move || {
        if let Some(obs) = observer.0.as_ref() {
            obs.disconnect();
        }
    });
    view! { <div node_ref=marker class="scroll-marker" aria-hidden="true"></div> }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_servers_circle_words_are_the_apps_chinese() {
        assert_eq!(
            super::circle_labels(crate::i18n::Locale::Zh.strings()),
            circle_markup::circle::CIRCLE_ZH
        );
    }
}
