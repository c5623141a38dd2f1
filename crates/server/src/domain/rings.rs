//! Like rings: groups of accounts that mostly like each other's shares within a short
//! window (bought likes, or a merchant's helpers). Pure: the store feeds it the recent
//! counted likes as (liker, author) pairs.

use crate::clock::{Millis, DAY};
use std::collections::{HashMap, HashSet};

/// The window the job looks at.
pub const RING_WINDOW: Millis = 7 * DAY;
/// Below this many likes given in the window an account is not judged.
pub const RING_MIN_LIKES: usize = 5;
/// The share of an account's likes that go to people who like it back.
pub const RING_MIN_PERCENT: usize = 80;
/// A pair of friends liking each other is not a ring: it takes at least this many
/// reciprocal partners.
pub const RING_MIN_PARTNERS: usize = 2;

/// The accounts in like rings, given (liker, author) pairs of recent counted likes.
pub fn ring_members(likes: &[(i64, i64)]) -> HashSet<i64> {
    let mut given: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut pairs: HashSet<(i64, i64)> = HashSet::new();
    for &(liker, author) in likes {
        if liker != author {
            given.entry(liker).or_default().push(author);
            pairs.insert((liker, author));
        }
    }
    given
        .iter()
        .filter(|(liker, authors)| {
            if authors.len() < RING_MIN_LIKES {
                return false;
            }
            let reciprocal = |a: &i64| pairs.contains(&(*a, **liker));
            let back = authors.iter().filter(|a| reciprocal(a)).count();
            let partners: HashSet<&i64> = authors.iter().filter(|a| reciprocal(a)).collect();
            back * 100 >= authors.len() * RING_MIN_PERCENT && partners.len() >= RING_MIN_PARTNERS
        })
        .map(|(liker, _)| *liker)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_liking_each_other_is_a_ring_and_honest_fans_are_not() {
        let mut likes = Vec::new();
        // Four accounts, each liking the other three's shares twice.
        for a in 1..=4 {
            for b in 1..=4 {
                if a != b {
                    likes.push((a, b));
                    likes.push((a, b));
                }
            }
        }
        // Honest fans like a 达人 who never likes them back; the 达人 likes two friends
        // who like back, and plenty of others who do not.
        for fan in 10..20 {
            for _ in 0..5 {
                likes.push((fan, 100));
            }
        }
        for other in [10, 11, 30, 31, 32, 33, 34, 35] {
            likes.push((100, other));
        }
        let ring = ring_members(&likes);
        assert_eq!(ring, (1..=4).collect());
    }

    /// Account 1 gives `to_partners` likes to partners 2 and 3 (who like 1 back) and
    /// `to_others` to account 9, who does not.
    fn one_liker(to_partners: usize, to_others: usize, partners: &[i64]) -> Vec<(i64, i64)> {
        let mut likes: Vec<(i64, i64)> = partners.iter().map(|p| (*p, 1)).collect();
        likes.extend((0..to_partners).map(|i| (1, partners[i % partners.len()])));
        likes.extend((0..to_others).map(|_| (1, 9)));
        likes
    }

    #[test]
    fn each_threshold_holds_at_its_edge() {
        // 5 likes, 4 of them (80 %) to 2 partners: a ring member.
        assert!(ring_members(&one_liker(4, 1, &[2, 3])).contains(&1));
        // 4 likes, all to partners: too few to judge.
        assert!(!ring_members(&one_liker(4, 0, &[2, 3])).contains(&1));
        // 10 likes, 7 (70 %) to partners: below 80 %.
        assert!(!ring_members(&one_liker(7, 3, &[2, 3])).contains(&1));
        // 10 likes, 8 (80 %) to partners: exactly the threshold.
        assert!(ring_members(&one_liker(8, 2, &[2, 3])).contains(&1));
        // 5 likes, all to one partner who likes back: one partner is a friendship.
        assert!(!ring_members(&one_liker(5, 0, &[2])).contains(&1));
    }

    #[test]
    fn two_friends_liking_each_other_are_not_a_ring() {
        let likes: Vec<(i64, i64)> = (0..10).flat_map(|_| [(1, 2), (2, 1)]).collect();
        assert!(ring_members(&likes).is_empty());
    }
}
