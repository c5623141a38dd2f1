//! 注册 (`/register`).

use crate::state::route::{use_nav, Link};
use crate::{
    api,
    components::common::{icons, show_error, Field},
    state::{locale::use_locale, session::use_session},
};
use circle_api::RegisterRequest;
use leptos::prelude::*;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let t = use_locale().t();
    let session = use_session();
    let nav = use_nav();
    let handle = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let handle_error = RwSignal::new(None);
    let name_error = RwSignal::new(None);
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
        let req = RegisterRequest {
            handle: handle.get_untracked(),
            display_name: display_name.get_untracked(),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::accounts::register(&req).await {
                Ok(me) => {
                    session.set_user(Some(me));
                    nav.go("/");
                }
                Err(e) => show_error(
                    &e,
                    t,
                    &[
                        ("handle", handle_error),
                        ("display_name", name_error),
                        ("password", password_error),
                    ],
                    form_error,
                ),
            }
            pending.set(false);
        });
    };

    view! {
        <section class="auth">
            <div class="auth-mark" aria-hidden="true">{icons::circle()}</div>
            <h1>{t.register_title}</h1>
            <form on:submit=submit novalidate>
                <Field id="handle" label=t.handle
                    hint=t.handle_hint
                    value=handle error=handle_error autocomplete="username"/>
                <Field id="display_name" label=t.display_name
                    hint=t.display_name_hint
                    value=display_name error=name_error autocomplete="nickname"/>
                <Field id="password" label=t.password
                    hint=t.password_hint
                    value=password error=password_error
                    input_type="password" autocomplete="new-password"/>
                <Show when=move || form_error.get().is_some()>
                    <p class="form-error" role="alert">{move || form_error.get()}</p>
                </Show>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || pending.get()>
                    {move || if pending.get() { t.registering } else { t.register }}
                </button>
            </form>
            <p class="auth-switch">
                {t.have_account}" "
                <Link href="/login">{t.log_in}</Link>
            </p>
            <p class="auth-switch"><Link href="/discover">{t.browse_first}</Link></p>
        </section>
    }
}
