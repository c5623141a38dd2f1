//! 注册 (`/register`).

use crate::state::route::Route;
use crate::{
    api,
    components::common::{icons, AuthFooter, AuthSubmit, Field},
    state::{locale::use_locale, route::Link},
};
use circle_api::RegisterRequest;
use leptos::prelude::*;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let t = use_locale().t();
    let handle = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let handle_error = RwSignal::new(None);
    let name_error = RwSignal::new(None);
    let password_error = RwSignal::new(None);
    let auth = AuthSubmit::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = RegisterRequest {
            handle: handle.get_untracked(),
            display_name: display_name.get_untracked(),
            password: password.get_untracked(),
        };
        auth.run(
            [
                ("handle", handle_error),
                ("display_name", name_error),
                ("password", password_error),
            ],
            async move { api::accounts::register(&req).await },
        );
    };

    view! {
        <section class="auth">
            <div class="auth-mark" aria-hidden="true">{icons::circle()}</div>
            <h1>{t.pages().register_title}</h1>
            <form on:submit=submit novalidate>
                <Field id="handle" label=t.pages().handle
                    hint=t.pages().handle_hint
                    value=handle error=handle_error autocomplete="username"/>
                <Field id="display_name" label=t.display_name
                    hint=t.pages().display_name_hint
                    value=display_name error=name_error autocomplete="nickname"/>
                <Field id="password" label=t.pages().password
                    hint=t.pages().password_hint
                    value=password error=password_error
                    input_type="password" autocomplete="new-password"/>
                <AuthFooter submit=auth idle=t.register busy=t.pages().registering/>
            </form>
            <p class="auth-switch">
                {t.pages().have_account}" "
                <Link href=Route::Login.href()>{t.log_in}</Link>
            </p>
            <p class="auth-switch"><Link href=Route::Discover.href()>{t.pages().browse_first}</Link></p>
        </section>
    }
}
