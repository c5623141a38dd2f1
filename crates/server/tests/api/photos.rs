//! Photos over HTTP: a phone photo comes back upright, in phone sizes and without its
//! metadata; bombs and broken files are refused with a clear code; who may see a photo
//! follows what it is attached to, under a URL nobody can guess.

use crate::flow;
use crate::helpers::{call, png_photo, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use crate::shares::share;
use serde_json::json;

on_each_database!(
    a_phone_photo_comes_back_upright_small_and_without_metadata,
    bombs_and_broken_files_are_refused_clearly,
    a_photo_is_seen_only_as_far_as_what_it_belongs_to,
);

/// A little-endian EXIF block: orientation 6 (taken with the phone turned) and a
/// camera serial in its Make.
fn exif() -> Vec<u8> {
    let make = b"CAMERA-SN-4711\0";
    let mut t = b"II\x2a\0\x08\0\0\0\x02\0".to_vec();
    t.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    t.extend_from_slice(&[0x0f, 0x01, 2, 0]);
    t.extend_from_slice(&u32::try_from(make.len()).unwrap().to_le_bytes());
    t.extend_from_slice(&38u32.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(make);
    t
}

/// A 4000×3000 JPEG (left half red) with `exif()` in its APP1 segment.
fn phone_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        let noise = u8::try_from((x * 7 + y * 13) % 32).unwrap();
        if x < 2000 {
            image::Rgb([200 + noise, 30, 30])
        } else {
            image::Rgb([30, 30, 200 + noise])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .encode_image(&img)
        .unwrap();
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&exif());
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG of a few dozen bytes that declares `width`×`height` pixels.
fn declared_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &header);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    out
}

async fn upload(
    app: &TestApp,
    who: &Browser,
    kind: &str,
    bytes: Vec<u8>,
) -> (u16, serde_json::Value) {
    call(
        who.post(app.url("/api/v1/uploads"))
            .header("content-type", kind)
            .body(bytes),
    )
    .await
}

/// GET `url` as `who` accepting `accept`: (status, content type, cache-control, bytes).
async fn fetch(
    app: &TestApp,
    who: &Browser,
    url: &str,
    accept: &str,
) -> (u16, String, String, Vec<u8>) {
    let res = who
        .get(app.url(url))
        .header("accept", accept)
        .send()
        .await
        .unwrap();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (status, kind, cache) = (
        res.status().as_u16(),
        header("content-type"),
        header("cache-control"),
    );
    (status, kind, cache, res.bytes().await.unwrap().to_vec())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

const WEBP: &str = "image/avif,image/webp,*/*";

async fn a_phone_photo_comes_back_upright_small_and_without_metadata(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let anna = register(&app, "anna", "password 123").await;
    let original = phone_photo();
    assert!(contains(&original, b"CAMERA-SN-4711"));
    let (status, up) = upload(&app, &anna, "image/jpeg", original).await;
    assert_eq!(status, 201, "{up}");
    let url = up["url"].as_str().unwrap();
    let token = url.strip_prefix("/media/").unwrap();
    assert!(
        token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()),
        "{url}"
    );

    for (path, accept, kind, size) in [
        (url.to_owned(), WEBP, "image/webp", (1080, 1440)),
        (format!("{url}/small"), WEBP, "image/webp", (360, 480)),
        (url.to_owned(), "image/*", "image/jpeg", (1080, 1440)),
        (format!("{url}/small"), "image/*", "image/jpeg", (360, 480)),
    ] {
        let (status, got, _, bytes) = fetch(&app, &anna, &path, accept).await;
        assert_eq!((status, got.as_str()), (200, kind), "{path}");
        assert!(
            !contains(&bytes, b"CAMERA-SN-4711"),
            "{path} keeps the serial"
        );
        assert!(!contains(&bytes, b"Exif"), "{path} keeps EXIF");
        let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), size, "{path} is upright, phone-sized");
        // Turned clockwise, the red left half is now the top.
        let (w, h) = img.dimensions();
        let (top, bottom) = (
            img.get_pixel(w / 2, h / 8).0,
            img.get_pixel(w / 2, h * 7 / 8).0,
        );
        assert!(top[0] > 150 && top[2] < 100, "{path} top {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "{path} bottom {bottom:?}"
        );
    }

    // A 6 MB original (more than the old 5 MB cap) is taken.
    let (status, body) = upload(&app, &anna, "image/png", png_photo(6 * 1024 * 1024)).await;
    assert_eq!(status, 201, "{body}");
}

