//! Picking photos: each is turned upright and shrunk in the browser (longest side at most
//! 1600 px, JPEG at 0.85) before it is sent, so a 4 MB phone photo travels as a few
//! hundred KB without its EXIF; thumbnails can be removed and moved; each shows where it
//! is (shrinking, waiting, sending, sent, failed). The file input is hidden behind a
//! button in the app's style.

use crate::{api, state::locale::use_locale};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;

/// The longest side a photo is sent at.
const LONGEST: f64 = 1600.0;
const QUALITY: f64 = 0.85;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Shrinking,
    Ready,
    Sending,
    Sent(i64),
    Failed,
}

/// A picked photo: what will be sent, its preview, and where it is.
#[derive(Clone)]
pub struct Picked {
    key: u32,
    blob: SendWrapper<web_sys::Blob>,
    preview: RwSignal<Option<String>>,
    pub stage: RwSignal<Stage>,
}

/// The photo picker; `photos` holds what was picked, in order.
#[component]
pub fn PhotoPicker(
    id: &'static str,
    label: &'static str,
    max: usize,
    photos: RwSignal<Vec<Picked>>,
) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let next_key = StoredValue::new(0u32);
    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        let room = max.saturating_sub(photos.with_untracked(Vec::len));
        for i in 0..list.length().min(u32::try_from(room).unwrap_or(0)) {
            let Some(file) = list.get(i) else { continue };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let picked = Picked {
                key,
                blob: SendWrapper::new(file.clone().into()),
                preview: RwSignal::new(None),
                stage: RwSignal::new(Stage::Shrinking),
            };
            photos.update(|p| p.push(picked.clone()));
            leptos::task::spawn_local(async move {
                let shrunk = shrink(&file).await.unwrap_or_else(|_| file.into());
                // The picker may be gone by now (the page was left): nothing to update then.
                picked.preview.try_set(object_url(&shrunk));
                photos.try_update(|p| {
                    if let Some(x) = p.iter_mut().find(|x| x.key == key) {
                        x.blob = SendWrapper::new(shrunk);
                    }
                });
                picked.stage.try_set(Stage::Ready);
            });
        }
        // The same file may be picked again after it was removed.
        input.set_value("");
    };
    let remove = move |key: u32| photos.update(|p| p.retain(|x| x.key != key));
    let shift = move |key: u32, by: isize| {
        photos.update(|p| {
            let Some(i) = p.iter().position(|x| x.key == key) else {
                return;
            };
            let j = i.saturating_add_signed(by);
            if j < p.len() {
                p.swap(i, j);
            }
        });
    };
    let several = max > 1;
    view! {
        <div class="photo-picker">
            <span class="field-label">{label}</span>
            <input id=id class="visually-hidden" type="file" accept="image/jpeg,image/png,image/webp,image/gif"
                multiple=several on:change=on_files/>
            <ul class="photo-thumbs">
                <For each=move || photos.get() key=|p| p.key let:p>
                    {
                        let key = p.key;
                        let stage = p.stage;
                        view! {
                            <li class="photo-thumb" data-stage=move || stage_name(stage.get())>
                                {move || p.preview.get().map(|src| view! { <img src=src alt=""/> })}
                                <span class="photo-stage">{move || stage_label(t, stage.get())}</span>
                                <button type="button" class="photo-move" aria-label=tp.photo_earlier
                                    on:click=move |_| shift(key, -1)>"‹"</button>
                                <button type="button" class="photo-move next" aria-label=tp.photo_later
                                    on:click=move |_| shift(key, 1)>"›"</button>
                                <button type="button" class="photo-remove" aria-label=tp.photo_remove
                                    on:click=move |_| remove(key)>"×"</button>
                            </li>
                        }
                    }
                </For>
                <Show when=move || { photos.with(Vec::len) < max }>
                    <li>
                        <label for=id class="photo-add">
                            <span aria-hidden="true">"+"</span>
                            <span>{tp.photo_add}</span>
                        </label>
                    </li>
                </Show>
            </ul>
            <p class="field-hint">{move || format!("{}/{max}", photos.with(Vec::len))}</p>
        </div>
    }
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Shrinking => "shrinking",
        Stage::Ready => "ready",
        Stage::Sending => "sending",
        Stage::Sent(_) => "sent",
        Stage::Failed => "failed",
    }
}

fn stage_label(t: &'static crate::i18n::Strings, stage: Stage) -> &'static str {
    let tp = t.pages();
    match stage {
        Stage::Shrinking => tp.photo_shrinking,
        Stage::Ready => "",
        Stage::Sending => tp.photo_sending,
        Stage::Sent(_) => "✓",
        Stage::Failed => tp.photo_failed,
    }
}

/// Sends the picked photos one at a time, in order (each only once); their ids.
pub async fn send_all(photos: Vec<Picked>) -> Result<Vec<i64>, api::ApiError> {
    let mut ids = Vec::new();
    for p in photos {
        if let Some(Stage::Sent(id)) = p.stage.try_get_untracked() {
            ids.push(id);
            continue;
        }
        p.stage.try_set(Stage::Sending);
        match api::shares::upload(&p.blob).await {
            Ok(up) => {
                p.stage.try_set(Stage::Sent(up.id));
                ids.push(up.id);
            }
            Err(e) => {
                p.stage.try_set(Stage::Failed);
                return Err(e);
            }
        }
    }
    Ok(ids)
}

fn object_url(blob: &web_sys::Blob) -> Option<String> {
    web_sys::Url::create_object_url_with_blob(blob).ok()
}

/// The photo upright (by its EXIF orientation) and at most `LONGEST` px on its longest
/// side, as JPEG: the re-encoding leaves every piece of metadata behind.
async fn shrink(file: &web_sys::File) -> Result<web_sys::Blob, JsValue> {
    let options = web_sys::ImageBitmapOptions::new();
    options.set_image_orientation(web_sys::ImageOrientation::FromImage);
    let bitmap: web_sys::ImageBitmap = JsFuture::from(
        window().create_image_bitmap_with_blob_and_image_bitmap_options(file, &options)?,
    )
    .await?
    .dyn_into()?;
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let scale = (LONGEST / w.max(h)).min(1.0);
    let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas")?.dyn_into()?;
    // Whole pixels: the scaled sides are at most 1600.
    canvas.set_width((w * scale).round() as u32);
    canvas.set_height((h * scale).round() as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()?;
    // Transparent pixels become white, as the server would lay them.
    context.set_fill_style_str("#fff");
    context.fill_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    context.draw_image_with_image_bitmap_and_dw_and_dh(
        &bitmap,
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    )?;
    bitmap.close();
    let blob = JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
        let failed = reject.clone();
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = if blob.is_null() {
                reject.call1(&JsValue::NULL, &JsValue::from_str("toBlob failed"))
            } else {
                resolve.call1(&JsValue::NULL, &blob)
            };
        });
        if let Err(e) = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(QUALITY),
        ) {
            let _ = failed.call1(&JsValue::NULL, &e);
        }
    }))
    .await?;
    blob.dyn_into()
}
