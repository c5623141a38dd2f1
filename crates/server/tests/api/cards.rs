//! A share's pictures for chat apps: the link card and its square as JPEG, the poster as
//! PNG with a QR code that scans back to the share; drawn again when the share changes,
//! and gone with the share.

use crate::helpers::{call, png_photo, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use crate::shares::share;
use serde_json::json;

on_each_database!(a_share_has_a_card_a_square_and_a_poster_while_it_is_visible,);

async fn get(app: &TestApp, path: &str) -> (u16, String, String, Vec<u8>) {
    let res = Browser::new().get(app.url(path)).send().await.unwrap();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (ct, cache) = (header("content-type"), header("cache-control"));
    (
        res.status().as_u16(),
        ct,
        cache,
        res.bytes().await.unwrap().to_vec(),
    )
}

/// The colour at (x, y) is the photo's orange (200, 120, 40), give or take JPEG.
fn is_photo(img: &image::RgbImage, x: u32, y: u32) -> bool {
    let [r, g, b] = img.get_pixel(x, y).0;
    r.abs_diff(200) < 20 && g.abs_diff(120) < 20 && b.abs_diff(40) < 20
}

async fn a_share_has_a_card_a_square_and_a_poster_while_it_is_visible(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let anna = register(&app, "anna", "password 123").await;
    let (status, up) = call(
        anna.post(app.url("/api/v1/uploads"))
            .header("content-type", "image/png")
            .body(png_photo(0)),
    )
    .await;
    assert_eq!(status, 201, "{up}");
    let tea = product(&app, "云南古树普洱 357g", "food", 29900, true).await;
    let (status, s) = share(
        &app,
        &anna,
        json!({"product_id": tea, "text": "回甘很明显，冲了五六泡还有味道\n第二行不上卡片", "photo_ids": [up["id"]]}),
    )
    .await;
    assert_eq!(status, 201, "{s}");
    let code = s["code"].as_str().unwrap().to_owned();
    let id = s["id"].as_i64().unwrap();

    // The card: 1200×630 JPEG, the photo on its left, cached ten minutes in public.
    let (status, ct, cache, card) = get(&app, &format!("/s/{code}/card.jpg")).await;
    assert_eq!(
        (status, ct.as_str(), cache.as_str()),
        (200, "image/jpeg", "public, max-age=600")
    );
    let img = image::load_from_memory(&card).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (1200, 630));
    assert!(is_photo(&img, 300, 300), "the photo fills the left");
    assert!(!is_photo(&img, 900, 300), "the words are on the right");

    // The square: WeChat's thumbnail, the photo with the price.
    let (status, ct, _, square) = get(&app, &format!("/s/{code}/card-square.jpg")).await;
    assert_eq!((status, ct.as_str()), (200, "image/jpeg"));
    let img = image::load_from_memory(&square).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (600, 600));
    assert!(is_photo(&img, 300, 200));

    // The poster: 750×1334 PNG whose QR code reads back as the share's link.
    let (status, ct, _, poster) = get(&app, &format!("/s/{code}/poster.png")).await;
    assert_eq!((status, ct.as_str()), (200, "image/png"));
    let img = image::load_from_memory(&poster).unwrap().to_luma8();
    assert_eq!(img.dimensions(), (750, 1334));
    assert!(is_photo(
        &image::load_from_memory(&poster).unwrap().to_rgb8(),
        375,
        300
    ));
    let (w, h) = img.dimensions();
    let mut scan = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        img.get_pixel(u32::try_from(x).unwrap(), u32::try_from(y).unwrap())
            .0[0]
    });
    let grids = scan.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the poster");
    let (_, link) = grids[0].decode().expect("the QR code decodes");
    assert_eq!(link, format!("http://127.0.0.1/s/{code}"));

    // Edited words: a new card (not the one kept from before).
    let (status, edited) = call(
        anna.patch(app.url(&format!("/api/v1/shares/id/{id}")))
            .json(&json!({"text": "喝了一个月，还是回甘很明显"})),
    )
    .await;
    assert_eq!(status, 200, "{edited}");
    let (status, _, _, again) = get(&app, &format!("/s/{code}/card.jpg")).await;
    assert_eq!(status, 200);
    assert_ne!(again, card, "the card shows the new words");
    let (_, _, _, same) = get(&app, &format!("/s/{code}/card.jpg")).await;
    assert_eq!(same, again, "drawn once, then kept");

    // Deleted: no pictures for anyone; an unknown code has none either.
    let (status, _) = call(anna.delete(app.url(&format!("/api/v1/shares/id/{id}")))).await;
    assert_eq!(status, 204);
    for path in ["card.jpg", "card-square.jpg", "poster.png"] {
        assert_eq!(
            get(&app, &format!("/s/{code}/{path}")).await.0,
            404,
            "{path}"
        );
        assert_eq!(
            get(&app, &format!("/s/nosuchcode/{path}")).await.0,
            404,
            "{path}"
        );
    }
}
