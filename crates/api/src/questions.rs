//! 问大家: questions to the people who bought a product, and their answers.

use crate::{Person, ProductView};
use serde::{Deserialize, Serialize};

pub const QUESTION_TEXT_MAX: usize = 200;
pub const ANSWER_TEXT_MAX: usize = 300;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionCreate {
    /// 1–200 characters.
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerCreate {
    /// 1–300 characters.
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerView {
    pub id: i64,
    pub question_id: i64,
    pub author: Person,
    /// 商家: the product's merchant answering (shown apart from the buyers).
    pub by_merchant: bool,
    /// 已购: the author has a delivered, unrefunded order of the product now.
    pub verified_purchase: bool,
    /// When the author bought it (their first delivered, unrefunded order): "买了 3 个月".
    pub bought_at: Option<i64>,
    pub text: String,
    /// Helpful marks that count (from accounts whose likes count).
    pub helpful_count: i64,
    pub helpful_by_me: bool,
    pub mine: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionView {
    pub id: i64,
    pub product_id: i64,
    pub asker: Person,
    pub text: String,
    /// Visible answers, the merchant's included.
    pub answer_count: i64,
    pub created_at: i64,
    pub mine: bool,
    /// The most helpful visible answer of a buyer (the merchant's when no buyer answered).
    pub best_answer: Option<AnswerView>,
}

/// `GET /api/v1/questions/{id}`: a question with its answers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionDetail {
    pub question: QuestionView,
    pub product: ProductView,
    /// Buyers' answers, most helpful first (the first 50).
    pub answers: Vec<AnswerView>,
    /// The merchant's answer, shown apart.
    pub merchant_answer: Option<AnswerView>,
    /// I may answer: I have a delivered, unrefunded order of it (or sell it) and have not
    /// answered yet.
    pub can_answer: bool,
}

/// The topic page's "问大家 (N)": the most helpful questions with their best answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicQuestions {
    pub count: i64,
    pub top: Vec<QuestionView>,
}

/// A question waiting for my answer: sent to me, or a friend's unanswered question
/// about something I bought.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionForMe {
    pub question: QuestionView,
    pub product: ProductView,
    /// The asker is my friend.
    pub from_friend: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpfulState {
    pub helpful: bool,
    pub helpful_count: i64,
}

/// 我的: whether shoppers' questions about what I bought are sent to me.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionSettings {
    pub receive: bool,
}
