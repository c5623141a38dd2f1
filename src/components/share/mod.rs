//! A share as a card: author, 已购, rating, text, photos, the product, likes, comments.
//! Its markup is `circle_markup::feed` — the very strings the server renders for the
//! circle's first page — re-rendered from the card's state when it changes; its buttons
//! say what they do in `data-act`. The comments and the share sheet are the app's own;
//! they, and what a card does seldom (editing, deleting, reporting), are fetched when
//! first used (see `crate::split`).

mod comments;
mod share_out;

pub use share_out::{copy, ShareOut};

use crate::{
    api,
    components::common::Markup,
    i18n::Strings,
    state::{locale::use_locale, session::use_session},
};
use circle_api::{ReportReason, ShareView};
use circle_markup::feed::{card_body, card_foot, card_label, CardLabels, CardState};
use leptos::prelude::*;
use share_out::{opening, Open};

pub use circle_markup::stars;

/// The card's words from the app's string table.
pub fn card_labels(t: &'static Strings) -> CardLabels<'static> {
    CardLabels {
        verified: t.verified_badge,
        ad: t.ad_badge,
        like: t.like,
        comment: t.comment,
        share_out: t.share_out,
        friends_also_bought: t.friends_also_bought,
        buyer_likes: t.buyer_likes,
        report: t.report,
        report_spam: t.report_spam,
        report_fake: t.report_fake,
        report_abuse: t.report_abuse,
        edit: t.edit,
        delete: t.delete,
        save: t.save,
        cancel: t.cancel,
    }
}

/// What a card holds beyond the share the server sent.
#[derive(Clone, Copy)]
struct Card {
    liked: RwSignal<bool>,
    like_count: RwSignal<i64>,
    buyer_likes: RwSignal<i64>,
    comment_count: RwSignal<i64>,
    comments_open: RwSignal<bool>,
    text: RwSignal<String>,
    editing: RwSignal<bool>,
    /// The draft while editing (not reactive: typing does not re-render the card).
    draft: StoredValue<String>,
    report_open: RwSignal<bool>,
    reported: RwSignal<Option<&'static str>>,
    deleted: RwSignal<bool>,
    error: RwSignal<Option<&'static str>>,
    share_open: RwSignal<Open>,
    /// The like as the server last answered it (liked, count): what a failure goes back to.
    like_settled: StoredValue<(bool, i64)>,
    /// A like request is on its way; taps meanwhile only change what is wanted.
    like_sending: StoredValue<bool>,
}

#[component]
pub fn ShareCard(
    share: ShareView,
    #[prop(optional)] also: Vec<circle_api::Person>,
) -> impl IntoView {
    let t = use_locale().t();
    let labels = card_labels(t);
    let logged_in = use_session().user().is_some();
    let id = share.id;
    let c = Card {
        liked: RwSignal::new(share.liked_by_me),
        like_count: RwSignal::new(share.like_count),
        buyer_likes: RwSignal::new(share.buyer_like_count),
        comment_count: RwSignal::new(share.comment_count),
        comments_open: RwSignal::new(false),
        text: RwSignal::new(share.text.clone()),
        editing: RwSignal::new(false),
        draft: StoredValue::new(String::new()),
        report_open: RwSignal::new(false),
        reported: RwSignal::new(None),
        deleted: RwSignal::new(false),
        error: RwSignal::new(None),
        share_open: RwSignal::new(Open::Closed),
        like_settled: StoredValue::new((share.liked_by_me, share.like_count)),
        like_sending: StoredValue::new(false),
    };
    let label = card_label(&share);
    let share_title = format!(
        "{} {}：{}",
        share.author.display_name, t.share_title_suffix, share.product.title
    );
    let code = share.code.clone();
    let held = StoredValue::new((share, also));
    // The card as it stands, for its body (`body`) or its foot: each reads (and so is
    // re-rendered by) only its own signals, so a like does not redraw the photos.
    // `now` decides whether the author may still edit.
    let state = move |body: bool, f: &dyn Fn(&CardState<'_>) -> String| {
        let read = |s: RwSignal<i64>| if body { s.get_untracked() } else { s.get() };
        held.with_value(|(share, also)| {
            let now = js_sys::Date::now() as i64;
            let (text, editing) = if body {
                (c.text.get(), c.editing.get())
            } else {
                (c.text.get_untracked(), c.editing.get_untracked())
            };
            let draft = c.draft.get_value();
            f(&CardState {
                text: &text,
                editing: editing.then_some(draft.as_str()),
                liked: if body {
                    c.liked.get_untracked()
                } else {
                    c.liked.get()
                },
                like_count: read(c.like_count),
                buyer_likes: read(c.buyer_likes),
                comment_count: read(c.comment_count),
                comments_open: !body && c.comments_open.get(),
                report_open: !body && c.report_open.get(),
                reported: if body { None } else { c.reported.get() },
                ..CardState::new(share, also, logged_in, now)
            })
        })
    };
    let body = move || state(true, &|s| card_body(s, &labels));
    let foot = move || state(false, &|s| card_foot(s, &labels));
    let on_act = Callback::new({
        let code = code.clone();
        move |act: String| c.act(&act, id, &code, logged_in, t)
    });
    let on_input = move |e: leptos::ev::Event| {
        if let Some(area) = crate::components::common::closest(&e, ".share-edit textarea") {
            if let Some(value) = js_sys::Reflect::get(area.as_ref(), &"value".into())
                .ok()
                .and_then(|v| v.as_string())
            {
                c.draft.set_value(value);
            }
        }
    };
    view! {
        <article class="share card" aria-label=label class:hidden=move || c.deleted.get() on:input=on_input>
            <Markup html=body on_act/>
            <Markup html=foot on_act/>
            {move || c.error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <Show when=move || c.comments_open.get()>
                {move || Suspend::new(comments::lazy::comments(id, c.comment_count))}
            </Show>
            {move || (c.share_open.get() != Open::Closed).then(|| {
                Suspend::new(share_out::lazy::sheets(code.clone(), share_title.clone(), c.share_open))
            })}
        </article>
    }
}

impl Card {
    /// A button of the card's markup was pressed (its `data-act`).
    fn act(self, act: &str, id: i64, code: &str, logged_in: bool, t: &'static Strings) {
        match act {
            "like" if logged_in => self.toggle_like(id, t),
            "comments" => self.comments_open.update(|o| *o = !*o),
            "share" => self.share_open.set(opening()),
            "tap" => {
                let code = code.to_owned();
                leptos::task::spawn_local(async move {
                    let _ = api::earnings::click(&code).await;
                });
            }
            "report" => self.report_open.update(|o| *o = !*o),
            "report-spam" => self.report(id, ReportReason::Spam, t),
            "report-fake" => self.report(id, ReportReason::FakeReview, t),
            "report-abuse" => self.report(id, ReportReason::Abuse, t),
            "edit" => {
                self.draft.set_value(self.text.get_untracked());
                self.editing.set(true);
            }
            "cancel" => self.editing.set(false),
            "save" => self.save(id, t),
            "delete" => self.delete(id, t),
            _ => {}
        }
    }

    /// Optimistic: flip at once, then settle on the server's answer or roll back. One
    /// request at a time: a tap while one is on its way sends what is wanted after it, so
    /// answers that come back out of order cannot leave the wrong state.
    fn toggle_like(self, id: i64, t: &'static Strings) {
        let want = !self.liked.get_untracked();
        self.liked.set(want);
        self.like_count.update(|n| *n += if want { 1 } else { -1 });
        self.error.set(None);
        if !self.like_sending.get_value() {
            self.send_like(id, t);
        }
    }

    fn send_like(self, id: i64, t: &'static Strings) {
        self.like_sending.set_value(true);
        let want = self.liked.get_untracked();
        leptos::task::spawn_local(async move {
            let answer = api::shares::set_like(id, want).await;
            let wanted = self.liked.get_untracked();
            match answer {
                Ok(state) => {
                    self.like_settled.set_value((state.liked, state.like_count));
                    self.buyer_likes.set(state.buyer_like_count);
                    if state.liked == wanted {
                        self.like_count.set(state.like_count);
                        self.like_sending.set_value(false);
                    } else {
                        // Tapped again meanwhile: the count as it will be, and send that.
                        self.like_count
                            .set(state.like_count + if wanted { 1 } else { -1 });
                        self.send_like(id, t);
                    }
                }
                Err(e) => {
                    let (liked, count) = self.like_settled.get_value();
                    self.liked.set(liked);
                    self.like_count.set(count);
                    self.error.set(Some(t.error(e.code(), None, None)));
                    self.like_sending.set_value(false);
                }
            }
        });
    }

    /// The author's edit, within the window the server gave.
    fn save(self, id: i64, t: &'static Strings) {
        let draft = self.draft.get_value();
        leptos::task::spawn_local(async move {
            match lazy::seldom(id, lazy::Seldom::Edit(draft)).await {
                Ok(Some(view)) => {
                    self.text.set(view.text);
                    self.editing.set(false);
                    self.error.set(None);
                }
                Ok(None) => {}
                Err(e) => self.error.set(Some(t.error(e.code(), None, None))),
            }
        });
    }

    fn delete(self, id: i64, t: &'static Strings) {
        if !window()
            .confirm_with_message(t.confirm_delete)
            .unwrap_or(false)
        {
            return;
        }
        leptos::task::spawn_local(async move {
            match lazy::seldom(id, lazy::Seldom::Delete).await {
                Ok(_) => self.deleted.set(true),
                Err(e) => self.error.set(Some(t.error(e.code(), None, None))),
            }
        });
    }

    /// "举报": the server hides a share at five reports until a moderator decides, and
    /// the reporter sees the outcome on 我的.
    fn report(self, id: i64, reason: ReportReason, t: &'static Strings) {
        leptos::task::spawn_local(async move {
            let answer = match lazy::seldom(id, lazy::Seldom::Report(reason)).await {
                Ok(_) => t.reported,
                Err(e) => t.error(e.code(), None, None),
            };
            self.reported.set(Some(answer));
            self.report_open.set(false);
        });
    }
}

/// What a card does seldom — its author's edit and delete, a report — with their
/// requests (the edit's is the main module's only JSON body, so `serde-wasm-bindgen`'s
/// writing goes with it): with the `split` feature a WASM module of its own, fetched the
/// first time one is used (`pack_seldom.bin`).
// `#[lazy]` exports the split point with `#[no_mangle]`, which `unsafe_code` counts.
#[allow(unsafe_code)]
mod lazy {
    use crate::api::{self, ApiError};
    use circle_api::{ReportReason, ShareView};
    #[cfg(feature = "split")]
    use leptos::lazy;

    pub enum Seldom {
        Report(ReportReason),
        /// The new text; answers the share as it now is.
        Edit(String),
        Delete,
    }

    #[cfg_attr(feature = "split", lazy)]
    pub async fn seldom(id: i64, act: Seldom) -> Result<Option<ShareView>, ApiError> {
        match act {
            Seldom::Report(reason) => api::moderation::report_share(id, reason)
                .await
                .map(|_| None),
            Seldom::Edit(text) => api::shares::edit(id, text).await.map(Some),
            Seldom::Delete => api::shares::delete(id).await.map(|()| None),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_servers_card_words_are_the_apps_chinese() {
        assert_eq!(
            super::card_labels(crate::i18n::Locale::Zh.strings()),
            circle_markup::circle::CARD_ZH
        );
    }
}
