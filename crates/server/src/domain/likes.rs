//! Likes as a ranking signal: which likes count (not fresh accounts, not buyers-to-be,
//! not like rings) and how much a counted like lifts a share.

use super::feed::rank;
use crate::clock::Millis;

/// Each counted like lifts a share by ten minutes, for its first twelve likes.
pub const LIKE_BOOST: Millis = 10 * 60 * 1000;
pub const LIKE_BOOST_MAX_LIKES: i64 = 12;
/// A like counts for ranking only from an account at least this old (and with a
/// delivered order): fresh accounts made to like cost nothing but count nothing.
pub const LIKE_MIN_ACCOUNT_AGE: Millis = 24 * 3600 * 1000;

/// Why a reader sees a row.
/// A like counts for ranking (and as "N 位买家点赞") only from an account at least a day
/// old, with a delivered order, that the ring scan has not flagged.
pub fn like_counts(
    now: Millis,
    account_created_at: Millis,
    in_like_ring: bool,
    has_delivered_order: bool,
) -> bool {
    now - account_created_at >= LIKE_MIN_ACCOUNT_AGE && !in_like_ring && has_delivered_order
}

/// The rank a share earns with `counted_likes` counted likes (each of the first
/// `LIKE_BOOST_MAX_LIKES` lifts it by `LIKE_BOOST`).
pub fn rank_with_likes(created_at: Millis, verified_purchase: bool, counted_likes: i64) -> Millis {
    rank(created_at, verified_purchase) + counted_likes.clamp(0, LIKE_BOOST_MAX_LIKES) * LIKE_BOOST
}

/// How a like or unlike moves the share's rank: only counted likes lift a share, and only
/// its first `LIKE_BOOST_MAX_LIKES` (`buyer_likes` is the counted total after the change).
pub fn like_boost(liked: bool, counted: bool, buyer_likes: i64) -> Option<Millis> {
    let nth = if liked { buyer_likes } else { buyer_likes + 1 };
    (counted && nth <= LIKE_BOOST_MAX_LIKES).then_some(if liked { LIKE_BOOST } else { -LIKE_BOOST })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_counted_likes_lift_and_only_the_first_twelve() {
        assert_eq!(like_boost(true, true, 1), Some(LIKE_BOOST));
        assert_eq!(
            like_boost(true, true, LIKE_BOOST_MAX_LIKES),
            Some(LIKE_BOOST)
        );
        assert_eq!(like_boost(true, true, LIKE_BOOST_MAX_LIKES + 1), None);
        assert_eq!(like_boost(true, false, 1), None);
        // An unlike takes back what its like gave: the count before it was one higher.
        assert_eq!(
            like_boost(false, true, LIKE_BOOST_MAX_LIKES - 1),
            Some(-LIKE_BOOST)
        );
        assert_eq!(like_boost(false, true, LIKE_BOOST_MAX_LIKES), None);
        assert_eq!(
            rank_with_likes(0, false, 100),
            rank(0, false) + LIKE_BOOST_MAX_LIKES * LIKE_BOOST
        );
    }

    #[test]
    fn a_like_counts_from_a_day_old_buyer_outside_rings() {
        let now = 10 * LIKE_MIN_ACCOUNT_AGE;
        assert!(like_counts(now, now - LIKE_MIN_ACCOUNT_AGE, false, true));
        assert!(!like_counts(
            now,
            now - LIKE_MIN_ACCOUNT_AGE + 1,
            false,
            true
        ));
        assert!(!like_counts(now, 0, true, true));
        assert!(!like_counts(now, 0, false, false));
    }
}
