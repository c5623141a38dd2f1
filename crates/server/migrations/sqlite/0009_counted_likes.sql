-- Fake engagement: a like counts for ranking (and as "N 位买家点赞") only from an account
-- at least a day old with a delivered order; `counted` remembers whether it did, so an
-- unlike takes back exactly what the like gave.
ALTER TABLE likes ADD COLUMN counted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shares ADD COLUMN buyer_like_count INTEGER NOT NULL DEFAULT 0;
