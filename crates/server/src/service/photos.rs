//! Photos: an upload is decoded, turned upright and re-encoded without metadata on a
//! few threads of its own (never on the threads that answer requests), then stored as
//! its renditions; a photo is served to whoever may see it.

use super::{limits, ApiError, ApiResult};
use crate::{
    clock::{Millis, DAY},
    domain::{
        images::{self, Refused, Variant},
        limits as rates, shares as rules,
    },
    store::{self, Locked, Store},
};
use circle_api::{ErrorCode, Role, Upload};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// How long an upload waits for a free photo thread before it is told to come back.
const WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Stores a photo, if its bytes are an image of the type it declares that decodes within
/// the limits, within the uploader's allowances: 30 an hour, 100 MiB in 24 hours
/// (checked under the uploader's lock, so parallel uploads cannot pass it together).
pub async fn upload(
    store: &Store,
    now: Millis,
    owner: i64,
    declared: &str,
    bytes: axum::body::Bytes,
) -> ApiResult<Upload> {
    let actual = rules::sniff_image(&bytes).ok_or(ApiError::new(
        ErrorCode::BadUpload,
        "Upload a JPEG, PNG, WebP or GIF image.",
    ))?;
    if !declared.eq_ignore_ascii_case(actual) {
        return Err(ApiError::new(
            ErrorCode::BadUpload,
            "The file is not the type it claims to be.",
        ));
    }
    limits::take(
        store,
        now,
        &[(rates::UPLOAD_PER_USER, format!("user:{owner}"))],
    )
    .await?;
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    // A first look without the lock, so a refused upload costs no decoding.
    check_quota(&mut *store.conn().await?, now, owner, size).await?;
    let renditions = off_thread(move || images::process(&bytes))
        .await?
        .map_err(refused)?;
    let mut tx = store.begin().await?;
    store::lock(&mut tx, Locked::User, owner).await?;
    check_quota(&mut tx, now, owner, size).await?;
    let (id, token) =
        store::media::insert_photo(&mut tx, Some(owner), &renditions, size, now).await?;
    tx.commit().await?;
    Ok(Upload {
        id,
        url: super::views::media_url(&token),
    })
}

async fn check_quota(db: &mut store::Db, now: Millis, owner: i64, size: i64) -> ApiResult<()> {
    let used = store::media::uploaded_bytes_since(db, owner, now - DAY).await?;
    if used + size > rates::UPLOAD_BYTES_PER_DAY {
        return Err(ApiError::new(
            ErrorCode::UploadQuota,
            format!(
                "You uploaded {} MiB in the last 24 hours; the allowance is {} MiB.",
                used / (1024 * 1024),
                rates::UPLOAD_BYTES_PER_DAY / (1024 * 1024)
            ),
        )
        .retry_after(3600));
    }
    Ok(())
}

fn refused(why: Refused) -> ApiError {
    match why {
        Refused::TooLarge { width, height } if width > 0 => ApiError::new(
            ErrorCode::ImageTooLarge,
            format!(
                "The picture is {width}×{height}: at most {} megapixels and {} pixels on the longest side.",
                images::MAX_PIXELS / 1_000_000,
                images::MAX_SIDE
            ),
        ),
        Refused::TooLarge { .. } => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("A photo may be at most {} MB.", images::MAX_UPLOAD_BYTES / (1024 * 1024)),
        ),
        Refused::Unsupported => ApiError::new(
            ErrorCode::BadUpload,
            "Upload a JPEG, PNG, WebP or GIF image.",
        ),
        Refused::Broken => ApiError::new(
            ErrorCode::BadUpload,
            "The picture could not be read: the file may be damaged.",
        ),
    }
}

/// Runs `work` on a blocking thread, at most one per core at a time.
pub(crate) async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> ApiResult<T> {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    let slots = SLOTS.get_or_init(|| {
        Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get))
    });
    let busy = || {
        ApiError::new(
            ErrorCode::Unavailable,
            "Busy with other photos: try again in a moment.",
        )
        .retry_after(5)
    };
    let _slot = tokio::time::timeout(WAIT, slots.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::internal(e.into()))
}

/// What to send for a photo.
pub struct Shown {
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// Anyone may see it (so caches may keep it for a while); otherwise only its owner
    /// or a moderator.
    pub public: bool,
}

/// The photo under `token` in `variant`, if `viewer` may see it: anyone while it belongs
/// to a visible share or a product on the shop floor, otherwise its owner and the
/// moderators. Anyone else is told it does not exist.
pub async fn shown(
    store: &Store,
    viewer: Option<(i64, Role)>,
    token: &str,
    variant: Variant,
) -> ApiResult<Shown> {
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::not_found());
    }
    let mut db = store.conn().await?;
    let found = store::media::find(&mut db, token)
        .await?
        .ok_or(ApiError::not_found())?;
    let public = found.public == 1;
    let allowed = public
        || viewer.is_some_and(|(id, role)| found.owner_id == Some(id) || role == Role::Moderator);
    if !allowed {
        return Err(ApiError::not_found());
    }
    let (content_type, bytes) = store::media::bytes(&mut db, found.id, variant)
        .await?
        .ok_or(ApiError::not_found())?;
    Ok(Shown {
        content_type,
        bytes,
        public,
    })
}
