//! 注册 (`/register`).

use crate::{
    api,
    components::common::{icons, show_error, Field},
    state::{locale::use_locale, session::use_session},
};
use circle_api::RegisterRequest;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let navigate = use_navigate();
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
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::accounts::register(&req).await {
                Ok(me) => {
                    session.set_user(Some(me));
                    navigate("/", Default::default());
                }
                Err(e) => show_error(
                    &e,
                    locale.t(),
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
            <h1>{move || locale.t().register_title}</h1>
            <form on:submit=submit novalidate>
                <Field id="handle" label=Signal::derive(move || locale.t().handle)
                    hint=Signal::derive(move || locale.t().handle_hint)
                    value=handle error=handle_error autocomplete="username"/>
                <Field id="display_name" label=Signal::derive(move || locale.t().display_name)
                    hint=Signal::derive(move || locale.t().display_name_hint)
                    value=display_name error=name_error autocomplete="nickname"/>
                <Field id="password" label=Signal::derive(move || locale.t().password)
                    hint=Signal::derive(move || locale.t().password_hint)
                    value=password error=password_error
                    input_type="password" autocomplete="new-password"/>
                <Show when=move || form_error.get().is_some()>
                    <p class="form-error" role="alert">{move || form_error.get()}</p>
                </Show>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || pending.get()>
                    {move || if pending.get() { locale.t().registering } else { locale.t().register }}
                </button>
            </form>
            <p class="auth-switch">
                {move || locale.t().have_account}" "
                <A href="/login">{move || locale.t().log_in}</A>
            </p>
        </section>
    }
}
