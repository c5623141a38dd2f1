//! 商品话题 (`/p/{id}`): the product and its merchant, buying it, and its community:
//! the buyers' rating, friends who bought it, and everyone's shares. The server renders
//! the product's facts into the page (`circle_markup::topic`) with the topic as data;
//! the first render uses that data, so it draws the same facts and adds the rest below.

use crate::components::share::{stars, ShareCard};
use crate::state::route::Route;
use crate::{
    api,
    components::{
        common::{loading, Markup},
        product::Checkout,
    },
    state::{first, locale::use_locale, route::Link, session::use_session},
};
use circle_api::{ProductView, Topic, QUANTITY_MAX};
use circle_markup::topic::{product_facts, TopicLabels};
use leptos::prelude::*;

#[component]
pub fn ProductPage(id: i64) -> impl IntoView {
    let t = use_locale().t();
    // The page the server rendered: its topic is at hand, and drawn at once, the same.
    if let Some(topic) = first::take::<Topic>(&format!("/api/v1/products/{id}/topic")) {
        return topic_view(topic, t, true).into_any();
    }
    let topic = LocalResource::new(move || api::shares::topic(id));
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || loading(async move {
                Ok(topic_view(topic.await?, t, false))
            })}
        </Suspense>
    }
    .into_any()
}

/// The product, then its community. On the page the server rendered (`later`), the
/// community below the product is drawn in a task of its own: on a slow phone two
/// shorter tasks block input less than one long one, and the product is on screen
/// meanwhile, where the server had drawn it.
fn topic_view(topic: Topic, t: &'static crate::i18n::Strings, later: bool) -> impl IntoView {
    offer_in_wechat(&topic, t);
    let product = view! {
        <ProductView product=topic.product.clone() description=topic.description.clone()/>
    };
    let info = if later {
        Suspend::new(async move {
            crate::app::yield_now().await;
            view! { <TopicInfo topic/> }
        })
        .into_any()
    } else {
        view! { <TopicInfo topic/> }.into_any()
    };
    view! { {product} {info} }
}

/// WeChat's card for the topic: the product, its price and what its merchant wrote.
fn offer_in_wechat(topic: &circle_api::Topic, t: &'static crate::i18n::Strings) {
    let p = &topic.product;
    let desc = if topic.description.is_empty() {
        t.pages().topic_card_desc.to_owned()
    } else {
        topic.description.chars().take(60).collect()
    };
    crate::wechat::offer(crate::wechat::Card {
        title: format!("{} · {}", p.title, circle_api::Yuan(p.price_cents)),
        desc,
        link: crate::wechat::absolute(&Route::Product(p.id).href()),
        image: crate::wechat::absolute(p.image_url.as_deref().unwrap_or("/icons/icon-512.png")),
    });
}

/// The product's photo and facts (`circle_markup::topic`, as the server renders them),
/// then the buy box.
#[component]
fn ProductView(product: ProductView, description: String) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let labels = TopicLabels {
        verified_merchant: tp.verified_merchant,
        unverified_merchant: tp.unverified_merchant,
    };
    let facts = {
        let product = product.clone();
        move || {
            product_facts(
                &product,
                &description,
                t.category(&product.category),
                &labels,
            )
        }
    };
    view! {
        <article class="product">
            <Markup html=facts/>
            <BuyBox product/>
        </article>
    }
}

/// Quantity and the buy button. One idempotency key per purchase intention: a double
/// tap or a retry after a network error reuses it, so the order is made at most once.
#[component]
fn BuyBox(product: ProductView) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let session = use_session();
    let quantity = RwSignal::new(1i64);
    let checkout = Checkout::new(t);
    let bought = checkout.bought;
    let pending = move || checkout.pending();
    let product_id = product.id;
    let buy = move |_| checkout.buy(product_id, quantity.get_untracked());
    let step = move |delta: i64| quantity.update(|q| *q = (*q + delta).clamp(1, QUANTITY_MAX));

    if !product.buyable {
        return view! { <p class="card notice" role="status">{tp.not_buyable}</p> }.into_any();
    }
    view! {
        <div class="card buy-box">
            <Show when=move || session.user().is_some() fallback=move || view! {
                <Link href=Route::Login.href() class="btn btn-primary btn-block">{tp.login_to_buy}</Link>
            }>
                <div class="setting-row">
                    <span id="qty-label">{tp.quantity}</span>
                    <div class="stepper" role="group" aria-labelledby="qty-label">
                        <button type="button" aria-label="-" on:click=move |_| step(-1)>"−"</button>
                        <output aria-live="polite">{move || quantity.get()}</output>
                        <button type="button" aria-label="+" on:click=move |_| step(1)>"+"</button>
                    </div>
                </div>
                <button type="button" class="btn btn-primary btn-block" disabled=pending on:click=buy>
                    {move || if pending() { tp.buying.to_owned() } else {
                        format!("{} · {}", tp.buy_now, circle_api::Yuan(product.price_cents * quantity.get()))
                    }}
                </button>
            </Show>
            {move || checkout.error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || bought.get().map(|_| view! {
                <p class="success" role="status">{tp.bought}" "<Link href=Route::Me.href()>{tp.view_orders}</Link></p>
            })}
        </div>
    }
    .into_any()
}

