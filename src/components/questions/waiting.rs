//! "等你回答" in the circle: questions sent to me and friends' open questions about
//! things I bought, each a card inviting an answer. Its markup is
//! `circle_markup::circle::waiting`, which the server renders too.

use crate::{
    api,
    components::common::Markup,
    pages::circle::circle_labels,
    state::{first, locale::use_locale},
};
use circle_api::QuestionForMe;
use leptos::prelude::*;

#[component]
pub fn WaitingQuestions() -> impl IntoView {
    let labels = circle_labels(use_locale().t());
    let list = RwSignal::new(first::take::<Vec<QuestionForMe>>(
        "/api/v1/questions/waiting",
    ));
    if list.get_untracked().is_none() {
        leptos::task::spawn_local(async move {
            let answer = api::questions::waiting().await.unwrap_or_default();
            // The circle may be gone by now (its signals with it).
            let _ = list.try_set(Some(answer));
        });
    }
    view! {
        <Markup html=move || {
            list.with(|l| l.as_deref().map(|l| circle_markup::circle::waiting(&labels, l)))
                .unwrap_or_default()
        }/>
    }
}
