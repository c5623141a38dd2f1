//! "等你回答" in the circle: questions sent to me and friends' open questions about
//! things I bought, each a card inviting an answer.

use crate::state::route::{Link, Route};
use crate::{api, state::locale::use_locale};
use leptos::prelude::*;

#[component]
pub fn WaitingQuestions() -> impl IntoView {
    let t = use_locale().t();
    let waiting = LocalResource::new(api::questions::waiting);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = waiting.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <section class="qa-waiting" aria-label=t.qa.for_you>
                        {list.into_iter().map(|w| {
                            let href = Route::Question(w.question.id).href();
                            view! {
                                <article class="card qa-invite">
                                    <p class="qa-invite-who small">
                                        {w.from_friend.then(|| view! { <span class="badge verified">{t.qa.friend}</span>" " })}
                                        <b>{w.question.asker.display_name.clone()}</b>" · "{t.qa.about}" "{w.product.title.clone()}
                                    </p>
                                    <p class="qa-item-question">
                                        <span class="qa-mark" aria-hidden="true">{t.qa.ask_mark}</span>
                                        <span>{w.question.text.clone()}</span>
                                    </p>
                                    <Link href class="btn btn-primary btn-small">{t.qa.go_answer}</Link>
                                </article>
                            }
                        }).collect_view()}
                    </section>
                })
            })}
        </Suspense>
    }
}