/// The community part of the topic page.
#[component]
fn TopicInfo(topic: Topic) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let session = use_session();
    let product_id = topic.product.id;
    let following = RwSignal::new(topic.following);
    let toggle = move |_| {
        let want = !following.get_untracked();
        following.set(want);
        leptos::task::spawn_local(async move {
            if api::shares::set_topic_follow(product_id, want)
                .await
                .is_err()
            {
                following.set(!want);
            }
        });
    };
    let rating = match topic.rating_avg_centi {
        Some(avg) => view! {
            <span class="stars">{stars((avg + 50) / 100)}</span>
            {format!(" {}.{:02} · {}", avg / 100, avg % 100, topic.rating_count)}
        }
        .into_any(),
        None => tp.no_ratings.into_any(),
    };
    view! {
        <section class="card topic">
            <p><span class="muted">{tp.verified_rating}" "</span>{rating}</p>
            {(topic.friends_bought > 0).then(|| view! {
                <p class="friends-bought">
                    <span class="avatars">
                        {topic.friends_bought_sample.iter().map(|p| view! {
                            <span class="avatar tiny" title=p.display_name.clone()>{crate::components::people::initial(&p.display_name)}</span>
                        }).collect_view()}
                    </span>
                    {format!("{} {}", topic.friends_bought, tp.friends_bought)}
                </p>
            })}
            <Show when=move || session.user().is_some()>
                <div class="topic-actions">
                    <button type="button" class="btn btn-small btn-secondary" aria-pressed=move || if following.get() { "true" } else { "false" }
                        on:click=toggle>{move || if following.get() { tp.following_topic } else { tp.follow_topic }}</button>
                    {topic.product.buyable.then(|| view! {
                        <Link href=format!("/share?product={product_id}") class="btn btn-small btn-primary">{tp.share_this}</Link>
                    })}
                    <ReportProduct id=product_id/>
                </div>
            </Show>
        </section>
        <crate::components::questions::TopicSection product=product_id questions=topic.questions/>
        {(!topic.top_sharers.is_empty()).then(move || view! {
            <section class="card top-sharers">
                <h2>{tp.top_sharers}</h2>
                <ol>
                    {topic.top_sharers.into_iter().map(|s| view! {
                        <li>
                            <Link href=format!("/u/{}", s.person.handle) class="person-name">{s.person.display_name.clone()}</Link>
                            <span class="muted">{s.sales}" "{tp.level_sales}</span>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        })}
        <h2 class="section-title">{tp.topic_shares}</h2>
        {if topic.shares.is_empty() {
            view! { <p class="muted center">{tp.topic_no_shares}</p> }.into_any()
        } else {
            topic.shares.into_iter().map(|share| view! { <ShareCard share/> }).collect_view().into_any()
        }}
    }
}

/// "举报假货": the server takes it only from buyers with a delivered order, once each;
/// at three the product goes under review.
#[component]
fn ReportProduct(id: i64) -> impl IntoView {
    let t = use_locale().t();
    let said = RwSignal::new(None::<&'static str>);
    let report = move |_| {
        leptos::task::spawn_local(async move {
            said.set(Some(match api::moderation::report_product(id).await {
                Ok(_) => t.reported,
                Err(e) => t.error(e.code(), None, None),
            }));
        });
    };
    move || {
        match said.get() {
        Some(text) => view! { <span class="muted small" role="status">{text}</span> }.into_any(),
        None => view! { <button type="button" class="link" on:click=report>{t.pages().report_counterfeit}</button> }.into_any(),
    }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Locale;

    #[test]
    fn the_servers_product_words_are_the_apps_chinese() {
        let t = Locale::Zh.strings();
        let tp = t.pages();
        assert_eq!(
            tp.verified_merchant,
            circle_markup::topic::TOPIC_ZH.verified_merchant
        );
        assert_eq!(
            tp.unverified_merchant,
            circle_markup::topic::TOPIC_ZH.unverified_merchant
        );
        for key in circle_api::CATEGORIES.iter().chain(&["other"]) {
            assert_eq!(
                t.category(key),
                circle_markup::topic::category_zh(key),
                "{key}"
            );
        }
    }
}
