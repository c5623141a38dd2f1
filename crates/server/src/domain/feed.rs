//! The feed's rules: how a share ranks, and how a run of timeline rows becomes a page
//! of cards (several friends' shares of one product within 72 h collapse into one card;
//! at most 2 cards per author in a page of 20). Pure functions over plain rows.

pub use super::likes::{
    like_boost, like_counts, rank_with_likes, LIKE_BOOST, LIKE_BOOST_MAX_LIKES,
    LIKE_MIN_ACCOUNT_AGE,
};
use crate::clock::Millis;

pub const PAGE_CARDS: usize = 20;
pub const CARDS_PER_AUTHOR: usize = 2;
pub const COLLAPSE_WINDOW: Millis = 72 * 3600 * 1000;
/// How many timeline rows one page reads at most (collapsing and the author cap use some).
pub const ROWS_PER_PAGE: i64 = 60;
/// How many of a page's rows have their shares' versions read with them: the page's
/// cards plus room for ten rows collapsed or deferred before its last card. A card led
/// by a row beyond them costs one more statement; reading all `ROWS_PER_PAGE` made a
/// page never shown before cost 60 share lookups instead of 20.
pub const LEAD_ROWS: i64 = PAGE_CARDS as i64 + 10;

/// A verified purchase ranks as if posted two hours later.
pub const VERIFIED_BOOST: Millis = 2 * 3600 * 1000;
pub const VIA_OWN: i64 = 0;
pub const VIA_FRIEND: i64 = 1;
pub const VIA_FOLLOW: i64 = 2;
pub const VIA_TOPIC: i64 = 3;

/// A share reaching at most this many readers is fanned out with the share itself, and
/// its rows' rank rewritten with it; a 达人's larger fan-out, rank rewrite or purge is
/// done in the background, `FAN_OUT_BATCH` rows a transaction (a few milliseconds), so
/// no request and no other writer waits for a million rows.
pub const INLINE_FAN_OUT: i64 = 1000;
pub const FAN_OUT_BATCH: i64 = 2000;

pub fn rank(created_at: Millis, verified_purchase: bool) -> Millis {
    created_at + if verified_purchase { VERIFIED_BOOST } else { 0 }
}

/// One row of a reader's timeline, newest (highest rank) first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub share_id: i64,
    pub author_id: i64,
    pub product_id: i64,
    pub via: i64,
    pub rank: i64,
    pub created_at: Millis,
}

/// A card: the share shown, and other friends' shares of the same product folded in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub lead: Row,
    pub also: Vec<Row>,
}

/// Builds up to `PAGE_CARDS` cards from `rows` (in rank order). Returns the cards, how
/// many rows were used, and the rows an author's cap held back (they were used too: the
/// caller carries them to the next page).
pub fn compose(rows: &[Row]) -> (Vec<Card>, usize, Vec<Row>) {
    let mut cards: Vec<Card> = Vec::new();
    let mut held = Vec::new();
    let mut used = 0;
    for row in rows {
        let collapses_into = (row.via == VIA_FRIEND)
            .then(|| {
                cards.iter_mut().find(|c| {
                    c.lead.via == VIA_FRIEND
                        && c.lead.product_id == row.product_id
                        && c.lead.created_at - row.created_at <= COLLAPSE_WINDOW
                        && c.lead.author_id != row.author_id
                })
            })
            .flatten();
        if let Some(card) = collapses_into {
            if !card.also.iter().any(|r| r.author_id == row.author_id) {
                card.also.push(*row);
            }
            used += 1;
            continue;
        }
        if cards.len() == PAGE_CARDS {
            break;
        }
        let authors_cards = cards
            .iter()
            .filter(|c| c.lead.author_id == row.author_id)
            .count();
        if authors_cards >= CARDS_PER_AUTHOR {
            held.push(*row);
            used += 1;
            continue;
        }
        cards.push(Card {
            lead: *row,
            also: Vec::new(),
        });
        used += 1;
    }
    (cards, used, held)
}

/// At most this many held-back shares ride along in a cursor; beyond that a very
/// prolific run of one author is passed over (it stays on the profile and topic pages).
pub const DEFERRED_MAX: usize = 40;

/// Where the next page starts: after a timeline position, with the shares the author cap
/// held back, which come first on the next page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    pub after: Option<(i64, i64)>,
    pub deferred: Vec<i64>,
}

