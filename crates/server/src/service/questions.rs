//! 问大家: asking about a product, sending the question to a few of its buyers, and
//! reading questions with their answers.

use super::{
    limits,
    notify::{self, Event},
    page, views, ApiError, ApiResult,
};
use crate::{
    clock::Millis,
    domain::{
        questions as rules,
        shares::{china_day, near_duplicate, seconds_until_next_day},
    },
    store::{self, answers::AnswerRow, questions::QuestionRow, Db, Locked, Store},
};
use circle_api::{
    AnswerView, ErrorCode, Page, QuestionCreate, QuestionDetail, QuestionForMe, QuestionSettings,
    QuestionView, TopicQuestions,
};
use std::collections::HashMap;

/// Asks a question on a product's topic (5 a day per person, nothing that nearly repeats
/// one's questions of the last 7 days) and sends it to up to 5 buyers with a delivered,
/// unrefunded order: the asker's friends first, then the most recent buyers, skipping
/// those who turned questions off or already got 3 today. All in one transaction; the
/// asker's row lock makes the daily limit exact, a conditional upsert the buyers' cap.
pub async fn ask(
    store: &Store,
    now: Millis,
    asker: i64,
    product: i64,
    req: &QuestionCreate,
) -> ApiResult<QuestionView> {
    let text = rules::check_question(&req.text)?;
    limits::take(
        store,
        now,
        &[(rules::ASK_PER_USER, format!("user:{asker}"))],
    )
    .await?;
    let day = china_day(now);
    let mut tx = store.begin().await?;
    store::lock(&mut tx, Locked::User, asker).await?;
    let merchant = super::catalog::buyable(&mut tx, product)
        .await?
        .merchant_user_id;
    if store::questions::count_on_day(&mut tx, asker, day).await? >= rules::QUESTIONS_PER_DAY {
        return Err(ApiError::new(
            ErrorCode::DailyQuestionLimit,
            "You have asked 5 questions today; ask again tomorrow.",
        )
        .retry_after(seconds_until_next_day(now)));
    }
    let recent =
        store::questions::recent_texts(&mut tx, asker, now - rules::DUPLICATE_WINDOW).await?;
    if recent.iter().any(|old| near_duplicate(old, &text)) {
        return Err(ApiError::new(
            ErrorCode::NearDuplicate,
            "This nearly repeats a question you asked in the last 7 days.",
        ));
    }
    let id = store::questions::insert(&mut tx, product, asker, &text, day, now).await?;
    route(&mut tx, now, id, product, asker, day, merchant).await?;
    tx.commit().await?;
    view(store, Some(asker), id).await
}

/// Sends a new question to its buyers and tells each, and its merchant (`merchant`, the
/// shop's account). Buyers' daily counters are taken in ascending id order, so two questions routed at once never wait on each other in
/// a cycle; one whose cap another question took meanwhile is skipped.
async fn route(
    db: &mut Db,
    now: Millis,
    question: i64,
    product: i64,
    asker: i64,
    day: i64,
    merchant: Option<i64>,
) -> ApiResult<()> {
    let cap = rules::QUESTIONS_PER_BUYER_PER_DAY;
    let mut buyers = store::questions::route_candidates(
        db,
        asker,
        product,
        day,
        cap,
        rules::ROUTED_PER_QUESTION,
    )
    .await?;
    buyers.sort_unstable();
    // The product's merchant is told too (to answer as 商家), outside the buyers' cap.
    if let Some(merchant) = merchant {
        let event = Event::Asked {
            question,
            product,
            to: merchant,
            by: asker,
            shop: true,
        };
        notify::record(db, event, now).await?;
    }
    for to in buyers {
        if store::questions::take_inbox(db, to, day, cap).await? {
            store::questions::add_route(db, question, to, now).await?;
            let event = Event::Asked {
                question,
                product,
                to,
                by: asker,
                shop: false,
            };
            notify::record(db, event, now).await?;
        }
    }
    Ok(())
}

pub(super) fn answer_view(r: AnswerRow, viewer: Option<i64>) -> AnswerView {
    let by_merchant = r.by_merchant == 1;
    AnswerView {
        id: r.id,
        question_id: r.question_id,
        mine: viewer == Some(r.author_id),
        author: views::person(r.author_id, r.author_handle, r.author_name),
        by_merchant,
        verified_purchase: !by_merchant && r.bought_at.is_some(),
        bought_at: if by_merchant { None } else { r.bought_at },
        text: r.text,
        helpful_count: r.helpful_count,
        helpful_by_me: r.helpful_by_me > 0,
        created_at: r.created_at,
    }
}

