//! The typed API client: one fetch helper on the browser's `fetch`; one file per resource.
//! Requests are written with `serde-wasm-bindgen` and the browser's own JSON; answers
//! are read from their text by `json` (both keep serde_json out of the WASM).

pub mod accounts;
pub mod catalog;
pub mod earnings;
pub mod json;
pub mod merchants;
pub mod moderation;
pub mod orders;
pub mod questions;
pub mod shares;
pub mod social;

use circle_api::{ErrorBody, ErrorCode, CSRF_HEADER};
use leptos::prelude::Owner;
use send_wrapper::SendWrapper;
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// What a call can fail with: the server's error body, or no answer at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server answered with an error body.
    Api(ErrorBody),
    /// No answer: offline, or the server is down.
    Network,
}

impl ApiError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Api(body) => Some(body.code),
            ApiError::Network => None,
        }
    }
}

impl ApiError {
    /// What the app says about it, next to its field when it names one.
    pub fn describe(&self, t: &crate::i18n::Strings) -> &'static str {
        match self {
            ApiError::Api(body) => t.error(Some(body.code), body.field.as_deref(), body.problem),
            ApiError::Network => t.error(None, None, None),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Api(body) => write!(f, "{}", body.message),
            ApiError::Network => write!(f, "network error"),
        }
    }
}

impl std::error::Error for ApiError {}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let response = match take_first(path).await {
        Some(response) => response,
        None => send("GET", path, &[], None).await?,
    };
    // Offline, the service worker answers the reading pages with the copy it kept.
    if let Some(at) = response
        .headers()
        .get("x-circle-fetched-at")
        .ok()
        .flatten()
        .and_then(|at| at.parse::<u64>().ok())
    {
        crate::state::network::showing_kept(at as f64);
    }
    decode(response).await
}

/// The response to `path` that `index.html` asked for with the page, before the WASM
/// loaded (the first route's data: `window.__circleFirst`), so the two downloads
/// overlap. Taken once, and only when it succeeded: a 401 before logging in, or a
/// failure, is asked again.
async fn take_first(path: &str) -> Option<Response> {
    let window: JsValue = web_sys::window()?.into();
    let first = js_sys::Reflect::get(&window, &JsValue::from_str("__circleFirst"))
        .ok()
        .filter(JsValue::is_object)?;
    let key = JsValue::from_str(path);
    let promise = js_sys::Reflect::get(&first, &key)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let _ = js_sys::Reflect::delete_property(first.unchecked_ref::<js_sys::Object>(), &key);
    let response = JsFuture::from(promise)
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    response.ok().then_some(response)
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let response = send("POST", path, &[], Some(to_json(body)?.into())).await?;
    decode(response).await
}

/// A POST with a body whose success has no body (204).
pub async fn post_empty<B: Serialize>(path: &str, body: &B) -> Result<(), ApiError> {
    let response = send("POST", path, &[], Some(to_json(body)?.into())).await?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_of(response).await)
    }
}

/// A POST that may be retried safely: the server answers a repeated key with the
/// result of the first request.
pub async fn post_idempotent<B: Serialize, T: DeserializeOwned>(
    path: &str,
    key: &str,
    body: &B,
) -> Result<T, ApiError> {
    let key = [(circle_api::IDEMPOTENCY_KEY_HEADER, key)];
    let response = send("POST", path, &key, Some(to_json(body)?.into())).await?;
    decode(response).await
}

/// The methods of the body-less calls below.
#[derive(Debug, Clone, Copy)]
pub enum Method {
    Post,
    Put,
    Delete,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A call without a body that answers with JSON.
pub async fn call_for<T: DeserializeOwned>(method: Method, path: &str) -> Result<T, ApiError> {
    let response = send(method.name(), path, &[], None).await?;
    decode(response).await
}

/// A call without a body whose success has no body (204).
pub async fn call_empty(method: Method, path: &str) -> Result<(), ApiError> {
    let response = send(method.name(), path, &[], None).await?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_of(response).await)
    }
}

/// Sends a file as the raw body (uploads), through the same abortable entry as the rest.
pub async fn upload_file<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::Blob,
) -> Result<T, ApiError> {
    let body = Body::File(JsValue::from(file.clone()), file.type_());
    let response = send("POST", path, &[], Some(body)).await?;
    decode(response).await
}

