//! The comments under a share, with replies and a box to write one.

use crate::{
    api,
    state::{locale::use_locale, mutation::Mutation, session::use_session},
};
use circle_api::CommentView;
use leptos::prelude::*;

#[component]
pub fn Comments(share_id: i64, count: RwSignal<i64>) -> impl IntoView {
    let t = use_locale().t();
    let session = use_session();
    let list = RwSignal::new(Vec::<CommentView>::new());
    let text = RwSignal::new(String::new());
    let reply_to = RwSignal::new(None::<(i64, String)>);
    let error = RwSignal::new(None::<&'static str>);
    let send = Mutation::new();
    leptos::task::spawn_local(async move {
        match api::shares::comments(share_id).await {
            Ok(page) => list.set(page.items),
            Err(e) => error.set(Some(t.error(e.code(), None, None))),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parent = reply_to.get_untracked().map(|(id, _)| id);
        let body = text.get_untracked();
        send.run_with(
            async move { api::shares::comment(share_id, body, parent).await },
            move |c| {
                list.update(|l| l.push(c));
                count.update(|n| *n += 1);
                text.set(String::new());
                reply_to.set(None);
                error.set(None);
            },
            move |e| error.set(Some(t.error(e.code(), e_field(e), None))),
        );
    };
    let input_id = format!("comment-{share_id}");
    view! {
        <section class="comments">
            <ul>
                <For each=move || list.get() key=|c| c.id let:c>
                    <li class:reply=c.parent_id.is_some()>
                        <b>{c.author.display_name.clone()}</b>": "{c.text.clone()}
                        {
                            let name = c.author.display_name.clone();
                            let id = c.id;
                            view! {
                                <button type="button" class="link" on:click=move |_| reply_to.set(Some((id, name.clone())))>{t.reply}</button>
                            }
                        }
                        {c.mine.then(|| {
                            let id = c.id;
                            view! {
                                <button type="button" class="link" on:click=move |_| {
                                    leptos::task::spawn_local(async move {
                                        match api::shares::delete_comment(id).await {
                                            Ok(()) => {
                                                list.update(|l| l.retain(|c| c.id != id));
                                                count.update(|n| *n -= 1);
                                            }
                                            Err(e) => error.set(Some(t.error(e.code(), None, None))),
                                        }
                                    });
                                }>{t.delete}</button>
                            }
                        })}
                    </li>
                </For>
            </ul>
            <Show when=move || session.user().is_some()>
                <form class="comment-form" on:submit=submit>
                    <label class="visually-hidden" for=input_id.clone()>{t.comment}</label>
                    <input id=input_id.clone() type="text" maxlength="300" bind:value=text
                        placeholder=move || reply_to.get().map_or(t.comment_placeholder.to_owned(), |(_, n)| format!("{} {n}", t.reply))/>
                    <button type="submit" class="btn btn-small btn-primary" disabled=move || send.pending.get()>{t.send}</button>
                </form>
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
    }
}

fn e_field(e: &api::ApiError) -> Option<&str> {
    match e {
        api::ApiError::Api(body) => body.field.as_deref(),
        api::ApiError::Network => None,
    }
}

/// The comments fetched when a card's comment button is first tapped: with the `split`
/// feature, a WASM module of their own (see `crate::split`).
// `#[lazy]` exports the split point with `#[no_mangle]`, which `unsafe_code` counts.
#[allow(unsafe_code)]
pub mod lazy {
    use super::Comments;
    #[cfg(feature = "split")]
    use leptos::lazy;
    use leptos::prelude::*;

    #[cfg_attr(feature = "split", lazy)]
    pub async fn comments(share_id: i64, count: RwSignal<i64>) -> AnyView {
        view! { <Comments share_id count/> }.into_any()
    }
}