/// Questions as `viewer` sees them, each with its best answer, in the order given.
async fn question_views(
    db: &mut Db,
    viewer: Option<i64>,
    rows: Vec<QuestionRow>,
) -> ApiResult<Vec<QuestionView>> {
    let best: Vec<i64> = rows.iter().filter_map(|q| q.best_answer_id).collect();
    let mut answers: HashMap<i64, AnswerView> = store::answers::by_ids(db, viewer, &best)
        .await?
        .into_iter()
        .map(|a| (a.id, answer_view(a, viewer)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|q| QuestionView {
            id: q.id,
            product_id: q.product_id,
            mine: viewer == Some(q.asker_id),
            asker: views::person(q.asker_id, q.asker_handle, q.asker_name),
            text: q.text,
            answer_count: q.answer_count,
            created_at: q.created_at,
            best_answer: q.best_answer_id.and_then(|id| answers.remove(&id)),
        })
        .collect())
}

/// A visible question as `viewer` sees it.
pub async fn view(store: &Store, viewer: Option<i64>, id: i64) -> ApiResult<QuestionView> {
    let mut db = store.conn().await?;
    let rows = store::questions::by_ids(&mut db, &[id]).await?;
    question_views(&mut db, viewer, rows)
        .await?
        .pop()
        .ok_or(ApiError::not_found())
}

/// A question with its buyers' answers (most helpful first), the merchant's apart, and
/// whether the viewer may answer.
pub async fn detail(store: &Store, viewer: Option<i64>, id: i64) -> ApiResult<QuestionDetail> {
    let mut db = store.conn().await?;
    let rows = store::questions::by_ids(&mut db, &[id]).await?;
    let question = question_views(&mut db, viewer, rows)
        .await?
        .pop()
        .ok_or(ApiError::not_found())?;
    let product = store::catalog::get_product(&mut db, question.product_id)
        .await?
        .ok_or(ApiError::not_found())?;
    let merchant = store::catalog::sellable(&mut db, question.product_id)
        .await?
        .and_then(|p| p.merchant_user_id);
    let product = views::product(product);
    let answers = store::answers::of_question(&mut db, viewer, id, false, rules::ANSWERS_SHOWN)
        .await?
        .into_iter()
        .map(|a| answer_view(a, viewer))
        .collect();
    let merchant_answer = store::answers::of_question(&mut db, viewer, id, true, 1)
        .await?
        .pop()
        .map(|a| answer_view(a, viewer));
    let can_answer = match viewer {
        None => false,
        Some(me) => {
            let may = merchant == Some(me)
                || store::questions::bought_at(&mut db, me, question.product_id)
                    .await?
                    .is_some();
            may && !store::answers::answered(&mut db, id, me).await?
        }
    };
    Ok(QuestionDetail {
        question,
        product,
        answers,
        merchant_answer,
        can_answer,
    })
}

/// A product's questions, newest first.
pub async fn of_product(
    store: &Store,
    viewer: Option<i64>,
    product: i64,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<QuestionView>> {
    let mut db = store.conn().await?;
    if store::catalog::get_product(&mut db, product)
        .await?
        .is_none()
    {
        return Err(ApiError::not_found());
    }
    let rows = store::questions::of_product(&mut db, product, after, limit).await?;
    let items = question_views(&mut db, viewer, rows).await?;
    Ok(page(items, limit, |q| q.id.to_string()))
}

/// The topic page's "问大家 (N)": the most helpful questions with their best answer.
pub async fn on_topic(db: &mut Db, viewer: Option<i64>, product: i64) -> ApiResult<TopicQuestions> {
    let (rows, count) = store::questions::top_of_product(db, product, rules::ON_TOPIC).await?;
    Ok(TopicQuestions {
        count,
        top: question_views(db, viewer, rows).await?,
    })
}

/// Questions waiting for my answer (for the circle): sent to me, or a friend's
/// unanswered question about something I bought, in the last 14 days.
pub async fn for_me(store: &Store, now: Millis, me: i64) -> ApiResult<Vec<QuestionForMe>> {
    let mut db = store.conn().await?;
    let rows = store::questions::for_me(&mut db, me, now - rules::OPEN_FOR, 5).await?;
    let askers: Vec<i64> = rows.iter().map(|q| q.asker_id).collect();
    let friends = store::social::friends_among(&mut db, me, &askers).await?;
    let products: Vec<i64> = rows.iter().map(|q| q.product_id).collect();
    let by_id: HashMap<i64, _> = store::catalog::products_by_ids(&mut db, &products)
        .await?
        .into_iter()
        .map(|p| (p.id, views::product(p)))
        .collect();
    let questions = question_views(&mut db, Some(me), rows).await?;
    Ok(questions
        .into_iter()
        .filter_map(|question| {
            Some(QuestionForMe {
                product: by_id.get(&question.product_id)?.clone(),
                from_friend: friends.contains(&question.asker.id),
                question,
            })
        })
        .collect())
}

/// Whether questions are sent to me.
pub async fn settings(store: &Store, me: i64) -> ApiResult<QuestionSettings> {
    let off = store::questions::off(&mut *store.conn().await?, me).await?;
    Ok(QuestionSettings { receive: !off })
}

pub async fn set_settings(
    store: &Store,
    me: i64,
    s: QuestionSettings,
) -> ApiResult<QuestionSettings> {
    let mut tx = store.begin().await?;
    store::questions::set_off(&mut tx, me, !s.receive).await?;
    tx.commit().await?;
    Ok(s)
}
