//! Friendship rules: who may answer or withdraw a friend request.

/// What a party does to a pending friend request.
use circle_api::FriendRequestStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAction {
    Accept,
    Decline,
    Cancel,
}

impl RequestAction {
    /// The status the request ends in.
    pub fn outcome(self) -> FriendRequestStatus {
        match self {
            RequestAction::Accept => FriendRequestStatus::Accepted,
            RequestAction::Decline => FriendRequestStatus::Declined,
            RequestAction::Cancel => FriendRequestStatus::Cancelled,
        }
    }

    /// Only the recipient accepts or declines; only the sender cancels.
    pub fn allowed_for(self, actor: i64, from: i64, to: i64) -> bool {
        match self {
            RequestAction::Accept | RequestAction::Decline => actor == to,
            RequestAction::Cancel => actor == from,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RequestAction::*;

    #[test]
    fn only_the_right_party_decides() {
        let (from, to) = (1, 2);
        assert!(Accept.allowed_for(to, from, to));
        assert!(!Accept.allowed_for(from, from, to));
        assert!(Decline.allowed_for(to, from, to));
        assert!(!Decline.allowed_for(from, from, to));
        assert!(Cancel.allowed_for(from, from, to));
        assert!(!Cancel.allowed_for(to, from, to));
    }
}