async fn bombs_and_broken_files_are_refused_clearly(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let anna = register(&app, "anna", "password 123").await;
    let bomb = declared_png(50_000, 50_000);
    assert!(bomb.len() < 100);
    let (status, err) = upload(&app, &anna, "image/png", bomb).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("image_too_large")),
        "{err}"
    );
    assert!(
        err["message"].as_str().unwrap().contains("50000×50000"),
        "{err}"
    );
    let (status, err) = upload(&app, &anna, "image/png", declared_png(100, 100)).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("bad_upload")),
        "{err}"
    );
    assert!(
        err["message"].as_str().unwrap().contains("damaged"),
        "{err}"
    );
    let (status, err) = upload(&app, &anna, "image/png", b"\x89PNG\r\n\x1a\n0000".to_vec()).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("bad_upload")),
        "{err}"
    );
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(stored, 0, "nothing refused was kept");
}

async fn a_photo_is_seen_only_as_far_as_what_it_belongs_to(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let anna = register(&app, "anna", "password 123").await;
    let bert = register(&app, "bert", "password 123").await;
    let stranger = Browser::new();
    let moderator = flow::moderator(&app).await;
    let (_, up) = upload(&app, &anna, "image/png", png_photo(0)).await;
    let url = up["url"].as_str().unwrap().to_owned();
    let status = |who: &Browser| {
        let (who, url, app) = (who.clone(), url.clone(), &app);
        async move { fetch(app, &who, &url, WEBP).await }
    };

    // Picked but not posted: its owner and the moderators only, and no shared cache.
    let (code, _, cache, _) = status(&anna).await;
    assert_eq!((code, cache.as_str()), (200, "private, max-age=600"));
    assert_eq!(status(&moderator).await.0, 200);
    assert_eq!(status(&bert).await.0, 404);
    assert_eq!(status(&stranger).await.0, 404);

    // Posted with a visible share: everyone, cacheable for ten minutes.
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let (code, s) = share(
        &app,
        &anna,
        json!({"product_id": tea, "text": "有图", "photo_ids": [up["id"]]}),
    )
    .await;
    assert_eq!(code, 201, "{s}");
    assert_eq!(s["photos"][0], url.as_str());
    let (code, _, cache, _) = status(&stranger).await;
    assert_eq!((code, cache.as_str()), (200, "public, max-age=600"));

    // Hidden by a moderator: gone for others, still there for its owner.
    let id = s["id"].as_i64().unwrap();
    let hide = app.url(&format!("/api/v1/moderation/shares/{id}/hide"));
    assert_eq!(
        call(moderator.post(&hide).json(&json!({"reason": "广告"})))
            .await
            .0,
        204
    );
    assert_eq!(status(&stranger).await.0, 404);
    assert_eq!(status(&bert).await.0, 404);
    assert_eq!(status(&anna).await.0, 200);
    let restore = app.url(&format!("/api/v1/moderation/shares/{id}/restore"));
    assert_eq!(
        call(moderator.post(&restore).json(&json!({"reason": "误判"})))
            .await
            .0,
        204
    );
    assert_eq!(status(&stranger).await.0, 200);

    // Deleted by its author: gone for others.
    let del = app.url(&format!("/api/v1/shares/id/{id}"));
    assert_eq!(call(anna.delete(&del)).await.0, 204);
    assert_eq!(status(&stranger).await.0, 404);
}
