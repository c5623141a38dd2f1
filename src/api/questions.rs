//! 问大家: questions, answers, helpful marks, the questions waiting for me, my setting.

use super::{call_for, encode, get, post, put, ApiError, Method};
use circle_api::{
    AnswerCreate, AnswerView, HelpfulState, Page, QuestionCreate, QuestionDetail, QuestionForMe,
    QuestionSettings, QuestionView, ReportCreate, ReportReason, ReportView,
};

pub async fn ask(product: i64, text: String) -> Result<QuestionView, ApiError> {
    post(
        &format!("/api/v1/products/{product}/questions"),
        &QuestionCreate { text },
    )
    .await
}

pub async fn of_product(product: i64, after: Option<&str>) -> Result<Page<QuestionView>, ApiError> {
    let mut path = format!("/api/v1/products/{product}/questions");
    if let Some(after) = after {
        path.push_str(&format!("?after={}", encode(after)));
    }
    get(&path).await
}

pub async fn detail(id: i64) -> Result<QuestionDetail, ApiError> {
    get(&format!("/api/v1/questions/{id}")).await
}

pub async fn answer(question: i64, text: String) -> Result<AnswerView, ApiError> {
    post(
        &format!("/api/v1/questions/{question}/answers"),
        &AnswerCreate { text },
    )
    .await
}

pub async fn set_helpful(answer: i64, helpful: bool) -> Result<HelpfulState, ApiError> {
    call_for(
        if helpful { Method::Put } else { Method::Delete },
        &format!("/api/v1/answers/{answer}/helpful"),
    )
    .await
}

pub async fn waiting() -> Result<Vec<QuestionForMe>, ApiError> {
    get("/api/v1/questions/waiting").await
}

pub async fn settings() -> Result<QuestionSettings, ApiError> {
    get("/api/v1/me/question-settings").await
}

pub async fn set_settings(receive: bool) -> Result<QuestionSettings, ApiError> {
    put(
        "/api/v1/me/question-settings",
        &QuestionSettings { receive },
    )
    .await
}

/// Reports a question (`answer` false) or an answer as spam.
pub async fn report(id: i64, answer: bool) -> Result<ReportView, ApiError> {
    let kind = if answer { "answers" } else { "questions" };
    let body = ReportCreate {
        reason: ReportReason::Spam,
        note: String::new(),
    };
    post(&format!("/api/v1/{kind}/{id}/report"), &body).await
}
