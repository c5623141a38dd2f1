//! A share as a process keeps it (`store::view_cache`): its view, and its JSON written
//! once, in three parts around the two fields that differ per viewer (whether they liked
//! it, until when its author may edit it). A circle page is then written by copying
//! those parts instead of escaping every share's text again for every reader.

use circle_api::ShareView;
use std::fmt::Write;
use std::sync::Arc;

const LIKED: &str = "\"liked_by_me\":";
const EDITABLE: &str = "\"editable_until\":";

#[derive(Debug)]
pub struct Kept {
    view: ShareView,
    /// Up to and including `"liked_by_me":`.
    head: Box<str>,
    /// From after the like to and including `"editable_until":`.
    middle: Box<str>,
    tail: Box<str>,
}

impl Kept {
    pub fn new(mut view: ShareView) -> Self {
        view.liked_by_me = false;
        view.editable_until = None;
        // A JSON string escapes its quotes, so the unescaped key is found only as a key.
        let json = serde_json::to_string(&view).unwrap_or_default();
        let liked = json.find(&format!("{LIKED}false"));
        let editable = json.find(&format!("{EDITABLE}null"));
        let (head, middle, tail) = match (liked, editable) {
            (Some(l), Some(e)) if l < e => {
                let (l, e) = (l + LIKED.len(), e + EDITABLE.len());
                (&json[..l], &json[l + 5..e], &json[e + 4..])
            }
            // Unreachable while `ShareView` declares the like before the edit window
            // (a unit test holds it); an empty head makes `write_json` serialize anew.
            _ => ("", "", ""),
        };
        Kept {
            head: head.into(),
            middle: middle.into(),
            tail: tail.into(),
            view,
        }
    }

    /// The viewer-independent view (not liked, no edit window).
    pub fn view(&self) -> &ShareView {
        &self.view
    }
}

/// A kept share as one viewer sees it.
#[derive(Debug, Clone)]
pub struct Seen {
    kept: Arc<Kept>,
    liked: bool,
    editable_until: Option<i64>,
}

impl Seen {
    pub fn new(kept: Arc<Kept>, liked: bool, editable_until: Option<i64>) -> Self {
        Seen {
            kept,
            liked,
            editable_until,
        }
    }

    /// The share as the API's type.
    pub fn view(&self) -> ShareView {
        ShareView {
            liked_by_me: self.liked,
            editable_until: self.editable_until,
            ..self.kept.view.clone()
        }
    }

    /// The viewer-independent part, without copying it.
    pub fn shared(&self) -> &ShareView {
        &self.kept.view
    }

    /// Appends the share's JSON: exactly what serializing `view()` writes.
    pub fn write_json(&self, out: &mut String) {
        let k = &self.kept;
        if k.head.is_empty() {
            out.push_str(&serde_json::to_string(&self.view()).unwrap_or_default());
            return;
        }
        out.push_str(&k.head);
        out.push_str(if self.liked { "true" } else { "false" });
        out.push_str(&k.middle);
        match self.editable_until {
            Some(until) => {
                let _ = write!(out, "{until}");
            }
            None => out.push_str("null"),
        }
        out.push_str(&k.tail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use circle_api::{MerchantView, Person, ProductStatus, ProductView};

    fn view(text: &str) -> ShareView {
        let person = Person {
            id: 2,
            handle: "lin".into(),
            display_name: "林\"小雨\"".into(),
            relation: None,
        };
        ShareView {
            id: 7,
            code: "abc".into(),
            author: person,
            product: ProductView {
                id: 3,
                title: "保温杯".into(),
                category: "home".into(),
                price_cents: 9900,
                stock: 5,
                status: ProductStatus::Active,
                image_url: None,
                merchant: MerchantView {
                    id: 4,
                    name: "店".into(),
                    verified: true,
                },
                buyable: true,
                earns_commission: true,
            },
            text: text.into(),
            rating: Some(5),
            verified_purchase: true,
            is_ad: false,
            photos: vec!["/media/x".into()],
            like_count: 3,
            buyer_like_count: 1,
            liked_by_me: true,
            comment_count: 2,
            created_at: 1_700_000_000_000,
            edited_at: None,
            editable_until: Some(1),
        }
    }

    #[test]
    fn its_json_is_what_serializing_the_view_writes_for_every_viewer() {
        // Texts that carry the keys themselves, escaped, must not be mistaken for them.
        for text in [
            "好用",
            "\"liked_by_me\":false,\"editable_until\":null",
            "\\\"liked_by_me\\\":false",
        ] {
            let kept = Arc::new(Kept::new(view(text)));
            assert!(!kept.head.is_empty(), "split around the viewer's fields");
            for (liked, until) in [(false, None), (true, None), (true, Some(1_700_000_900_000))] {
                let seen = Seen::new(Arc::clone(&kept), liked, until);
                let mut out = String::new();
                seen.write_json(&mut out);
                assert_eq!(out, serde_json::to_string(&seen.view()).unwrap());
                let back: ShareView = serde_json::from_str(&out).unwrap();
                assert_eq!((back.liked_by_me, back.editable_until), (liked, until));
                assert_eq!(back.text, text);
            }
        }
    }
}
