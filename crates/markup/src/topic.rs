//! The top of a product's topic page (`/p/{id}`): its photo and facts — price, title,
//! merchant, category, what the merchant wrote. The server renders it into the page it
//! sends, so a stranger sees the product before the WASM arrives; the app renders the
//! same string, and adds the buy box and the community below it.

use super::escape;
use circle_api::{ProductView, Yuan};
use std::fmt::Write;

/// The words of the product's facts, in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicLabels<'a> {
    pub verified_merchant: &'a str,
    pub unverified_merchant: &'a str,
}

/// The Chinese words, which the server renders.
pub const TOPIC_ZH: TopicLabels<'static> = TopicLabels {
    verified_merchant: "认证商家",
    unverified_merchant: "未认证商家",
};

/// A category's Chinese name (`circle_api::CATEGORIES`), for the server's rendering.
pub fn category_zh(key: &str) -> &'static str {
    match key {
        "beauty" => "美妆",
        "food" => "食品",
        "home" => "家居",
        "baby" => "母婴",
        "digital" => "数码",
        "fashion" => "服饰",
        "sports" => "运动",
        "books" => "图书",
        _ => "全部",
    }
}

/// The product's photo and facts; `category` is its category's name in the reader's
/// language.
pub fn product_facts(
    p: &ProductView,
    description: &str,
    category: &str,
    l: &TopicLabels<'_>,
) -> String {
    let mut h = String::with_capacity(512);
    let _ = write!(
        h,
        "<img class=\"product-hero\" src=\"{}\" alt=\"\" width=\"400\" height=\"400\">\
         <div class=\"card product-facts\"><p class=\"price big\">{}</p><h1>{}</h1><p class=\"muted\">",
        escape(p.image_url.as_deref().unwrap_or_default()),
        Yuan(p.price_cents),
        escape(&p.title)
    );
    let name = escape(&p.merchant.name);
    if p.merchant.verified {
        let _ = write!(h, "<a href=\"/m/{}\">{name}</a>", p.merchant.id);
    } else {
        let _ = write!(h, "<span>{name}</span>");
    }
    let (class, badge) = if p.merchant.verified {
        ("badge verified", l.verified_merchant)
    } else {
        ("badge", l.unverified_merchant)
    };
    let _ = write!(
        h,
        " · <span class=\"{class}\">{}</span> · {}</p>",
        escape(badge),
        escape(category)
    );
    if !description.is_empty() {
        let _ = write!(
            h,
            "<p class=\"product-description\">{}</p>",
            escape(description)
        );
    }
    h.push_str("</div>");
    h
}
