//! 我的 (`/me`): profile, orders, friends, settings (language, log out).

use crate::{
    api,
    components::common::{icons, RequireLogin},
    i18n::Locale,
    state::{locale::use_locale, session::use_session},
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn MePage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let navigate = use_navigate();
    let logout_error = RwSignal::new(None::<&'static str>);
    let logout = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::accounts::logout().await {
                Ok(()) => {
                    session.set_user(None);
                    navigate("/login", Default::default());
                }
                Err(e) => logout_error.set(Some(locale.t().error(e.code(), None, None))),
            }
        });
    };
    let language = move || {
        view! {
            <div class="segmented" role="radiogroup" aria-label=move || locale.t().language>
                {[(Locale::Zh, "中文"), (Locale::En, "English")].into_iter().map(|(l, label)| view! {
                    <button type="button" role="radio"
                        aria-checked=move || if locale.get() == l { "true" } else { "false" }
                        class:active=move || locale.get() == l
                        on:click=move |_| locale.set(l)>{label}</button>
                }).collect_view()}
            </div>
        }
    };
    view! {
        <RequireLogin children=move |me| {
            let initial = me.display_name.chars().next().unwrap_or('圈').to_string();
            view! {
                <section class="profile">
                    <div class="avatar" aria-hidden="true">{initial}</div>
                    <div>
                        <h1>{me.display_name.clone()}</h1>
                        <p class="muted">"@"{me.handle.clone()}</p>
                    </div>
                </section>
                <section class="card">
                    <h2>{icons::bag()}{move || locale.t().me_orders}</h2>
                    <p class="muted">{move || locale.t().me_orders_empty}</p>
                </section>
                <section class="card">
                    <h2>{icons::friends()}{move || locale.t().me_friends}</h2>
                    <p class="muted">{move || locale.t().me_friends_empty}</p>
                </section>
                <section class="card">
                    <h2>{move || locale.t().settings}</h2>
                    <div class="setting-row">
                        <span>{move || locale.t().language}</span>
                        {language}
                    </div>
                    <button type="button" class="btn btn-danger btn-block" on:click=logout.clone()>
                        {move || locale.t().log_out}
                    </button>
                    <Show when=move || logout_error.get().is_some()>
                        <p class="form-error" role="alert">{move || logout_error.get()}</p>
                    </Show>
                </section>
            }
        }/>
    }
}
