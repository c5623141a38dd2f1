//! 分享 (`/share`, `/share?product=ID`): share a product you bought into your circle,
//! with text, a rating once it is delivered, and photos.

use crate::state::mutation::Mutation;
use crate::state::route::Route;
use crate::{
    api,
    components::{
        common::{icons, EmptyState, RequireLogin},
        photos::{send_all, PhotoPicker, Picked},
    },
    state::{locale::use_locale, route::use_nav},
};
use circle_api::{OrderStatus, OrderView, ProductView, ShareCreate, SHARE_PHOTOS_MAX};
use leptos::prelude::*;

#[component]
pub fn SharePage() -> impl IntoView {
    let t = use_locale().t();
    view! {
        <RequireLogin children=move |_| view! {
            <header class="page-head"><h1>{t.tab_share}</h1></header>
            <Composer/>
        }/>
    }
}

/// The `product` query parameter, when the composer was opened from a product page.
fn preselected() -> Option<i64> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("product")?
        .parse()
        .ok()
}

#[component]
fn Composer() -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let nav = use_nav();
    let orders = RwSignal::new(None::<Vec<OrderView>>);
    let product = RwSignal::new(preselected());
    let text = RwSignal::new(String::new());
    let rating = RwSignal::new(None::<i64>);
    let photos = RwSignal::new(Vec::<Picked>::new());
    let error = RwSignal::new(None::<&'static str>);
    let status = RwSignal::new(None::<&'static str>);
    // The product the composer was opened for (from its topic page), bought or not.
    let opened_for = RwSignal::new(None::<ProductView>);
    leptos::task::spawn_local(async move {
        if let Ok(page) = api::orders::mine().await {
            orders.set(Some(page.items));
        }
    });
    if let Some(id) = preselected() {
        leptos::task::spawn_local(async move {
            if let Ok(p) = api::catalog::product(id).await {
                opened_for.set(p.buyable.then_some(p));
            }
        });
    }
    // One choice per product; "delivered" when any of its orders is.
    let choices = move || {
        let mut list: Vec<(ProductView, bool)> = Vec::new();
        for o in orders.get().unwrap_or_default() {
            if matches!(o.status, OrderStatus::Refunded | OrderStatus::Cancelled) {
                continue;
            }
            let delivered = o.status.received();
            match list.iter_mut().find(|(x, _)| x.id == o.product.id) {
                Some((_, d)) => *d |= delivered,
                None => list.push((o.product, delivered)),
            }
        }
        if let Some(p) = opened_for.get() {
            if !list.iter().any(|(x, _)| x.id == p.id) {
                list.insert(0, (p, false));
            }
        }
        list
    };
    let can_rate = move || {
        let chosen = product.get();
        choices()
            .iter()
            .any(|(p, delivered)| Some(p.id) == chosen && *delivered)
    };
    let request = Mutation::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(product_id) = product.get_untracked() else {
            error.set(Some(tp.share_pick));
            return;
        };
        error.set(None);
        let to_upload = photos.get_untracked();
        let rated = if can_rate() {
            rating.get_untracked()
        } else {
            None
        };
        let body = text.get_untracked();
        // Photos first, then the share; one request at a time, the stage on the button.
        let send = async move {
            if !to_upload.is_empty() {
                status.set(Some(tp.uploading));
            }
            let photo_ids = send_all(to_upload).await?;
            status.set(Some(tp.sharing));
            let req = ShareCreate {
                product_id,
                text: body,
                rating: rated,
                photo_ids,
            };
            api::shares::create(&req).await
        };
        request.run_with(
            send,
            move |_| {
                status.set(None);
                nav.go(&Route::Circle.href());
            },
            // What the user typed stays in the form.
            move |e| {
                status.set(None);
                error.set(Some(match e {
                    api::ApiError::Api(body) => {
                        t.error(Some(body.code), body.field.as_deref(), body.problem)
                    }
                    api::ApiError::Network => t.err_network,
                }));
            },
        );
    };

    view! {
        {move || match orders.get() {
            None => view! { <p class="muted">{t.loading}</p> }.into_any(),
            Some(_) if choices().is_empty() => view! {
                <EmptyState icon=icons::bag title=tp.share_empty_title body=tp.share_pick_empty/>
            }.into_any(),
            Some(_) => view! {
                <form class="composer card" on:submit=submit novalidate>
                    <fieldset>
                        <legend>{tp.share_pick}</legend>
                        <div class="pick-list">
                            {choices().into_iter().map(|(p, _)| {
                                let id = p.id;
                                view! {
                                    <label class="pick" class:active=move || product.get() == Some(id)>
                                        <input type="radio" name="product" checked=move || product.get() == Some(id)
                                            on:change=move |_| product.set(Some(id))/>
                                        <img src=p.image_url.clone().unwrap_or_default() alt="" width="40" height="40"/>
                                        <span>{p.title.clone()}</span>
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <label for="share-text" class="field-label">{tp.share_text}</label>
                    <textarea id="share-text" rows="5" maxlength="500" bind:value=text></textarea>
                    <p class="field-hint">{move || format!("{} · {}/500", tp.share_text_hint, text.with(|s| s.chars().count()))}</p>
                    <Show when=can_rate>
                        <fieldset class="rating">
                            <legend>{tp.share_rating}</legend>
                            {(1..=5).map(|r| view! {
                                <button type="button" class="star" class:on=move || rating.get().is_some_and(|x| x >= r)
                                    aria-label=format!("{r}") aria-pressed=move || if rating.get() == Some(r) { "true" } else { "false" }
                                    on:click=move |_| rating.set(Some(r))>"★"</button>
                            }).collect_view()}
                        </fieldset>
                    </Show>
                    <PhotoPicker id="share-photos" label=tp.share_photos max=SHARE_PHOTOS_MAX photos=photos/>
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <button type="submit" class="btn btn-primary btn-block" disabled=move || request.pending.get()>
                        {move || status.get().filter(|_| request.pending.get()).unwrap_or(tp.share_submit)}
                    </button>
                </form>
            }.into_any(),
        }}
    }
}
