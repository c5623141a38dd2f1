//! 登录 (`/login`).

use crate::state::route::{next_after_login, Route};
use crate::{
    api,
    components::common::{icons, AuthFooter, AuthSubmit, Field},
    state::{locale::use_locale, route::Link},
};
use circle_api::LoginRequest;
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let handle = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let handle_error = RwSignal::new(None);
    let password_error = RwSignal::new(None);
    let auth = AuthSubmit::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = LoginRequest {
            handle: handle.get_untracked(),
            password: password.get_untracked(),
        };
        auth.run(
            [("handle", handle_error), ("password", password_error)],
            async move { api::accounts::login(&req).await },
        );
    };

    view! {
        <section class="auth">
            <div class="auth-mark" aria-hidden="true">{icons::circle()}</div>
            <h1>{tp.login_title}</h1>
            {crate::wechat::in_wechat().then(|| view! {
                <a class="btn btn-wechat btn-block" href=crate::wechat::login_href(&next_after_login(), false)>
                    {tp.wechat_login}
                </a>
            })}
            <form on:submit=submit novalidate>
                <Field id="handle" label=tp.handle
                    hint="" value=handle error=handle_error autocomplete="username"/>
                <Field id="password" label=tp.password
                    hint="" value=password error=password_error
                    input_type="password" autocomplete="current-password"/>
                <AuthFooter submit=auth idle=t.log_in busy=tp.logging_in/>
            </form>
            <p class="auth-switch">
                {tp.no_account}" "
                <Link href=Route::Register.href()>{t.register}</Link>
            </p>
            <p class="demo-hint">{tp.demo_hint}</p>
            <p class="demo-hint">{t.shop().demo_merchant_hint}</p>
            <p class="auth-switch"><Link href=Route::Discover.href()>{tp.browse_first}</Link></p>
        </section>
    }
}
