//! The one source of the markup the server renders before any script runs: the share
//! page (`/s/{code}`, here), the question page (`questions`), the circle's cards and
//! page (`feed`, `circle`), a topic's top (`topic`) and 收益 (`earnings`, `withdraw`).
//! The server renders it into the HTML it sends, so a friend on a slow phone (or a chat
//! app's preview) sees content before any script runs; the app renders the very same
//! strings when it takes over (or when the page is opened inside the app), so the two
//! can never drift apart.
//! Plain Rust producing escaped HTML: no framework, builds for the server and wasm32.

pub mod circle;
pub mod earnings;
pub mod feed;
pub mod icons;
mod questions;
pub mod topic;
pub mod withdraw;

pub use questions::{answer_body, bought_since, question_head, QaLabels, QA_ZH};

use circle_api::{ShareView, Yuan};
use std::fmt::Write;

/// The words of the page, in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    pub brand: &'a str,
    pub verified: &'a str,
    pub ad: &'a str,
    pub disclosure: &'a str,
}

/// The Chinese labels, which the server renders (the app's default locale).
pub const ZH: Labels<'static> = Labels {
    brand: "购物圈 · 好友推荐",
    verified: "已购",
    ad: "广告",
    disclosure: "分享有佣金",
};

/// Text made safe for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The letter on a person's avatar.
pub fn initial(display_name: &str) -> String {
    display_name.chars().next().unwrap_or('圈').to_string()
}

/// A 0–5 rating as stars.
pub fn stars(rating: i64) -> String {
    let r = usize::try_from(rating.clamp(0, 5)).unwrap_or(0);
    format!("{}{}", "★".repeat(r), "☆".repeat(5 - r))
}

/// A share's badges after its author's name: 已购, 广告, its rating as stars.
pub(crate) fn badges(h: &mut String, share: &ShareView, verified: &str, ad: &str) {
    if share.verified_purchase {
        let _ = write!(
            h,
            "<span class=\"badge verified\">{}</span>",
            escape(verified)
        );
    }
    if share.is_ad {
        let _ = write!(h, "<span class=\"badge ad\">{}</span>", escape(ad));
    }
    if let Some(r) = share.rating {
        let _ = write!(
            h,
            "<span class=\"stars\" role=\"img\" aria-label=\"{r}/5\">{}</span>",
            stars(r)
        );
    }
}

/// A share's photos in a grid (nothing when it has none); `attrs` go on each `<img>`.
pub(crate) fn photos(h: &mut String, urls: &[String], attrs: &str) {
    if urls.is_empty() {
        return;
    }
    h.push_str("<div class=\"share-photos\">");
    for url in urls {
        let _ = write!(
            h,
            "<img src=\"{}\" srcset=\"{}\" sizes=\"(max-width: 640px) 33vw, 210px\" alt=\"\"{attrs}>",
            escape(&circle_api::small_photo(url)),
            escape(&circle_api::photo_srcset(url))
        );
    }
    h.push_str("</div>");
}

/// The top of the share page: the brand line and the share's card (product, author,
/// badges, rating, text, photos, the commission disclosure). The actions below it
/// differ on purpose: a plain link without scripts, buttons in the app.
pub fn share_card(share: &ShareView, l: &Labels<'_>) -> String {
    let p = &share.product;
    let mut h = String::new();
    let _ = write!(h, "<div class=\"landing-brand\">{}</div>", escape(l.brand));
    h.push_str("<article class=\"landing-card card\">");
    if let Some(img) = &p.image_url {
        let _ = write!(
            h,
            "<img class=\"landing-img\" src=\"{}\" alt=\"{}\" width=\"480\" height=\"480\">",
            escape(img),
            escape(&p.title)
        );
    }
    let _ = write!(
        h,
        "<div class=\"landing-body\"><h1 class=\"landing-title\">{}</h1>\
         <p class=\"landing-price price\">{}</p>",
        escape(&p.title),
        Yuan(p.price_cents)
    );
    let _ = write!(
        h,
        "<div class=\"share-head\"><span class=\"avatar small\" aria-hidden=\"true\">{}</span>\
         <div><span class=\"share-author\">{}</span>",
        escape(&initial(&share.author.display_name)),
        escape(&share.author.display_name)
    );
    badges(&mut h, share, l.verified, l.ad);
    h.push_str("</div></div>");
    let _ = write!(h, "<p class=\"share-text\">{}</p>", escape(&share.text));
    photos(&mut h, &share.photos, "");
    if p.earns_commission {
        let _ = write!(
            h,
            "<p class=\"landing-disclosure muted\">{}</p>",
            escape(l.disclosure)
        );
    }
    h.push_str("</div></article>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn stars_and_initials() {
        assert_eq!(stars(4), "★★★★☆");
        assert_eq!(stars(9), "★★★★★");
        assert_eq!(initial("林小雨"), "林");
        assert_eq!(initial(""), "圈");
    }
}
