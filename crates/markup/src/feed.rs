//! The one source of a share card's markup in the circle (`/`): the server renders the
//! first page of cards into the HTML it sends, so the circle shows before the WASM has
//! arrived; the app renders each card from these same functions (and re-renders the
//! part that changed when someone likes, comments or edits), so taking over moves
//! nothing. Buttons carry `data-act`, which the app's card handles.

use super::{escape, initial};
use circle_api::{Person, ProductStatus, ShareView, Yuan};
use std::fmt::Write;

/// The words of a card, in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardLabels<'a> {
    pub verified: &'a str,
    pub ad: &'a str,
    pub like: &'a str,
    pub comment: &'a str,
    pub share_out: &'a str,
    /// After the names of friends who bought it too: "也买了".
    pub friends_also_bought: &'a str,
    /// After the count of buyers' likes: "位买家点赞".
    pub buyer_likes: &'a str,
    pub report: &'a str,
    pub report_spam: &'a str,
    pub report_fake: &'a str,
    pub report_abuse: &'a str,
    pub edit: &'a str,
    pub delete: &'a str,
    pub save: &'a str,
    pub cancel: &'a str,
}

/// A card as the reader sees it now: the share, and what has changed since it arrived.
#[derive(Debug, Clone)]
pub struct CardState<'a> {
    pub share: &'a ShareView,
    pub also: &'a [Person],
    pub text: &'a str,
    pub liked: bool,
    pub like_count: i64,
    pub buyer_likes: i64,
    pub comment_count: i64,
    pub comments_open: bool,
    /// Someone is logged in (who may like and report).
    pub logged_in: bool,
    /// The author may still edit it (the server's `editable_until` is ahead).
    pub editable: bool,
    /// The draft while editing.
    pub editing: Option<&'a str>,
    pub report_open: bool,
    /// What reporting answered, shown in place of the report link.
    pub reported: Option<&'a str>,
}

impl<'a> CardState<'a> {
    /// The card as the server sent it, at `now` (milliseconds).
    pub fn new(share: &'a ShareView, also: &'a [Person], logged_in: bool, now: i64) -> Self {
        CardState {
            share,
            also,
            text: &share.text,
            liked: share.liked_by_me,
            like_count: share.like_count,
            buyer_likes: share.buyer_like_count,
            comment_count: share.comment_count,
            comments_open: false,
            logged_in,
            editable: share.editable_until.is_some_and(|until| now < until),
            editing: None,
            report_open: false,
            reported: None,
        }
    }

    /// The reader wrote it (the server sends `editable_until` to its author only).
    pub fn mine(&self) -> bool {
        self.share.editable_until.is_some()
    }
}

/// `<button type="button" class=… data-act=…>`, its other attributes, its content.
fn button(h: &mut String, class: &str, act: &str, attrs: &str, content: &str) {
    let _ = write!(
        h,
        "<button type=\"button\" class=\"{class}\" data-act=\"{act}\"{attrs}>{content}</button>"
    );
}

/// The aria-label of a card: its author and product.
pub fn card_label(share: &ShareView) -> String {
    format!("{} · {}", share.author.display_name, share.product.title)
}

