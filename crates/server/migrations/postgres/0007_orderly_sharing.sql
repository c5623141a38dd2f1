-- Orderly sharing: a merchant's shares of its own products are ads (广告, at most 1 a
-- day), and a person's shares per day are counted.
ALTER TABLE shares ADD COLUMN is_ad BIGINT NOT NULL DEFAULT 0;
CREATE INDEX shares_author_day ON shares (author_id, day);
