//! Rate limits as GCRA (the generic cell rate algorithm, a token bucket kept as one
//! timestamp): `burst` requests at once, then one every `period / burst`.

use crate::clock::{Millis, SECOND};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// What is limited, for keys and messages: "like", "comment", …
    pub action: &'static str,
    pub burst: i64,
    pub period: Millis,
}

const MINUTE: Millis = 60 * SECOND;

/// Likes: SPEC says 60 per person per minute.
pub const LIKE_PER_USER: Limit = Limit {
    action: "like",
    burst: 60,
    period: MINUTE,
};
pub const LIKE_PER_IP: Limit = Limit {
    action: "like",
    burst: 300,
    period: MINUTE,
};
pub const COMMENT_PER_USER: Limit = Limit {
    action: "comment",
    burst: 20,
    period: MINUTE,
};
pub const COMMENT_PER_IP: Limit = Limit {
    action: "comment",
    burst: 100,
    period: MINUTE,
};
pub const FRIEND_REQUEST_PER_USER: Limit = Limit {
    action: "friend_request",
    burst: 30,
    period: 60 * MINUTE,
};
pub const FRIEND_REQUEST_PER_IP: Limit = Limit {
    action: "friend_request",
    burst: 100,
    period: 60 * MINUTE,
};
/// Login attempts, checked in this order and charged only up to the first refusal: per
/// address (trying many accounts), per handle from one address (guessing one password),
/// and per handle from anywhere — a ceiling ten times higher, so a stranger at one
/// address cannot lock the owner out, while many addresses together still guess slowly.
pub const LOGIN_PER_IP: Limit = Limit {
    action: "login",
    burst: 50,
    period: 15 * MINUTE,
};
pub const LOGIN_PER_HANDLE_AND_IP: Limit = Limit {
    action: "login",
    burst: 10,
    period: 15 * MINUTE,
};
pub const LOGIN_PER_HANDLE: Limit = Limit {
    action: "login",
    burst: 100,
    period: 15 * MINUTE,
};
pub const REGISTER_PER_IP: Limit = Limit {
    action: "register",
    burst: 30,
    period: 60 * MINUTE,
};
/// Reports (products and shares together): false reporting is abuse too.
pub const REPORT_PER_USER: Limit = Limit {
    action: "report",
    burst: 10,
    period: 60 * MINUTE,
};
pub const REPORT_PER_IP: Limit = Limit {
    action: "report",
    burst: 50,
    period: 60 * MINUTE,
};
/// Photo uploads: 30 an hour per person (the bytes a day are capped apart, see
/// `UPLOAD_BYTES_PER_DAY`).
pub const UPLOAD_PER_USER: Limit = Limit {
    action: "upload",
    burst: 30,
    period: 60 * MINUTE,
};
/// What one person may upload in 24 hours: 100 MiB.
pub const UPLOAD_BYTES_PER_DAY: i64 = 100 * 1024 * 1024;
pub const CLICK_PER_IP: Limit = Limit {
    action: "click",
    burst: 120,
    period: MINUTE,
};

impl Limit {
    /// The time between two requests at the sustained rate.
    pub fn interval(self) -> Millis {
        (self.period / self.burst).max(1)
    }

    /// GCRA: given the stored theoretical arrival time (none for a new key), either the
    /// new one to store (allowed) or how long to wait (refused).
    pub fn check(self, stored: Option<Millis>, now: Millis) -> Result<Millis, Millis> {
        let interval = self.interval();
        let tolerance = interval * (self.burst - 1);
        let tat = stored.unwrap_or(now).max(now);
        if tat - now > tolerance {
            Err(tat - now - tolerance)
        } else {
            Ok(tat + interval)
        }
    }
}

/// Whole seconds to wait, rounded up, at least 1 (for `Retry-After`).
pub fn retry_after_secs(wait: Millis) -> u64 {
    u64::try_from((wait + SECOND - 1) / SECOND)
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(limit: Limit, times: &[Millis]) -> Vec<bool> {
        let mut stored = None;
        times
            .iter()
            .map(|&now| match limit.check(stored, now) {
                Ok(tat) => {
                    stored = Some(tat);
                    true
                }
                Err(_) => false,
            })
            .collect()
    }

    #[test]
    fn sixty_likes_at_once_then_one_a_second() {
        let at_once = run(LIKE_PER_USER, &[0; 61]);
        assert!(at_once[..60].iter().all(|ok| *ok));
        assert!(!at_once[60], "the 61st in the same instant waits");
        let mut stored = None;
        for _ in 0..60 {
            stored = Some(LIKE_PER_USER.check(stored, 0).unwrap());
        }
        assert_eq!(LIKE_PER_USER.check(stored, 0), Err(SECOND));
        assert!(LIKE_PER_USER.check(stored, SECOND).is_ok());
        // A minute later the whole burst is back.
        let mut later = stored.map(|_| LIKE_PER_USER.check(stored, MINUTE).unwrap());
        for _ in 1..60 {
            later = Some(LIKE_PER_USER.check(later, MINUTE).unwrap());
        }
        assert!(LIKE_PER_USER.check(later, MINUTE).is_err());
    }

    #[test]
    fn a_steady_rate_is_never_refused() {
        let times: Vec<Millis> = (0..500).map(|i| i * LIKE_PER_USER.interval()).collect();
        assert!(run(LIKE_PER_USER, &times).iter().all(|ok| *ok));
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(1), 1);
        assert_eq!(retry_after_secs(1000), 1);
        assert_eq!(retry_after_secs(1001), 2);
        assert_eq!(retry_after_secs(0), 1);
    }
}
