CREATE TABLE friend_requests (
    id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_id    BIGINT  NOT NULL REFERENCES users (id),
    to_id      BIGINT  NOT NULL REFERENCES users (id),
    status     TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
    created_at BIGINT  NOT NULL,
    decided_at BIGINT,
    CHECK (from_id <> to_id)
);
-- At most one pending request per direction.
CREATE UNIQUE INDEX friend_requests_one_pending ON friend_requests (from_id, to_id) WHERE status = 'pending';
CREATE INDEX friend_requests_to ON friend_requests (to_id, status);

-- Friendship is mutual and stored once per direction, so "my friends" is one index range.
CREATE TABLE friendships (
    user_id    BIGINT  NOT NULL REFERENCES users (id),
    friend_id  BIGINT  NOT NULL REFERENCES users (id),
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);

-- One-way: following a 达人.
CREATE TABLE follows (
    follower_id BIGINT  NOT NULL REFERENCES users (id),
    followee_id BIGINT  NOT NULL REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (follower_id, followee_id),
    CHECK (follower_id <> followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id, follower_id);
