//! 问大家 rules: what a question and an answer may hold, how many a person asks, and
//! how many buyers a question reaches and how many questions reach one buyer.

use super::accounts::FieldError;
use crate::clock::{Millis, DAY, SECOND};
use circle_api::{ANSWER_TEXT_MAX, QUESTION_TEXT_MAX};

/// Questions a person asks per China day, all products together.
pub const QUESTIONS_PER_DAY: i64 = 5;
/// Buyers a question is sent to: friends of the asker first, then recent buyers.
pub const ROUTED_PER_QUESTION: i64 = 5;
/// Questions one buyer is sent per China day.
pub const QUESTIONS_PER_BUYER_PER_DAY: i64 = 3;
/// How far back a new question is compared with the asker's others for near-duplicates.
pub const DUPLICATE_WINDOW: Millis = 7 * DAY;
/// How long a question waits in the circle of the people it is for.
pub const OPEN_FOR: Millis = 14 * DAY;
/// Questions shown on the topic page.
pub const ON_TOPIC: i64 = 3;
/// Buyers' answers shown with a question.
pub const ANSWERS_SHOWN: i64 = 50;

/// Asking and answering share the comment allowance's shape: bursts, not floods.
pub const ASK_PER_USER: super::limits::Limit = super::limits::Limit {
    action: "question",
    burst: 10,
    period: 60 * SECOND,
};
pub const ANSWER_PER_USER: super::limits::Limit = super::limits::Limit {
    action: "answer",
    burst: 20,
    period: 60 * SECOND,
};

pub fn check_question(text: &str) -> Result<String, FieldError> {
    super::text::check("text", text, QUESTION_TEXT_MAX, true)
}

pub fn check_answer(text: &str) -> Result<String, FieldError> {
    super::text::check("text", text, ANSWER_TEXT_MAX, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_a_text_of_at_most_200_characters() {
        assert_eq!(check_question("  好用吗？ ").unwrap(), "好用吗？");
        assert!(check_question(&"问".repeat(200)).is_ok());
        assert!(check_question(&"问".repeat(201)).is_err());
        assert!(check_question("bell\u{7}").is_err());
        assert!(check_question("   ").is_err());
        assert!(check_answer(&"答".repeat(300)).is_ok());
        assert!(check_answer(&"答".repeat(301)).is_err());
    }
}
