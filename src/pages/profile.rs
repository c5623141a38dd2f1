//! `/u/{handle}`: a person's profile (达人 page): followers, friends, their shares.

use crate::{
    api::{self, ApiError},
    components::{people::RelationButtons, share::ShareCard},
    state::locale::use_locale,
};
use leptos::prelude::*;

#[component]
pub fn ProfilePage(handle: String) -> impl IntoView {
    let t = use_locale().t();
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
            {move || Suspend::new(async move {
                let p = profile.await?;
                let initial = p.person.display_name.chars().next().unwrap_or('圈').to_string();
                Ok::<_, ApiError>(view! {
                    <section class="profile">
                        <div class="avatar" aria-hidden="true">{initial}</div>
                        <div>
                            <h1>{p.person.display_name.clone()}</h1>
                            <p class="muted">"@"{p.person.handle.clone()}" · "{t.followers}" "{p.followers}" · "{t.friends_count}" "{p.friends}</p>
                        </div>
                    </section>
                    {p.person.relation.clone().map(|relation| view! {
                        <div class="profile-actions"><RelationButtons handle=p.person.handle.clone() relation/></div>
                    })}
                    <h2 class="section-title">{t.their_shares}</h2>
                })
            })}
            {move || Suspend::new(async move {
                let page = shares.await?;
                Ok::<_, ApiError>(if page.items.is_empty() {
                    view! { <p class="muted center">{t.topic_no_shares}</p> }.into_any()
                } else {
                    page.items.into_iter().map(|share| view! { <ShareCard share/> }).collect_view().into_any()
                })
            })}
        </Suspense>
    }
}
