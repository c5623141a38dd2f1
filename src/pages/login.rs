//! 登录 (`/login`).

use crate::{
    api,
    components::common::{icons, show_error, Field},
    state::{locale::use_locale, session::use_session},
};
use circle_api::LoginRequest;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let navigate = use_navigate();
    let handle = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let handle_error = RwSignal::new(None);
    let password_error = RwSignal::new(None);
    let form_error = RwSignal::new(None);
    let pending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        pending.set(true);
        let req = LoginRequest {
            handle: handle.get_untracked(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::accounts::login(&req).await {
                Ok(me) => {
                    session.set_user(Some(me));
                    navigate("/", Default::default());
                }
                Err(e) => show_error(
                    &e,
                    locale.t(),
                    &[("handle", handle_error), ("password", password_error)],
                    form_error,
                ),
            }
            pending.set(false);
        });
    };

    view! {
        <section class="auth">
            <div class="auth-mark" aria-hidden="true">{icons::circle()}</div>
            <h1>{move || locale.t().login_title}</h1>
            <form on:submit=submit novalidate>
                <Field id="handle" label=Signal::derive(move || locale.t().handle)
                    hint=Signal::derive(|| "") value=handle error=handle_error autocomplete="username"/>
                <Field id="password" label=Signal::derive(move || locale.t().password)
                    hint=Signal::derive(|| "") value=password error=password_error
                    input_type="password" autocomplete="current-password"/>
                <Show when=move || form_error.get().is_some()>
                    <p class="form-error" role="alert">{move || form_error.get()}</p>
                </Show>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || pending.get()>
                    {move || if pending.get() { locale.t().logging_in } else { locale.t().log_in }}
                </button>
            </form>
            <p class="auth-switch">
                {move || locale.t().no_account}" "
                <A href="/register">{move || locale.t().register}</A>
            </p>
            <p class="demo-hint">{move || locale.t().demo_hint}</p>
        </section>
    }
}