/// Author, badges, rating, the text (or its editor), photos, the product, friends who
/// bought it too.
pub fn card_body(c: &CardState<'_>, l: &CardLabels<'_>) -> String {
    let s = c.share;
    let mut h = String::with_capacity(1024);
    let _ = write!(
        h,
        "<header class=\"share-head\"><span class=\"avatar small\" aria-hidden=\"true\">{}</span>\
         <div><a href=\"/u/{}\" class=\"share-author\">{}</a>",
        escape(&initial(&s.author.display_name)),
        escape(&s.author.handle),
        escape(&s.author.display_name)
    );
    super::badges(&mut h, s, l.verified, l.ad);
    h.push_str("</div></header>");
    match c.editing {
        None => {
            let _ = write!(h, "<p class=\"share-text\">{}</p>", escape(c.text));
        }
        Some(draft) => {
            let _ = write!(
                h,
                "<div class=\"share-edit\"><textarea rows=\"4\" maxlength=\"500\" aria-label=\"{}\">{}</textarea>",
                escape(l.edit),
                escape(draft)
            );
            button(
                &mut h,
                "btn btn-small btn-primary",
                "save",
                "",
                &escape(l.save),
            );
            button(
                &mut h,
                "btn btn-small btn-secondary",
                "cancel",
                "",
                &escape(l.cancel),
            );
            h.push_str("</div>");
        }
    }
    super::photos(&mut h, &s.photos, " loading=\"lazy\"");
    let p = &s.product;
    let img = p
        .image_url
        .as_deref()
        .map(circle_api::small_photo)
        .unwrap_or_default();
    // Tapping the product is acting on the share: the app records it as its click.
    let _ = write!(
        h,
        "<div class=\"tap\"><a href=\"/p/{}\" class=\"share-product\" data-act=\"tap\">\
         <img src=\"{}\" alt=\"\" width=\"44\" height=\"44\">\
         <span class=\"share-product-title\">{}</span><span class=\"price\">{}</span></a></div>",
        p.id,
        escape(&img),
        escape(&p.title),
        Yuan(p.price_cents)
    );
    if !c.also.is_empty() {
        let names: Vec<&str> = c.also.iter().map(|p| p.display_name.as_str()).collect();
        let _ = write!(
            h,
            "<p class=\"also muted\">{} {} {}</p>",
            escape(&names.join("、")),
            c.also.len(),
            escape(l.friends_also_bought)
        );
    }
    h
}

/// Buyers' likes, the like / comment / share buttons, and report or the author's own
/// edit and delete.
pub fn card_foot(c: &CardState<'_>, l: &CardLabels<'_>) -> String {
    let mut h = String::with_capacity(1024);
    if c.buyer_likes > 0 {
        let _ = write!(
            h,
            "<p class=\"buyer-likes muted\">{} {}</p>",
            c.buyer_likes,
            escape(l.buyer_likes)
        );
    }
    h.push_str("<footer class=\"share-actions\">");
    let pressed = if c.liked { "true" } else { "false" };
    button(
        &mut h,
        if c.liked { "action on" } else { "action" },
        "like",
        &format!(" aria-pressed=\"{pressed}\""),
        &format!(
            "{} {} <span class=\"count\">{}</span>",
            if c.liked { "♥" } else { "♡" },
            escape(l.like),
            c.like_count
        ),
    );
    let open = if c.comments_open { "true" } else { "false" };
    button(
        &mut h,
        "action",
        "comments",
        &format!(" aria-expanded=\"{open}\""),
        &format!(
            "<span class=\"action-icon\">{}</span>{} <span class=\"count\">{}</span>",
            crate::icons::svg(crate::icons::CHAT),
            escape(l.comment),
            c.comment_count
        ),
    );
    if c.share.product.status == ProductStatus::Active {
        button(
            &mut h,
            "action share-out",
            "share",
            " aria-haspopup=\"dialog\"",
            &format!(
                "<span class=\"action-icon\">{}</span>{}",
                crate::icons::svg(crate::icons::SHARE),
                escape(l.share_out)
            ),
        );
    }
    h.push_str("</footer>");
    if !c.mine() && c.logged_in {
        h.push_str("<div class=\"share-report\">");
        match c.reported {
            Some(said) => {
                let _ = write!(
                    h,
                    "<span class=\"muted small\" role=\"status\">{}</span>",
                    escape(said)
                );
            }
            None => {
                let open = if c.report_open { "true" } else { "false" };
                button(
                    &mut h,
                    "link",
                    "report",
                    &format!(" aria-expanded=\"{open}\""),
                    &escape(l.report),
                );
            }
        }
        if c.report_open {
            h.push_str("<span class=\"report-reasons\">");
            button(&mut h, "link", "report-spam", "", &escape(l.report_spam));
            button(&mut h, "link", "report-fake", "", &escape(l.report_fake));
            button(&mut h, "link", "report-abuse", "", &escape(l.report_abuse));
            h.push_str("</span>");
        }
        h.push_str("</div>");
    }
    if c.mine() {
        h.push_str("<div class=\"share-own\">");
        if c.editable {
            button(&mut h, "link", "edit", "", &escape(l.edit));
        }
        button(&mut h, "link", "delete", "", &escape(l.delete));
        h.push_str("</div>");
    }
    h
}

