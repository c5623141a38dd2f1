//! Share rules: what a share may hold, when it may be edited, the per-day limits'
//! calendar, share codes, and which uploads are images we accept.

use super::accounts::FieldError;
use crate::clock::{Millis, DAY};
use circle_api::{
    FieldProblem, COMMENT_TEXT_MAX, SHARE_EDIT_MINUTES, SHARE_PHOTOS_MAX, SHARE_TEXT_MAX,
};
use rand::Rng;

pub use circle_api::{china_day, china_day_start};

/// A person's shares per China day, all products together.
pub const SHARES_PER_DAY: i64 = 10;
/// A merchant's shares of its own products (ads) per China day.
pub const ADS_PER_DAY: i64 = 1;
/// How far back a new share is compared with the author's others for near-duplicates.
pub const DUPLICATE_WINDOW: Millis = 7 * DAY;
/// Texts sharing at least this percentage of their character bigrams (Jaccard) are
/// near-duplicates.
pub const DUPLICATE_MIN_PERCENT: usize = 60;

/// The character bigrams of a text, after dropping whitespace and punctuation and
/// folding case (a one-character text is its own feature).
fn bigrams(text: &str) -> std::collections::HashSet<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match chars.as_slice() {
        [] => std::collections::HashSet::new(),
        [only] => std::iter::once((*only, *only)).collect(),
        _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
    }
}

