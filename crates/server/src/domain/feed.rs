//! The feed's rules: how a share ranks, and how a run of timeline rows becomes a page
//! of cards (several friends' shares of one product within 72 h collapse into one card;
//! at most 2 cards per author in a page of 20). Pure functions over plain rows.

use crate::clock::Millis;

pub const PAGE_CARDS: usize = 20;
pub const CARDS_PER_AUTHOR: usize = 2;
pub const COLLAPSE_WINDOW: Millis = 72 * 3600 * 1000;
/// How many timeline rows one page reads at most (collapsing and the author cap use some).
pub const ROWS_PER_PAGE: i64 = 60;

/// A verified purchase ranks as if posted two hours later.
pub const VERIFIED_BOOST: Millis = 2 * 3600 * 1000;
/// Each counted like lifts a share by ten minutes, for its first twelve likes.
pub const LIKE_BOOST: Millis = 10 * 60 * 1000;
pub const LIKE_BOOST_MAX_LIKES: i64 = 12;

/// Why a reader sees a row.
pub const VIA_OWN: i64 = 0;
pub const VIA_FRIEND: i64 = 1;
pub const VIA_FOLLOW: i64 = 2;
pub const VIA_TOPIC: i64 = 3;

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

/// Builds up to `PAGE_CARDS` cards from `rows` (in rank order). Returns the cards and how
/// many rows were used; the next page starts after the last used row. Rows past an
/// author's cap are passed over (they stay on the author's profile and product page).
pub fn compose(rows: &[Row]) -> (Vec<Card>, usize) {
    let mut cards: Vec<Card> = Vec::new();
    let mut used = 0;
    for row in rows {
        let collapses_into = (row.via == VIA_FRIEND)
            .then(|| {
                cards.iter_mut().find(|c| {
                    c.lead.via == VIA_FRIEND
                        && c.lead.product_id == row.product_id
                        && (c.lead.created_at - row.created_at).abs() <= COLLAPSE_WINDOW
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
        let authors_cards = cards
            .iter()
            .filter(|c| c.lead.author_id == row.author_id)
            .count();
        if authors_cards >= CARDS_PER_AUTHOR {
            used += 1;
            continue;
        }
        if cards.len() == PAGE_CARDS {
            break;
        }
        cards.push(Card {
            lead: *row,
            also: Vec::new(),
        });
        used += 1;
    }
    (cards, used)
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
        let (cards, used) = compose(&rows);
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
    fn followed_and_own_shares_do_not_collapse() {
        let rows = [
            row(3, 1, 7, VIA_FOLLOW, 1),
            row(2, 2, 7, VIA_FOLLOW, 2),
            row(1, 9, 7, VIA_OWN, 3),
        ];
        let (cards, _) = compose(&rows);
        assert_eq!(cards.len(), 3);
    }

    #[test]
    fn an_author_gets_at_most_two_cards_per_page() {
        let rows: Vec<Row> = (0..6)
            .map(|i| row(100 - i, 1, i, VIA_FOLLOW, i))
            .chain([row(50, 2, 99, VIA_FOLLOW, 10)])
            .collect();
        let (cards, used) = compose(&rows);
        assert_eq!(cards.iter().filter(|c| c.lead.author_id == 1).count(), 2);
        assert_eq!(cards.len(), 3);
        assert_eq!(used, 7);
    }

    #[test]
    fn a_page_holds_twenty_cards_and_stops_before_the_next_row() {
        let rows: Vec<Row> = (0..30)
            .map(|i| row(1000 - i, i, i, VIA_FOLLOW, i))
            .collect();
        let (cards, used) = compose(&rows);
        assert_eq!(cards.len(), PAGE_CARDS);
        assert_eq!(used, PAGE_CARDS);
        let (rest, used_rest) = compose(&rows[used..]);
        assert_eq!(rest.len(), 10);
        assert_eq!(used_rest, 10);
    }

    #[test]
    fn verified_purchases_rank_higher() {
        assert_eq!(rank(1_000, true) - rank(1_000, false), VERIFIED_BOOST);
    }
}