impl Cursor {
    /// `rank:share` or `rank:share:held1.held2…`.
    pub fn parse(s: &str) -> Option<Cursor> {
        let mut parts = s.split(':');
        let rank = parts.next()?.parse().ok()?;
        let share = parts.next()?.parse().ok()?;
        let deferred = match parts.next() {
            None => Vec::new(),
            Some(list) => list
                .split('.')
                .map(|id| id.parse().ok())
                .collect::<Option<Vec<i64>>>()?,
        };
        if parts.next().is_some() || deferred.len() > DEFERRED_MAX {
            return None;
        }
        Some(Cursor {
            after: Some((rank, share)),
            deferred,
        })
    }

    pub fn encode(&self) -> String {
        let (rank, share) = self.after.unwrap_or((i64::MAX, i64::MAX));
        let mut s = format!("{rank}:{share}");
        if !self.deferred.is_empty() {
            let ids: Vec<String> = self.deferred.iter().map(i64::to_string).collect();
            s.push(':');
            s.push_str(&ids.join("."));
        }
        s
    }
}

/// One page: the rows the previous page held back (`deferred`, in rank order) come
/// first, then `fresh` rows read after `cursor.after`. `fresh_exhausted`: the timeline
/// has no rows beyond `fresh`. Returns the cards and the next cursor (`None` at the end).
pub fn page(
    deferred: &[Row],
    fresh: &[Row],
    cursor: &Cursor,
    fresh_exhausted: bool,
) -> (Vec<Card>, Option<Cursor>) {
    let combined: Vec<Row> = deferred.iter().chain(fresh).copied().collect();
    let (cards, used, held) = compose(&combined);
    let mut carry: Vec<Row> = held;
    carry.extend(
        combined[used.min(deferred.len())..deferred.len()]
            .iter()
            .copied(),
    );
    carry.sort_by_key(|r| std::cmp::Reverse((r.rank, r.share_id)));
    carry.truncate(DEFERRED_MAX);
    let after = match used.checked_sub(deferred.len()) {
        Some(n) if n > 0 => fresh.get(n - 1).map(|r| (r.rank, r.share_id)),
        _ => cursor.after,
    };
    let all_fresh_used = used >= combined.len();
    let next = if fresh_exhausted && all_fresh_used && carry.is_empty() {
        None
    } else {
        Some(Cursor {
            after,
            deferred: carry.iter().map(|r| r.share_id).collect(),
        })
    };
    (cards, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Millis = 3600 * 1000;

    fn row(share_id: i64, author_id: i64, product_id: i64, via: i64, hours_ago: i64) -> Row {
        let created_at = 1_000 * H - hours_ago * H;
        Row {
            share_id,
            author_id,
            product_id,
            via,
            rank: created_at,
            created_at,
        }
    }

    #[test]
    fn friends_shares_of_one_product_within_72_hours_collapse() {
        let rows = [
            row(10, 1, 7, VIA_FRIEND, 1),
            row(9, 2, 7, VIA_FRIEND, 5),
            row(8, 3, 8, VIA_FRIEND, 6),
            row(7, 4, 7, VIA_FRIEND, 70),
            row(6, 5, 7, VIA_FRIEND, 80),
        ];
        let (cards, used, _) = compose(&rows);
        assert_eq!(used, 5);
        assert_eq!(cards.len(), 3);
        assert_eq!(cards[0].lead.share_id, 10);
        assert_eq!(
            cards[0].also.iter().map(|r| r.share_id).collect::<Vec<_>>(),
            [9, 7]
        );
        assert_eq!(cards[1].lead.share_id, 8);
        assert_eq!(
            cards[2].lead.share_id, 6,
            "79 hours after the lead is outside the window"
        );
    }

    #[test]
    fn the_72_hour_window_is_inclusive_to_the_millisecond() {
        let lead = row(10, 1, 7, VIA_FRIEND, 0);
        let at_edge = Row {
            share_id: 9,
            author_id: 2,
            created_at: lead.created_at - COLLAPSE_WINDOW,
            rank: lead.created_at - COLLAPSE_WINDOW,
            ..lead
        };
        let past_edge = Row {
            share_id: 8,
            author_id: 3,
            created_at: lead.created_at - COLLAPSE_WINDOW - 1,
            rank: lead.created_at - COLLAPSE_WINDOW - 1,
            ..lead
        };
        let (cards, _, _) = compose(&[lead, at_edge, past_edge]);
        assert_eq!(cards.len(), 2, "exactly 72 h folds in; 1 ms more does not");
        assert_eq!(
            cards[0].also.iter().map(|r| r.share_id).collect::<Vec<_>>(),
            [9]
        );
        assert_eq!(cards[1].lead.share_id, 8);
    }

    #[test]
    fn followed_and_own_shares_do_not_collapse() {
        let rows = [
            row(3, 1, 7, VIA_FOLLOW, 1),
            row(2, 2, 7, VIA_FOLLOW, 2),
            row(1, 9, 7, VIA_OWN, 3),
        ];
        let (cards, _, _) = compose(&rows);
        assert_eq!(cards.len(), 3);
    }

    #[test]
    fn an_author_gets_at_most_two_cards_per_page() {
        let rows: Vec<Row> = (0..6)
            .map(|i| row(100 - i, 1, i, VIA_FOLLOW, i))
            .chain([row(50, 2, 99, VIA_FOLLOW, 10)])
            .collect();
        let (cards, used, _) = compose(&rows);
        assert_eq!(cards.iter().filter(|c| c.lead.author_id == 1).count(), 2);
        assert_eq!(cards.len(), 3);
        assert_eq!(used, 7);
    }

    #[test]
    fn a_page_holds_twenty_cards_and_stops_before_the_next_row() {
        let rows: Vec<Row> = (0..30)
            .map(|i| row(1000 - i, i, i, VIA_FOLLOW, i))
            .collect();
        let (cards, used, _) = compose(&rows);
        assert_eq!(cards.len(), PAGE_CARDS);
        assert_eq!(used, PAGE_CARDS);
        let (rest, used_rest, _) = compose(&rows[used..]);
        assert_eq!(rest.len(), 10);
        assert_eq!(used_rest, 10);
    }

    /// Pages through a whole timeline as the handler does.
    fn all_pages(timeline: &[Row], rows_per_read: usize) -> Vec<Vec<i64>> {
        let mut cursor = Cursor::default();
        let mut pages = Vec::new();
        for _ in 0..100 {
            let start = match cursor.after {
                None => 0,
                Some(pos) => timeline
                    .iter()
                    .position(|r| (r.rank, r.share_id) < pos)
                    .unwrap_or(timeline.len()),
            };
            let fresh: Vec<Row> = timeline[start..]
                .iter()
                .take(rows_per_read)
                .copied()
                .collect();
            let deferred: Vec<Row> = timeline
                .iter()
                .filter(|r| cursor.deferred.contains(&r.share_id))
                .copied()
                .collect();
            let exhausted = fresh.len() < rows_per_read;
            let (cards, next) = page(&deferred, &fresh, &cursor, exhausted);
            pages.push(cards.iter().map(|c| c.lead.share_id).collect());
            match next {
                None => return pages,
                Some(next) => {
                    cursor = Cursor::parse(&next.encode()).unwrap();
                }
            }
        }
        panic!("paging did not end");
    }

    #[test]
    fn shares_past_the_author_cap_come_on_the_next_pages() {
        // One author's 7 shares in a row, then 30 other authors' shares.
        let timeline: Vec<Row> = (0..7)
            .map(|i| row(1000 - i, 1, i, VIA_FOLLOW, i))
            .chain((0..30).map(|i| row(900 - i, 10 + i, 100 + i, VIA_FOLLOW, 10 + i)))
            .collect();
        let pages = all_pages(&timeline, 60);
        let shown: Vec<i64> = pages.iter().flatten().copied().collect();
        let mut sorted = shown.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), shown.len(), "no share twice");
        assert_eq!(shown.len(), timeline.len(), "every share once: {pages:?}");
        for p in &pages {
            let by_author_1 = p.iter().filter(|id| **id > 990).count();
            assert!(by_author_1 <= CARDS_PER_AUTHOR, "{p:?}");
            assert!(p.len() <= PAGE_CARDS);
        }
        assert_eq!(pages[0][..2], [1000, 999]);
        assert_eq!(
            pages[1][..2],
            [998, 997],
            "held-back shares lead the next page"
        );
    }

    #[test]
    fn small_reads_still_reach_every_share() {
        let timeline: Vec<Row> = (0..25)
            .map(|i| row(1000 - i, i % 3, i, VIA_FOLLOW, i))
            .collect();
        let shown: usize = all_pages(&timeline, 7).iter().map(Vec::len).sum();
        assert_eq!(shown, 25);
    }

    #[test]
    fn cursors_round_trip_and_bad_ones_are_refused() {
        let c = Cursor {
            after: Some((5, 9)),
            deferred: vec![3, 2],
        };
        assert_eq!(c.encode(), "5:9:3.2");
        assert_eq!(Cursor::parse("5:9:3.2"), Some(c));
        assert_eq!(Cursor::parse("5:9").map(|c| c.deferred.len()), Some(0));
        for bad in ["", "5", "x:9", "5:9:", "5:9:a", "5:9:1:2"] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
        let many = (0..=DEFERRED_MAX)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(".");
        assert_eq!(Cursor::parse(&format!("1:1:{many}")), None);
    }

    #[test]
    fn verified_purchases_rank_higher() {
        assert_eq!(rank(1_000, true) - rank(1_000, false), VERIFIED_BOOST);
    }
}
