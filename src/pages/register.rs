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
    let tp = t.pages();
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
            <h1>{tp.register_title}</h1>
            <form on:submit=submit novalidate>
                <Field id="handle" label=tp.handle
                    hint=tp.handle_hint
                    value=handle error=handle_error autocomplete="username"/>
                <Field id="display_name" label=t.display_name
                    hint=tp.display_name_hint
                    value=display_name error=name_error autocomplete="nickname"/>
                <Field id="password" label=tp.password
                    hint=tp.password_hint
                    value=password error=password_error
                    input_type="password" autocomplete="new-password"/>
                <AuthFooter submit=auth idle=t.register busy=tp.registering/>
            </form>
            <p class="auth-switch">
                {tp.have_account}" "
                <Link href=Route::Login.href()>{t.log_in}</Link>
            </p>
            <p class="auth-switch"><Link href=Route::Discover.href()>{tp.browse_first}</Link></p>
        </section>
    }
}
