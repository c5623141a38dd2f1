//! A product's topic (`/p/{id}`) rendered on the server, for strangers landing from a
//! link and for members alike: the product's photo and facts as HTML
//! (`circle_markup::topic`, which the app renders too) in place of the boot splash, and
//! the topic and who is logged in as the data the app starts from (`#circle-first`), so
//! the product shows before the WASM arrives and the app adds the rest below it without
//! asking again. An unknown product, or any failure, gets the plain shell (the app says
//! what is wrong).

use super::{
    circle_page::{answer, not_built},
    error::ApiError,
    extract::MaybeUser,
    landing, AppState,
};
use crate::service::feed;
use axum::{
    extract::{Path, State},
    response::Response,
};
use circle_api::Me;
use circle_markup::topic::{category_zh, product_facts, TOPIC_ZH};

pub async fn topic(
    State(state): State<AppState>,
    viewer: Result<MaybeUser, ApiError>,
    Path(id): Path<String>,
) -> Response {
    let Some(index) = state.index.as_deref() else {
        return not_built();
    };
    let (Ok(id), Ok(MaybeUser(me))) = (id.parse::<i64>(), viewer) else {
        return answer(index, None);
    };
    let rendered = match render(&state, index, id, me.as_ref()).await {
        Ok(html) => Some(html),
        Err(e) if e.is(circle_api::ErrorCode::NotFound) => None,
        Err(e) => {
            tracing::warn!("topic page {id}: {e}; answered with the shell");
            None
        }
    };
    answer(index, rendered)
}

async fn render(
    state: &AppState,
    index: &str,
    id: i64,
    me: Option<&Me>,
) -> Result<String, ApiError> {
    let topic = feed::topic(&state.store, me.map(|m| m.id), id).await?;
    let json = format!(
        "{{\"/api/v1/me\":{},\"/api/v1/products/{id}/topic\":{}}}",
        serde_json::to_string(&me).unwrap_or_else(|_| "null".into()),
        serde_json::to_string(&topic).unwrap_or_else(|_| "null".into())
    );
    let data = landing::first_data(&json);
    let p = &topic.product;
    let facts = product_facts(p, &topic.description, category_zh(&p.category), &TOPIC_ZH);
    let body = format!(
        "<article class=\"product\">{}</article>",
        circle_markup::feed::slot(&facts)
    );
    Ok(landing::render(index, "", &data, "page", &body))
}
