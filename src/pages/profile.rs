//! `/u/{handle}`: a person's profile (达人 page): followers, friends, their shares.

use crate::{
    api,
    components::{
        common::{loaded, loading},
        people::{PersonRow, RelationButtons},
        share::ShareCard,
    },
    state::locale::use_locale,
};
use leptos::prelude::*;

#[component]
pub fn ProfilePage(handle: String) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let h = handle.clone();
    let profile = LocalResource::new(move || {
        let h = h.clone();
        async move { api::social::profile(&h).await }
    });
    let shares = LocalResource::new(move || {
        let h = handle.clone();
        async move { api::shares::of_person(&h).await }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || loading(async move {
                let p = profile.await?;
                crate::wechat::offer(crate::wechat::Card {
                    title: format!("{}{}", p.person.display_name, tp.profile_card_suffix),
                    desc: tp.profile_card_desc.to_owned(),
                    link: crate::wechat::absolute(&crate::state::route::Route::Profile(p.person.handle.clone()).href()),
                    image: crate::wechat::absolute("/icons/icon-512.png"),
                });
                let initial = crate::components::people::initial(&p.person.display_name);
                Ok(view! {
                    <section class="profile">
                        <div class="avatar" aria-hidden="true">{initial}</div>
                        <div>
                            <h1>{p.person.display_name.clone()}</h1>
                            <p class="muted">"@"{p.person.handle.clone()}" · "{tp.friends_count}" "{p.friends}</p>
                            <p class="level">
                                <span class="badge level-badge">{format!("Lv{} {}", p.level, tp.level_name)}</span>
                                " "<span class="muted">{p.attributed_sales}" "{tp.level_sales}</span>
                            </p>
                        </div>
                    </section>
                    <Followers handle=p.person.handle.clone() count=p.followers/>
                    {p.person.relation.clone().map(|relation| view! {
                        <div class="profile-actions"><RelationButtons handle=p.person.handle.clone() relation/></div>
                    })}
                    <h2 class="section-title">{tp.their_shares}</h2>
                })
            })}
            // One error on the page is enough: the shares say theirs only under a profile.
            {move || Suspend::new(async move {
                let page = shares.await;
                profile.await.is_ok().then(|| loaded(page.map(|page| if page.items.is_empty() {
                    view! { <p class="muted center">{tp.topic_no_shares}</p> }.into_any()
                } else {
                    page.items.into_iter().map(|share| view! { <ShareCard share/> }).collect_view().into_any()
                })))
            })}
        </Suspense>
    }
}

/// The follower count, opening the list of followers.
#[component]
fn Followers(handle: String, count: i64) -> impl IntoView {
    let t = use_locale().t();
    let open = RwSignal::new(false);
    let list = LocalResource::new(move || {
        let h = handle.clone();
        let want = open.get();
        async move {
            if want {
                api::social::followers(&h).await.map(|p| p.items)
            } else {
                Ok(vec![])
            }
        }
    });
    view! {
        <button type="button" class="link followers-toggle" aria-expanded=move || if open.get() { "true" } else { "false" }
            on:click=move |_| open.update(|o| *o = !*o)>
            {t.pages().followers}" "{count}
        </button>
        <Show when=move || open.get()>
            <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || loading(async move {
                    let people = list.await?;
                    Ok(view! {
                        <ul class="people card">
                            {people.into_iter().map(|person| view! { <PersonRow person/> }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
        </Show>
    }
}
