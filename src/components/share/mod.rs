//! A share as a card: author, 已购, rating, text, photos, the product, likes, comments.

mod comments;
mod share_out;

pub use share_out::{copy, ShareOut};

use crate::state::route::Route;
use crate::{
    api,
    components::common::icons,
    state::{locale::use_locale, route::Link, session::use_session},
};
use circle_api::{Person, ShareView};
use leptos::prelude::*;

pub use circle_markup::stars;

#[component]
pub fn ShareCard(share: ShareView, #[prop(optional)] also: Vec<Person>) -> impl IntoView {
    let t = use_locale().t();
    let session = use_session();
    let id = share.id;
    let liked = RwSignal::new(share.liked_by_me);
    let like_count = RwSignal::new(share.like_count);
    let buyer_likes = RwSignal::new(share.buyer_like_count);
    let like_error = RwSignal::new(None::<&'static str>);
    let comments_open = RwSignal::new(false);
    let comment_count = RwSignal::new(share.comment_count);

    // Optimistic: flip at once, then settle on the server's answer or roll back.
    let toggle_like = move |_| {
        if session.user().is_none() {
            return;
        }
        let want = !liked.get_untracked();
        let before = (liked.get_untracked(), like_count.get_untracked());
        liked.set(want);
        like_count.update(|n| *n += if want { 1 } else { -1 });
        like_error.set(None);
        leptos::task::spawn_local(async move {
            match api::shares::set_like(id, want).await {
                Ok(state) => {
                    liked.set(state.liked);
                    like_count.set(state.like_count);
                    buyer_likes.set(state.buyer_like_count);
                }
                Err(e) => {
                    liked.set(before.0);
                    like_count.set(before.1);
                    like_error.set(Some(t.error(e.code(), None, None)));
                }
            }
        });
    };

    // The author's own controls: edit within the window the server gave, delete any time.
    let text = RwSignal::new(share.text.clone());
    let editing = RwSignal::new(None::<String>);
    let deleted = RwSignal::new(false);
    let mine = share.editable_until.is_some();
    let editable_until = share.editable_until;
    let editable = move || editable_until.is_some_and(|until| js_sys::Date::now() < until as f64);
    let save = move |_| {
        let Some(draft) = editing.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::shares::edit(id, draft).await {
                Ok(view) => {
                    text.set(view.text);
                    editing.set(None);
                    like_error.set(None);
                }
                Err(e) => like_error.set(Some(t.error(e.code(), None, None))),
            }
        });
    };
    let delete = move |_| {
        if !window()
            .confirm_with_message(t.confirm_delete)
            .unwrap_or(false)
        {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::shares::delete(id).await {
                Ok(()) => deleted.set(true),
                Err(e) => like_error.set(Some(t.error(e.code(), None, None))),
            }
        });
    };
    let initial = crate::components::people::initial(&share.author.display_name);
    let product = share.product.clone();
    let label = format!("{} · {}", share.author.display_name, product.title);
    let share_title = format!(
        "{} {}：{}",
        share.author.display_name, t.share_title_suffix, product.title
    );
    let code = share.code.clone();
    view! {
        <article class="share card" aria-label=label class:hidden=move || deleted.get()>
            <header class="share-head">
                <span class="avatar small" aria-hidden="true">{initial}</span>
                <div>
                    <Link href=Route::Profile(share.author.handle.clone()).href() class="share-author">{share.author.display_name.clone()}</Link>
                    {share.verified_purchase.then(|| view! { <span class="badge verified">{t.verified_badge}</span> })}
                    {share.is_ad.then(|| view! { <span class="badge ad">{t.ad_badge}</span> })}
                    {share.rating.map(|r| view! { <span class="stars" role="img" aria-label=format!("{r}/5")>{stars(r)}</span> })}
                </div>
            </header>
            {move || match editing.get() {
                None => view! { <p class="share-text">{move || text.get()}</p> }.into_any(),
                Some(_) => view! {
                    <div class="share-edit">
                        <textarea rows="4" maxlength="500" aria-label=t.edit
                            prop:value=move || editing.get().unwrap_or_default()
                            on:input=move |ev| editing.set(Some(event_target_value(&ev)))></textarea>
                        <button type="button" class="btn btn-small btn-primary" on:click=save>{t.save}</button>
                        <button type="button" class="btn btn-small btn-secondary" on:click=move |_| editing.set(None)>{t.cancel}</button>
                    </div>
                }.into_any(),
            }}
            {(!share.photos.is_empty()).then(|| view! {
                <div class="share-photos">
                    {share.photos.iter().map(|url| view! {
                        <img src=circle_api::small_photo(url) srcset=circle_api::photo_srcset(url)
                            sizes="(max-width: 640px) 33vw, 210px" alt="" loading="lazy"/>
                    }).collect_view()}
                </div>
            })}
            // Tapping the product is acting on the share: it is recorded as its click.
            <div class="tap" on:click={
                let code = share.code.clone();
                move |ev| api::earnings::tap_link(&ev, &code)
            }>
                <Link href=Route::Product(product.id).href() class="share-product">
                    <img src=product.image_url.as_deref().map(circle_api::small_photo).unwrap_or_default() alt="" width="44" height="44"/>
                    <span class="share-product-title">{product.title.clone()}</span>
                    <span class="price">{circle_api::Yuan(product.price_cents).to_string()}</span>
                </Link>
            </div>
            {(!also.is_empty()).then(|| view! {
                <p class="also muted">
                    {also.iter().map(|p| p.display_name.clone()).collect::<Vec<_>>().join("、")}
                    " "{also.len()}" "{t.friends_also_bought}
                </p>
            })}
            <Show when=move || { buyer_likes.get() > 0 }>
                <p class="buyer-likes muted">{move || buyer_likes.get()}" "{t.buyer_likes}</p>
            </Show>
            <footer class="share-actions">
                <button type="button" class="action" class:on=move || liked.get()
                    aria-pressed=move || if liked.get() { "true" } else { "false" }
                    on:click=toggle_like>
                    {move || if liked.get() { "♥" } else { "♡" }}" "{t.like}" "
                    <span class="count">{move || like_count.get()}</span>
                </button>
                <button type="button" class="action" aria-expanded=move || if comments_open.get() { "true" } else { "false" }
                    on:click=move |_| comments_open.update(|o| *o = !*o)>
                    <span class="action-icon">{icons::chat()}</span>{t.comment}" "<span class="count">{move || comment_count.get()}</span>
                </button>
                {(product.status == circle_api::ProductStatus::Active).then(|| view! { <ShareOut code title=share_title/> })}
            </footer>
            {(!mine && session.user().is_some()).then(|| view! { <ReportShare id/> })}
            {mine.then(|| view! {
                <div class="share-own">
                    <Show when=editable>
                        <button type="button" class="link" on:click=move |_| editing.set(Some(text.get_untracked()))>{t.edit}</button>
                    </Show>
                    <button type="button" class="link" on:click=delete>{t.delete}</button>
                </div>
            })}
            {move || like_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <Show when=move || comments_open.get()>
                {move || Suspend::new(comments::lazy::comments(id, comment_count))}
            </Show>
        </article>
    }
}

