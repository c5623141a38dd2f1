//! A share's pictures (link card, its square, the poster): drawn once from what the share
//! shows now, then kept in memory under a key made of those parts, so an edit, a new
//! price or a new photo draws a new one and a hidden share has none at all.

use super::{photos, shares, ApiResult};
use crate::{
    domain::{
        cards::{Fonts, Kind, Parts},
        images::Variant,
    },
    store::{self, Store},
};
use axum::body::Bytes;
use circle_api::Yuan;
use std::{
    collections::HashMap,
    hash::{Hash, Hasher},
    sync::{Arc, Mutex},
};

/// How many pictures a process keeps (demo: a card 76 KB, a poster 189 KB).
const KEPT: usize = 64;

pub struct Painter {
    pub fonts: Fonts,
    kept: Mutex<HashMap<u64, (Bytes, u64)>>,
    tick: std::sync::atomic::AtomicU64,
}

impl Painter {
    pub fn new(fonts: Fonts) -> Self {
        Painter {
            fonts,
            kept: Mutex::new(HashMap::new()),
            tick: 0.into(),
        }
    }

    fn get(&self, key: u64) -> Option<Bytes> {
        let tick = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut kept = self.kept.lock().ok()?;
        let entry = kept.get_mut(&key)?;
        entry.1 = tick;
        Some(entry.0.clone())
    }

    fn keep(&self, key: u64, bytes: Bytes) {
        let tick = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        if kept.len() >= KEPT {
            if let Some(oldest) = kept.iter().min_by_key(|(_, (_, t))| *t).map(|(k, _)| *k) {
                kept.remove(&oldest);
            }
        }
        kept.insert(key, (bytes, tick));
    }
}

/// The media token in a photo URL (`/media/{token}`).
fn token(url: &str) -> Option<&str> {
    url.strip_prefix("/media/")
}

/// Picture `kind` of the visible share `code`; not found once it is hidden or deleted.
pub async fn picture(
    store: &Store,
    painter: &Arc<Painter>,
    public_url: &str,
    code: &str,
    kind: Kind,
) -> ApiResult<Bytes> {
    let share = shares::by_code(store, None, code).await?;
    let photo_url = share
        .photos
        .first()
        .or(share.product.image_url.as_ref())
        .cloned();
    let words = share.text.lines().next().unwrap_or_default().to_owned();
    let price = Yuan(share.product.price_cents).to_string();
    let link = format!("{public_url}/s/{}", share.code);
    let key = {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (
            kind,
            &share.product.title,
            &words,
            &price,
            &share.author.display_name,
        )
            .hash(&mut h);
        (&link, &photo_url, painter.fonts.has_text()).hash(&mut h);
        h.finish()
    };
    if let Some(bytes) = painter.get(key) {
        return Ok(bytes);
    }
    let photo = match photo_url.as_deref().and_then(token) {
        Some(token) => {
            let mut db = store.conn().await?;
            match store::media::find(&mut db, token).await? {
                Some(found) => store::media::bytes(&mut db, found.id, Variant::LargeJpeg).await?,
                None => None,
            }
        }
        None => None,
    };
    let title = share.product.title.clone();
    let author = share.author.display_name.clone();
    let drawer = Arc::clone(painter);
    let bytes = photos::off_thread(move || {
        let parts = Parts {
            title: &title,
            words: &words,
            price: &price,
            author: &author,
            link: &link,
            photo: photo.as_ref().map(|(t, b)| (t.as_str(), b.as_slice())),
        };
        drawer.fonts.paint(kind, &parts)
    })
    .await?
    .map_err(|e| super::ApiError::internal(anyhow::anyhow!("drawing {kind:?} of {code}: {e}")))?;
    let bytes = Bytes::from(bytes);
    painter.keep(key, bytes.clone());
    Ok(bytes)
}
