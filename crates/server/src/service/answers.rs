//! 问大家's answers: only verified buyers (and the product's merchant, as 商家) answer;
//! anyone marks an answer helpful, and the mark counts by the rule likes follow.

use super::{
    engagement, limits,
    notify::{self, Event},
    questions::answer_view,
    ApiError, ApiResult,
};
use crate::{
    clock::Millis,
    domain::questions as rules,
    store::{self, Store},
};
use circle_api::{AnswerCreate, AnswerView, ErrorCode, HelpfulState};

/// Answers a visible question, once per person: with a delivered, unrefunded order of its
/// product (已购), or as the product's merchant (商家). The asker is told.
pub async fn answer(
    store: &Store,
    now: Millis,
    user: i64,
    question: i64,
    req: &AnswerCreate,
) -> ApiResult<AnswerView> {
    let text = rules::check_answer(&req.text)?;
    limits::take(
        store,
        now,
        &[(rules::ANSWER_PER_USER, format!("user:{user}"))],
    )
    .await?;
    let mut tx = store.begin().await?;
    let (asker, product, hidden) = store::questions::owner(&mut tx, question)
        .await?
        .ok_or(ApiError::not_found())?;
    if hidden {
        return Err(ApiError::not_found());
    }
    let merchant = store::catalog::sellable(&mut tx, product)
        .await?
        .and_then(|p| p.merchant_user_id);
    let by_merchant = merchant == Some(user);
    if !by_merchant
        && store::questions::bought_at(&mut tx, user, product)
            .await?
            .is_none()
    {
        return Err(ApiError::new(
            ErrorCode::NotABuyer,
            "Only people who received this product (and did not return it) answer; buy it, or ask instead.",
        ));
    }
    let id = store::answers::insert(&mut tx, question, user, &text, by_merchant, now)
        .await
        .map_err(|e| match store::unique_violation(&e).as_deref() {
            Some("answers_one_per_person") => ApiError::new(
                ErrorCode::AlreadyAnswered,
                "You already answered this question.",
            ),
            _ => e.into(),
        })?;
    let event = Event::Answered {
        question,
        product,
        asker,
        by: user,
    };
    notify::record(&mut tx, event, now).await?;
    let view = store::answers::by_ids(&mut tx, Some(user), &[id])
        .await?
        .pop()
        .map(|a| answer_view(a, Some(user)))
        .ok_or(ApiError::not_found())?;
    tx.commit().await?;
    Ok(view)
}

/// Marks an answer helpful (`true`) or takes the mark back; repeating either is harmless.
/// Marks share the like allowance (60 a minute per person, 300 per IP) and count only
/// from accounts whose likes count; nobody marks their own answer.
pub async fn set_helpful(
    store: &Store,
    now: Millis,
    user: i64,
    ip: &str,
    answer: i64,
    helpful: bool,
) -> ApiResult<HelpfulState> {
    if helpful {
        engagement::take_like_allowance(store, now, user, ip).await?;
    }
    let mut tx = store.begin().await?;
    let target = store::answers::target(&mut tx, answer)
        .await?
        .ok_or(ApiError::not_found())?;
    if target.author_id == user {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "You cannot mark your own answer helpful.",
        ));
    }
    let counts = helpful && engagement::like_counts_now(&mut tx, now, user).await?;
    store::answers::set_helpful(&mut tx, target, answer, user, helpful, counts, now).await?;
    let (helpful_count, mine) = store::answers::helpful_state(&mut tx, answer, user).await?;
    tx.commit().await?;
    Ok(HelpfulState {
        helpful: mine,
        helpful_count,
    })
}
