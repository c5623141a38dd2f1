//! 商家入驻 (`/merchant/apply`): an account applies to sell (shop name, category, contact,
//! the business licence's credit code); it sees its applications' outcome here.

use crate::{
    api,
    components::{
        common::{loading, RequireLogin},
        photos::{send_all, PhotoPicker, Picked},
    },
    state::{
        locale::use_locale,
        mutation::Mutation,
        route::{Link, Route},
    },
};
use circle_api::{ApplicationRequest, ApplicationStatus, ApplicationView, CATEGORIES};
use leptos::prelude::*;

#[component]
pub fn ApplyPage() -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    view! {
        <RequireLogin children=move |_| {
            let version = RwSignal::new(0u32);
            let mine = LocalResource::new(move || {
                version.track();
                api::merchants::my_applications()
            });
            let filed = Callback::new(move |()| version.update(|v| *v += 1));
            view! {
                <header class="page-head"><h1>{s.apply_title}</h1></header>
                <p class="card muted">{s.apply_intro}</p>
                <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                    {move || loading(async move {
                        let list = mine.await?;
                        let open = list.iter().any(|a| a.status != ApplicationStatus::Rejected);
                        Ok(view! {
                            <Applications list/>
                            {(!open).then(|| view! { <ApplyForm filed/> })}
                        })
                    })}
                </Transition>
            }
        }/>
    }
}

#[component]
fn Applications(list: Vec<ApplicationView>) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    view! {
        {list.into_iter().map(|a| {
            let status = match a.status {
                ApplicationStatus::Pending => s.app_pending,
                ApplicationStatus::Approved => s.app_approved,
                ApplicationStatus::Rejected => s.app_rejected,
            };
            view! {
                <section class="card application">
                    <h2>{a.shop_name.clone()}</h2>
                    <p><span class="badge">{status}</span>" "{circle_api::china_date(a.created_at)}</p>
                    {a.reason.clone().filter(|r| !r.is_empty()).map(|r| view! { <p class="muted">{s.reason_label}"："{r}</p> })}
                    {(a.status == ApplicationStatus::Approved).then(|| view! {
                        <Link href=Route::Merchant.href() class="btn btn-primary btn-block">{s.open_console}</Link>
                    })}
                </section>
            }
        }).collect_view()}
    }
}

#[component]
fn ApplyForm(filed: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    let shop_name = RwSignal::new(String::new());
    let category = RwSignal::new("food".to_owned());
    let contact = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let licence = RwSignal::new(Vec::<Picked>::new());
    let request = Mutation::new();
    let pending = request.pending;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut req = ApplicationRequest {
            shop_name: shop_name.get_untracked(),
            category: category.get_untracked(),
            contact: contact.get_untracked(),
            credit_code: code.get_untracked(),
            licence_photo_id: None,
        };
        let photo = licence.get_untracked();
        request.run(
            async move {
                req.licence_photo_id = send_all(photo).await?.first().copied();
                api::merchants::apply(&req).await
            },
            move |_| filed.run(()),
        );
    };
    let field = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="text" required autocomplete="off"
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
    };
    view! {
        <form class="card apply-form" on:submit=submit novalidate>
            {field("shop-name", s.shop_name, shop_name)}
            <label for="shop-category">{s.shop_category}</label>
            <select id="shop-category" on:change=move |ev| category.set(event_target_value(&ev))>
                {CATEGORIES.iter().map(|c| view! { <option value=*c selected=*c == "food">{t.category(c)}</option> }).collect_view()}
            </select>
            {field("shop-contact", s.contact, contact)}
            {field("credit-code", s.credit_code, code)}
            <p class="fineprint">{s.credit_code_hint}</p>
            <PhotoPicker id="licence-photo" label=s.licence_photo max=1 photos=licence/>
            {move || request.error.with(|e| e.as_ref().map(|e| view! { <p class="form-error" role="alert">{e.describe(t)}</p> }))}
            <button type="submit" class="btn btn-primary btn-block" disabled=move || pending.get()>{s.apply_submit}</button>
        </form>
    }
}