/// "举报": pick a reason; the server hides a share at five reports until a moderator
/// decides, and the reporter sees the outcome on 我的.
#[component]
fn ReportShare(id: i64) -> impl IntoView {
    use circle_api::ReportReason;
    let t = use_locale().t();
    let open = RwSignal::new(false);
    let said = RwSignal::new(None::<&'static str>);
    let send = move |reason: ReportReason| {
        leptos::task::spawn_local(async move {
            let answer = match api::moderation::report_share(id, reason).await {
                Ok(_) => t.reported,
                Err(e) => t.error(e.code(), None, None),
            };
            said.set(Some(answer));
            open.set(false);
        });
    };
    view! {
        <div class="share-report">
            {move || match said.get() {
                Some(text) => view! { <span class="muted small" role="status">{text}</span> }.into_any(),
                None => view! {
                    <button type="button" class="link" aria-expanded=move || if open.get() { "true" } else { "false" }
                        on:click=move |_| open.update(|o| *o = !*o)>{t.report}</button>
                }.into_any(),
            }}
            <Show when=move || open.get()>
                <span class="report-reasons">
                    <button type="button" class="link" on:click=move |_| send(ReportReason::Spam)>{t.report_spam}</button>
                    <button type="button" class="link" on:click=move |_| send(ReportReason::FakeReview)>{t.report_fake}</button>
                    <button type="button" class="link" on:click=move |_| send(ReportReason::Abuse)>{t.report_abuse}</button>
                </span>
            </Show>
        </div>
    }
}
