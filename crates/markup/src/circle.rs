//! The circle page (`/`) around its cards: the heading, "等你回答", refresh, and load
//! more or the end. The server renders the first page with these; the app renders
//! each piece from the same function (`Markup`), so the two cannot drift apart.

use super::escape;
use super::feed::{card, slot, CardLabels, CardState};
use circle_api::{FeedCard, QuestionForMe};
use std::fmt::Write;

/// The words of the circle page, in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CircleLabels<'a> {
    pub title: &'a str,
    pub refresh: &'a str,
    pub loading: &'a str,
    pub load_more: &'a str,
    pub feed_end: &'a str,
    /// "等你回答", and the pieces of an invitation to answer.
    pub for_you: &'a str,
    pub friend: &'a str,
    pub about: &'a str,
    pub ask_mark: &'a str,
    pub go_answer: &'a str,
}

/// The Chinese words, which the server renders (the app's default locale; the app's
/// tests hold them equal to its own string table).
pub const CIRCLE_ZH: CircleLabels<'static> = CircleLabels {
    title: "购物圈",
    refresh: "刷新",
    loading: "加载中…",
    load_more: "加载更多",
    feed_end: "没有更多了",
    for_you: "等你回答",
    friend: "好友",
    about: "关于",
    ask_mark: "问",
    go_answer: "去回答",
};

/// The Chinese words of a card.
pub const CARD_ZH: CardLabels<'static> = CardLabels {
    verified: "已购",
    ad: "广告",
    like: "赞",
    comment: "评论",
    share_out: "分享",
    friends_also_bought: "位好友也买了",
    buyer_likes: "位买家点赞",
    report: "举报",
    report_spam: "垃圾广告",
    report_fake: "虚假评价",
    report_abuse: "辱骂骚扰",
    edit: "编辑",
    delete: "删除",
    save: "保存",
    cancel: "取消",
};

/// The page's heading with the reader's name.
pub fn head(l: &CircleLabels<'_>, name: &str) -> String {
    format!(
        "<header class=\"page-head\"><h1>{}</h1><span class=\"page-sub\">{}</span></header>",
        escape(l.title),
        escape(name)
    )
}

/// "等你回答": questions sent to me and friends' open questions about what I bought
/// (nothing when there are none).
pub fn waiting(l: &CircleLabels<'_>, list: &[QuestionForMe]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut h = format!(
        "<section class=\"qa-waiting\" aria-label=\"{}\">",
        escape(l.for_you)
    );
    for w in list {
        h.push_str("<article class=\"card qa-invite\"><p class=\"qa-invite-who small\">");
        if w.from_friend {
            let _ = write!(
                h,
                "<span class=\"badge verified\">{}</span> ",
                escape(l.friend)
            );
        }
        let _ = write!(
            h,
            "<b>{}</b> · {} {}</p><p class=\"qa-item-question\">\
             <span class=\"qa-mark\" aria-hidden=\"true\">{}</span><span>{}</span></p>\
             <a href=\"/q/{}\" class=\"btn btn-primary btn-small\">{}</a></article>",
            escape(&w.question.asker.display_name),
            escape(l.about),
            escape(&w.product.title),
            escape(l.ask_mark),
            escape(&w.question.text),
            w.question.id,
            escape(l.go_answer)
        );
    }
    h.push_str("</section>");
    h
}

/// The refresh button above the cards.
pub fn refresh(l: &CircleLabels<'_>, loading: bool) -> String {
    format!(
        "<button type=\"button\" class=\"refresh\" data-act=\"refresh\"{}>{}</button>",
        if loading { " disabled" } else { "" },
        escape(if loading { l.loading } else { l.refresh })
    )
}

/// Below the cards: "load more" while there is a next page, the end once all are read.
pub fn more(l: &CircleLabels<'_>, has_next: bool, loading: bool, at_end: bool) -> String {
    if has_next {
        format!(
            "<button type=\"button\" class=\"btn btn-secondary btn-block\" data-act=\"more\"{}>{}</button>",
            if loading { " disabled" } else { "" },
            escape(l.load_more)
        )
    } else if at_end {
        format!("<p class=\"fineprint\">{}</p>", escape(l.feed_end))
    } else {
        String::new()
    }
}

/// The first page of the circle as the app renders it once its data is in: the
/// server's rendering for `/`. `now` (milliseconds) decides which of my shares can
/// still be edited.
pub fn page(
    l: &CircleLabels<'_>,
    cl: &CardLabels<'_>,
    name: &str,
    waiting_list: &[QuestionForMe],
    cards: &[FeedCard],
    has_next: bool,
    now: i64,
) -> String {
    let mut h = slot(&head(l, name));
    h.push_str(&slot(&waiting(l, waiting_list)));
    h.push_str(&slot(&refresh(l, false)));
    for c in cards {
        h.push_str(&card(&CardState::new(&c.share, &c.also, true, now), cl));
    }
    h.push_str(&slot(&more(l, has_next, false, !cards.is_empty())));
    h
}
