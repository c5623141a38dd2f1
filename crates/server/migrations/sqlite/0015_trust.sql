-- Reports count towards hiding a share only from established accounts (`counts` is fixed
-- when the report is filed); a hidden share's author may ask for a review once.
ALTER TABLE reports ADD COLUMN counts INTEGER NOT NULL DEFAULT 1 CHECK (counts IN (0, 1));
ALTER TABLE shares ADD COLUMN appealed_at INTEGER;
-- Uploads per owner and day (the daily byte allowance), and the unattached ones to prune.
ALTER TABLE media ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
UPDATE media SET size = LENGTH(bytes);
CREATE INDEX media_owner_created ON media (owner_id, created_at);
