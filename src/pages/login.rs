//! 登录 (`/login`).

use crate::state::route::{use_nav, Link};
use crate::{
    api,
    components::common::{icons, show_error, Field},
    state::{locale::use_locale, session::use_session},
};
use circle_api::LoginRequest;
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_locale().t();
    let session = use_session();
    let nav = use_nav();
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
        leptos::task::spawn_local(async move {
            match api::accounts::login(&req).await {
                Ok(me) => {
                    session.set_user(Some(me));
                    nav.go("/");
                }
                Err(e) => show_error(
                    &e,
                    t,
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
            <h1>{t.login_title}</h1>
            <form on:submit=submit novalidate>
                <Field id="handle" label=t.handle
                    hint="" value=handle error=handle_error autocomplete="username"/>
                <Field id="password" label=t.password
                    hint="" value=password error=password_error
                    input_type="password" autocomplete="current-password"/>
                <Show when=move || form_error.get().is_some()>
                    <p class="form-error" role="alert">{move || form_error.get()}</p>
                </Show>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || pending.get()>
                    {move || if pending.get() { t.logging_in } else { t.log_in }}
                </button>
            </form>
            <p class="auth-switch">
                {t.no_account}" "
                <Link href="/register">{t.register}</Link>
            </p>
            <p class="demo-hint">{t.demo_hint}</p>
            <p class="auth-switch"><Link href="/discover">{t.browse_first}</Link></p>
        </section>
    }
}