pub async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let response = send("PATCH", path, &[], Some(to_json(body)?.into())).await?;
    decode(response).await
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let response = send("PUT", path, &[], Some(to_json(body)?.into())).await?;
    decode(response).await
}

/// A fresh random key for one user intention (one purchase, say).
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        // Integers, not `{f64}`: formatting a float would pull float printing into the WASM.
        .unwrap_or_else(|| {
            format!(
                "{}-{}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e15) as u64
            )
        })
}

/// Encodes one query-string value.
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// What a request carries.
enum Body {
    Json(String),
    /// A file and its content type.
    File(JsValue, String),
}

impl From<String> for Body {
    fn from(json: String) -> Self {
        Body::Json(json)
    }
}

/// Sends the request, aborting it if the view that asked is cleaned up first. Every
/// call of the app goes through here.
async fn send(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Body>,
) -> Result<Response, ApiError> {
    let controller = SendWrapper::new(web_sys::AbortController::new().ok());
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    if Owner::current().is_some() {
        Owner::on_cleanup(move || {
            if let Some(controller) = controller.take() {
                controller.abort();
            }
        });
    }
    let request = request(method, path, headers, body, signal.as_ref()).ok_or(ApiError::Network)?;
    let window = web_sys::window().ok_or(ApiError::Network)?;
    JsFuture::from(window.fetch_with_request(&request))
        .await
        .ok()
        .and_then(|r| r.dyn_into::<Response>().ok())
        .ok_or(ApiError::Network)
}

/// The browser's request: the method, the CSRF header every call carries, `headers`,
/// the body with its content type, and the signal that aborts it.
fn request(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Body>,
    signal: Option<&web_sys::AbortSignal>,
) -> Option<web_sys::Request> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_signal(signal);
    let all = web_sys::Headers::new().ok()?;
    all.set(CSRF_HEADER, "1").ok()?;
    all.set("accept", "application/json").ok()?;
    for (name, value) in headers {
        all.set(name, value).ok()?;
    }
    match body {
        Some(Body::Json(json)) => {
            all.set("content-type", "application/json").ok()?;
            init.set_body(&JsValue::from_str(&json));
        }
        Some(Body::File(file, content_type)) => {
            all.set("content-type", &content_type).ok()?;
            init.set_body(&file);
        }
        None => {}
    }
    init.set_headers(&all);
    web_sys::Request::new_with_str_and_init(path, &init).ok()
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if !response.ok() {
        return Err(error_of(response).await);
    }
    let text = text_of(response).await.ok_or(ApiError::Network)?;
    json::from_str(&text).map_err(|_| ApiError::Network)
}

async fn error_of(response: Response) -> ApiError {
    let status = response.status();
    text_of(response)
        .await
        .and_then(|text| json::from_str::<ErrorBody>(&text).ok())
        .map(ApiError::Api)
        .unwrap_or_else(|| {
            // A proxy or a crashed server answered without our body.
            ApiError::Api(ErrorBody {
                code: if status == 503 {
                    ErrorCode::Unavailable
                } else {
                    ErrorCode::Internal
                },
                message: format!("HTTP {status}"),
                field: None,
                problem: None,
            })
        })
}

async fn text_of(response: Response) -> Option<String> {
    let promise = response.text().ok()?;
    JsFuture::from(promise).await.ok()?.as_string()
}

fn to_json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    let value = serde_wasm_bindgen::to_value(body).map_err(|_| ApiError::Network)?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| ApiError::Network)
}

/// Reads the value of a request the page started before the WASM loaded
/// (`index.html` puts the promise on `window`), so first data and WASM download overlap.
pub async fn take_prefetched<T: DeserializeOwned>(
    name: &str,
) -> Option<Result<Option<T>, ApiError>> {
    let window = web_sys::window()?;
    let promise = js_sys::Reflect::get(&window, &JsValue::from_str(name)).ok()?;
    let promise = promise.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &JsValue::from_str(name));
    let value = JsFuture::from(promise).await.ok()?;
    if value.is_null() {
        return Some(Ok(None));
    }
    // The response's text; anything else (undefined) is a failed request.
    let Some(text) = value.as_string() else {
        return Some(Err(ApiError::Network));
    };
    Some(
        json::from_str(&text)
            .map(Some)
            .map_err(|_| ApiError::Network),
    )
}
