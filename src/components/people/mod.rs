//! People: a row with what I can do about them (befriend, answer, follow).

use crate::state::route::Route;
use crate::{
    api,
    state::{locale::use_locale, route::Link},
};
use circle_api::{Person, Relation};
use leptos::prelude::*;

/// The friend and follow buttons for one person, kept in step with the server.
#[component]
pub fn RelationButtons(handle: String, relation: Relation) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let rel = RwSignal::new(relation);
    let error = RwSignal::new(None::<&'static str>);
    let handle = StoredValue::new(handle);
    let add = move |_| {
        leptos::task::spawn_local(async move {
            match api::social::send_request(&handle.get_value()).await {
                Ok(req) => rel.update(|r| {
                    if req.status == circle_api::FriendRequestStatus::Accepted {
                        r.friend = true;
                        r.request_received = None;
                    } else {
                        r.request_sent = Some(req.id);
                    }
                }),
                Err(e) => error.set(Some(t.error(e.code(), None, None))),
            }
        });
    };
    let answer = move |accept: bool| {
        let Some(id) = rel.get_untracked().request_received else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::social::answer(id, if accept { "accept" } else { "decline" }).await {
                Ok(()) => rel.update(|r| {
                    r.request_received = None;
                    r.friend = accept;
                }),
                Err(e) => error.set(Some(t.error(e.code(), None, None))),
            }
        });
    };
    let follow = move |_| {
        let want = !rel.get_untracked().following;
        rel.update(|r| r.following = want);
        leptos::task::spawn_local(async move {
            if let Err(e) = api::social::set_follow(&handle.get_value(), want).await {
                rel.update(|r| r.following = !want);
                error.set(Some(t.error(e.code(), None, None)));
            }
        });
    };
    view! {
        <span class="relation">
            {move || {
                let r = rel.get();
                if r.is_me {
                    ().into_any()
                } else if r.friend {
                    view! { <span class="badge verified">{tp.is_friend}</span> }.into_any()
                } else if r.request_received.is_some() {
                    view! {
                        <button type="button" class="btn btn-small btn-primary" on:click=move |_| answer(true)>{tp.accept}</button>
                        <button type="button" class="btn btn-small btn-secondary" on:click=move |_| answer(false)>{tp.decline}</button>
                    }.into_any()
                } else if r.request_sent.is_some() {
                    view! { <span class="badge">{tp.request_sent}</span> }.into_any()
                } else {
                    view! { <button type="button" class="btn btn-small btn-primary" on:click=add>{tp.add_friend}</button> }.into_any()
                }
            }}
            {move || (!rel.get().is_me).then(|| view! {
                <button type="button" class="btn btn-small btn-secondary" aria-pressed=move || if rel.get().following { "true" } else { "false" }
                    on:click=follow>{move || if rel.get().following { tp.unfollow } else { tp.follow }}</button>
            })}
            {move || error.get().map(|e| view! { <span class="form-error" role="alert">{e}</span> })}
        </span>
    }
}

pub use circle_markup::initial;

#[component]
pub fn PersonRow(person: Person) -> impl IntoView {
    let initial = initial(&person.display_name);
    let buttons = person
        .relation
        .clone()
        .map(|relation| view! { <RelationButtons handle=person.handle.clone() relation/> });
    view! {
        <li class="person">
            <span class="avatar small" aria-hidden="true">{initial}</span>
            <Link href=Route::Profile(person.handle.clone()).href() class="person-name">
                {person.display_name.clone()}<span class="muted">" @"{person.handle.clone()}</span>
            </Link>
            {buttons}
        </li>
    }
}

/// 我的好友: find people by handle, answer requests, see friends.
#[component]
pub fn FriendsPanel() -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<Person>::new());
    let friends = RwSignal::new(None::<Vec<Person>>);
    let incoming = RwSignal::new(Vec::<circle_api::FriendRequestView>::new());
    let load = move || {
        leptos::task::spawn_local(async move {
            if let Ok(page) = api::social::friends().await {
                friends.set(Some(page.items));
            }
            if let Ok(reqs) = api::social::requests().await {
                incoming.set(reqs.incoming);
            }
        });
    };
    load();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(page) = api::social::search(q.trim()).await {
                found.set(page.items);
            }
        });
    };
    let answer = move |id: i64, accept: bool| {
        leptos::task::spawn_local(async move {
            if api::social::answer(id, if accept { "accept" } else { "decline" })
                .await
                .is_ok()
            {
                load();
            }
        });
    };
    view! {
        <form class="search small" role="search" on:submit=search>
            <input type="search" aria-label=tp.find_people placeholder=tp.find_people autocapitalize="off" bind:value=query/>
            <button type="submit" class="search-go">{t.search}</button>
        </form>
        <ul class="people">
            <For each=move || found.get() key=|p| p.id let:person>
                <PersonRow person/>
            </For>
        </ul>
        <Show when=move || !incoming.with(Vec::is_empty)>
            <h3 class="subhead">{tp.friend_requests}</h3>
            <ul class="people">
                <For each=move || incoming.get() key=|r| r.id let:req>
                    <li class="person">
                        <Link href=Route::Profile(req.from.handle.clone()).href() class="person-name">{req.from.display_name.clone()}</Link>
                        <button type="button" class="btn btn-small btn-primary" on:click=move |_| answer(req.id, true)>{tp.accept}</button>
                        <button type="button" class="btn btn-small btn-secondary" on:click=move |_| answer(req.id, false)>{tp.decline}</button>
                    </li>
                </For>
            </ul>
        </Show>
        {move || match friends.get() {
            None => view! { <p class="muted">{t.loading}</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p class="muted">{tp.me_friends_empty}</p> }.into_any(),
            Some(list) => view! {
                <ul class="people">{list.into_iter().map(|person| view! { <PersonRow person/> }).collect_view()}</ul>
            }.into_any(),
        }}
    }
}