/// Whether two share texts say nearly the same thing: Jaccard similarity of their
/// bigram sets of at least 60 %. Integers only.
pub fn near_duplicate(a: &str, b: &str) -> bool {
    let (a, b) = (bigrams(a), bigrams(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let common = a.intersection(&b).count();
    let union = a.len() + b.len() - common;
    common * 100 >= union * DUPLICATE_MIN_PERCENT
}

/// Seconds from `now` until the next China midnight, for `Retry-After`.
pub fn seconds_until_next_day(now: Millis) -> u64 {
    let next = china_day_start(china_day(now) + 1);
    u64::try_from((next - now + 999) / 1000).unwrap_or(0)
}

/// An average rating in hundredths (4.67 → 467), rounded half up; none without ratings.
pub fn average_centi(sum: i64, count: i64) -> Option<i64> {
    (count > 0).then(|| (sum * 100 + count / 2) / count)
}

pub fn check_text(text: &str) -> Result<String, FieldError> {
    super::text::check("text", text, SHARE_TEXT_MAX, true)
}

pub fn check_comment(text: &str) -> Result<String, FieldError> {
    super::text::check("text", text, COMMENT_TEXT_MAX, true)
}

pub fn check_rating(rating: Option<i64>) -> Result<(), FieldError> {
    match rating {
        Some(r) if !(1..=5).contains(&r) => Err(FieldError::new(
            "rating",
            FieldProblem::BadCharacters,
            "A rating is 1 to 5 stars.",
        )),
        _ => Ok(()),
    }
}

pub fn check_photo_count(count: usize) -> Result<(), FieldError> {
    if count > SHARE_PHOTOS_MAX {
        return Err(FieldError::new(
            "photo_ids",
            FieldProblem::TooLong,
            format!("At most {SHARE_PHOTOS_MAX} photos."),
        ));
    }
    Ok(())
}

/// Until when the author may edit a share posted at `created_at`.
pub fn editable_until(created_at: Millis) -> Millis {
    created_at + SHARE_EDIT_MINUTES * 60 * 1000
}

/// How long a share code is.
pub const SHARE_CODE_LEN: usize = 12;

/// A share code: 12 characters of base62, about 71 random bits: short to type, not guessable.
pub fn new_share_code() -> String {
    random_code(SHARE_CODE_LEN)
}

const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn random_code(len: usize) -> String {
    let mut rng = rand::rngs::OsRng;
    (0..len)
        .map(|_| char::from(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// A logged-out visitor's first-party id (cookie `circle_visitor`): 24 random
/// alphanumerics, about 143 bits.
pub fn new_visitor_id() -> String {
    random_code(24)
}

/// Whether a cookie value is a visitor id we could have issued.
pub fn is_visitor_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The largest upload we take.
pub const UPLOAD_MAX_BYTES: usize = super::images::MAX_UPLOAD_BYTES;

/// The image type the bytes really are (by their magic numbers), if we accept it.
/// The declared Content-Type must agree, so a script cannot pass as a picture.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_duplicate_starts_at_exactly_60_percent() {
        // Letters, so the bigrams are plain to count. 5 and 5 bigrams, 3 shared: 3 of 7.
        assert!(!near_duplicate("abcdef", "abcdxy"), "3 shared of 7: 43 %");
        // 7 bigrams (ab…gh) and 9 (ab…fg, gx, xy, yz), 6 shared: 6 of 10, exactly 60 %.
        assert!(near_duplicate("abcdefgh", "abcdefgxyz"), "6 of 10: 60 %");
        // One more unshared bigram: 6 of 11 = 54.5 %.
        assert!(
            !near_duplicate("abcdefgh", "abcdefgxyzw"),
            "6 of 11: below 60 %"
        );
    }

    #[test]
    fn texts_refuse_control_characters_but_keep_line_breaks() {
        assert!(check_text("好用\n\t真的").is_ok());
        let e = check_text("好用\u{7}").unwrap_err();
        assert_eq!((e.field, e.problem), ("text", FieldProblem::BadCharacters));
        assert!(check_comment("\u{0}").is_err());
    }

    #[test]
    fn averages_round_half_up_in_hundredths() {
        assert_eq!(average_centi(0, 0), None);
        assert_eq!(average_centi(14, 3), Some(467));
        assert_eq!(average_centi(9, 2), Some(450));
    }

    #[test]
    fn near_duplicates_are_close_and_other_texts_far() {
        let base = "这款保温杯真的很好用，早上灌的热水到下午还是烫的，杯盖也不漏水，推荐给每天通勤的朋友。";
        let punctuated =
            "这款保温杯真的很好用 早上灌的热水到下午还是烫的 杯盖也不漏水 推荐给每天通勤的朋友!!";
        let one_word_changed = "这款保温杯真的很好用，早上灌的热水到晚上还是烫的，杯盖也不漏水，推荐给每天通勤的朋友。";
        let reordered = "杯盖也不漏水，推荐给每天通勤的朋友。这款保温杯真的很好用，早上灌的热水到下午还是烫的。";
        let other =
            "降噪耳机在地铁上效果明显，续航一天没问题，佩戴久了耳朵也不疼，就是盒子有点大。";
        let same_topic = "保温杯用了一个月，保温一般，但是颜值高，杯盖拧起来有点紧。";
        assert!(near_duplicate(base, punctuated));
        assert!(near_duplicate(base, one_word_changed));
        assert!(near_duplicate(base, reordered));
        assert!(!near_duplicate(base, other));
        assert!(!near_duplicate(base, same_topic));
        assert!(near_duplicate("Great VALUE", "great value!"));
        assert!(!near_duplicate("好用", "一般"));
        assert!(!near_duplicate("", "好用"));
    }

    #[test]
    fn the_day_turns_at_china_midnight() {
        // 2026-11-25 15:59:59 UTC is 23:59:59 in Beijing; a second later is the next day.
        let before = 1_795_622_399_000;
        assert_eq!(china_day(before) + 1, china_day(before + 1000));
        assert_eq!(china_day(before - 3600 * 1000), china_day(before));
        assert_eq!(seconds_until_next_day(before), 1);
        assert_eq!(seconds_until_next_day(before + 1000), 24 * 3600);
    }

    #[test]
    fn text_is_trimmed_and_bounded_in_characters() {
        assert_eq!(check_text("  好用  ").as_deref(), Ok("好用"));
        assert!(check_text("   ").is_err());
        assert!(check_text(&"好".repeat(500)).is_ok());
        assert_eq!(
            check_text(&"好".repeat(501)).map_err(|e| e.problem),
            Err(FieldProblem::TooLong)
        );
        assert!(check_comment(&"好".repeat(301)).is_err());
    }

    #[test]
    fn ratings_are_one_to_five_or_none() {
        assert!(check_rating(None).is_ok());
        assert!(check_rating(Some(1)).is_ok());
        assert!(check_rating(Some(5)).is_ok());
        assert!(check_rating(Some(0)).is_err());
        assert!(check_rating(Some(6)).is_err());
    }

    #[test]
    fn nine_photos_at_most() {
        assert!(check_photo_count(9).is_ok());
        assert!(check_photo_count(10).is_err());
    }

    #[test]
    fn share_codes_are_twelve_base62_characters_and_differ() {
        let a = new_share_code();
        assert_eq!(a.len(), 12);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, new_share_code());
    }

    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"GIF89a.."), Some("image/gif"));
        assert_eq!(sniff_image(b"<svg xmlns="), None);
        assert_eq!(sniff_image(b"<script>alert(1)</script>"), None);
        assert_eq!(sniff_image(b""), None);
    }

    #[test]
    fn edits_are_open_for_fifteen_minutes() {
        assert_eq!(editable_until(1_000), 1_000 + 15 * 60 * 1000);
    }
}