/// A piece of markup as the app mounts it: in a `div.markup` (`display: contents`, so it
/// changes no layout), which the app's `Markup` component renders the same way.
pub fn slot(html: &str) -> String {
    format!("<div class=\"markup\">{html}</div>")
}

/// The whole card as the server sends it, in the shape the app's `ShareCard` renders.
pub fn card(c: &CardState<'_>, l: &CardLabels<'_>) -> String {
    format!(
        "<article class=\"share card\" aria-label=\"{}\">{}{}</article>",
        escape(&card_label(c.share)),
        slot(&card_body(c, l)),
        slot(&card_foot(c, l))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circle::CARD_ZH;
    use circle_api::{MerchantView, ProductView};

    fn share(editable_until: Option<i64>) -> ShareView {
        serde_json::from_value(serde_json::json!({
            "id": 7, "code": "abc", "text": "好 <b>", "rating": 4,
            "author": {"id": 1, "handle": "lin", "display_name": "林小雨", "relation": null},
            "product": ProductView {
                id: 3, title: "普洱".into(), category: "food".into(), price_cents: 12_800,
                stock: 5, status: ProductStatus::Active, image_url: None,
                merchant: MerchantView { id: 1, name: "茶铺".into(), verified: true },
                buyable: true, earns_commission: true,
            },
            "verified_purchase": true, "is_ad": false, "photos": [], "like_count": 2,
            "buyer_like_count": 1, "liked_by_me": true, "comment_count": 0,
            "created_at": 0, "edited_at": null, "editable_until": editable_until
        }))
        .expect("a share")
    }

    #[test]
    fn a_card_says_its_state_in_its_buttons() {
        let s = share(None);
        let c = CardState::new(&s, &[], true, 0);
        let foot = card_foot(&c, &CARD_ZH);
        assert!(foot.contains("class=\"action on\" data-act=\"like\" aria-pressed=\"true\">♥ 赞 <span class=\"count\">2</span>"));
        assert!(foot.contains("<p class=\"buyer-likes muted\">1 位买家点赞</p>"));
        assert!(foot.contains("data-act=\"report\" aria-expanded=\"false\""));
        assert!(
            !foot.contains("data-act=\"delete\""),
            "not the reader's own"
        );
        let body = card_body(&c, &CARD_ZH);
        assert!(body.contains("<p class=\"share-text\">好 &lt;b&gt;</p>"));
        assert!(body.contains("<span class=\"stars\" role=\"img\" aria-label=\"4/5\">★★★★☆</span>"));
    }

    #[test]
    fn the_author_edits_within_the_window_and_deletes_any_time() {
        let s = share(Some(1_000));
        let open = CardState::new(&s, &[], true, 999);
        assert!(card_foot(&open, &CARD_ZH).contains("data-act=\"edit\""));
        let closed = CardState::new(&s, &[], true, 1_000);
        let foot = card_foot(&closed, &CARD_ZH);
        assert!(!foot.contains("data-act=\"edit\"") && foot.contains("data-act=\"delete\""));
        assert!(!foot.contains("data-act=\"report\""));
        let editing = CardState {
            editing: Some("新 </textarea>"),
            ..open
        };
        let body = card_body(&editing, &CARD_ZH);
        assert!(body.contains("<textarea rows=\"4\" maxlength=\"500\" aria-label=\"编辑\">新 &lt;/textarea&gt;</textarea>"));
        assert!(!body.contains("share-text"));
    }
}
