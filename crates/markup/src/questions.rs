//! The one source of a question page's markup (`/q/{id}`, 问大家): the server renders it
//! into the public link's HTML and the app renders the same strings when it takes over.

use super::{escape, initial};
use circle_api::{AnswerView, ProductView, QuestionView, Yuan};
use std::fmt::Write;

/// The words of a question page, in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct QaLabels<'a> {
    pub brand: &'a str,
    /// The mark before a question: 问 / Q.
    pub ask_mark: &'a str,
    /// After the answer count: "个回答" / "answers".
    pub answers: &'a str,
    pub bought: &'a str,
    pub merchant: &'a str,
    /// "买了 {} 天" and so on: `{}` is the number.
    pub bought_days: &'a str,
    pub bought_months: &'a str,
    pub bought_years: &'a str,
    pub bought_today: &'a str,
}

pub const QA_ZH: QaLabels<'static> = QaLabels {
    brand: "购物圈 · 问大家",
    ask_mark: "问",
    answers: "个回答",
    bought: "已购",
    merchant: "商家",
    bought_days: "买了 {} 天",
    bought_months: "买了 {} 个月",
    bought_years: "买了 {} 年",
    bought_today: "今天刚买",
};

/// How long ago an answer's author bought it ("买了 3 个月"), at `now` (milliseconds).
pub fn bought_since(l: &QaLabels<'_>, bought_at: i64, now: i64) -> String {
    let days = (now - bought_at).max(0) / circle_api::DAY_MS;
    let (format, n) = match days {
        0 => return l.bought_today.to_owned(),
        1..=29 => (l.bought_days, days),
        30..=364 => (l.bought_months, days / 30),
        _ => (l.bought_years, days / 365),
    };
    format.replacen("{}", &n.to_string(), 1)
}

/// The product (a link to its topic), the question, who asked and how many answered.
pub fn question_head(q: &QuestionView, p: &ProductView, l: &QaLabels<'_>) -> String {
    let mut h = String::new();
    let _ = write!(h, "<div class=\"landing-brand\">{}</div>", escape(l.brand));
    let _ = write!(
        h,
        "<article class=\"card qa-head\"><a class=\"qa-product\" href=\"/p/{}\">",
        p.id
    );
    if let Some(img) = &p.image_url {
        let _ = write!(
            h,
            "<img class=\"qa-product-img\" src=\"{}\" alt=\"\" width=\"56\" height=\"56\">",
            escape(img)
        );
    }
    let _ = write!(
        h,
        "<span class=\"qa-product-title\">{}</span><span class=\"price\">{}</span></a>",
        escape(&p.title),
        Yuan(p.price_cents)
    );
    let _ = write!(
        h,
        "<h1 class=\"qa-question\"><span class=\"qa-mark\" aria-hidden=\"true\">{}</span>{}</h1>\
         <p class=\"qa-meta muted\">{} · {} {}</p></article>",
        escape(l.ask_mark),
        escape(&q.text),
        escape(&q.asker.display_name),
        q.answer_count,
        escape(l.answers)
    );
    h
}

/// One answer: who, 已购 or 商家, how long ago they bought (`since`), and what they said.
pub fn answer_body(a: &AnswerView, l: &QaLabels<'_>, since: Option<&str>) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<div class=\"qa-answer-head\"><span class=\"avatar tiny\" aria-hidden=\"true\">{}</span>\
         <span class=\"qa-author\">{}</span>",
        escape(&initial(&a.author.display_name)),
        escape(&a.author.display_name)
    );
    if a.by_merchant {
        let _ = write!(
            h,
            "<span class=\"badge merchant\">{}</span>",
            escape(l.merchant)
        );
    } else if a.verified_purchase {
        let _ = write!(
            h,
            "<span class=\"badge verified\">{}</span>",
            escape(l.bought)
        );
    }
    if let Some(since) = since {
        let _ = write!(h, "<span class=\"qa-since\">{}</span>", escape(since));
    }
    let _ = write!(
        h,
        "</div><p class=\"qa-answer-text\">{}</p>",
        escape(&a.text)
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use circle_api::Person;

    fn person(name: &str) -> Person {
        Person {
            id: 1,
            handle: "h".into(),
            display_name: name.into(),
            relation: None,
        }
    }

    #[test]
    fn an_answer_shows_its_badge_and_escapes_what_people_wrote() {
        let a = AnswerView {
            id: 1,
            question_id: 1,
            author: person("<b>林</b>"),
            by_merchant: false,
            verified_purchase: true,
            bought_at: Some(0),
            text: "好用 <script>".into(),
            helpful_count: 0,
            helpful_by_me: false,
            mine: false,
            created_at: 0,
        };
        let h = answer_body(&a, &QA_ZH, Some("买了 3 个月"));
        assert!(
            h.contains("<span class=\"badge verified\">已购</span>"),
            "{h}"
        );
        assert!(
            h.contains("买了 3 个月") && h.contains("好用 &lt;script&gt;"),
            "{h}"
        );
        assert!(!h.contains("<b>"), "{h}");
        let day = circle_api::DAY_MS;
        assert_eq!(bought_since(&QA_ZH, 0, day / 2), "今天刚买");
        assert_eq!(bought_since(&QA_ZH, 0, 3 * day), "买了 3 天");
        assert_eq!(bought_since(&QA_ZH, 0, 95 * day), "买了 3 个月");
        assert_eq!(bought_since(&QA_ZH, 0, 800 * day), "买了 2 年");
        let m = AnswerView {
            by_merchant: true,
            verified_purchase: false,
            ..a
        };
        assert!(answer_body(&m, &QA_ZH, None).contains("badge merchant"));
    }
}
