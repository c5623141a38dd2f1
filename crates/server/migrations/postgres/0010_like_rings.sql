-- Like rings: when an account was found mostly liking, and liked by, a small group
-- within a short window; from then on its likes count for nothing in ranking.
ALTER TABLE users ADD COLUMN like_ring_at BIGINT;
CREATE INDEX likes_recent ON likes (created_at) WHERE counted = 1;
