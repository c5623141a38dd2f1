-- A 达人 with a million followers costs what anyone else costs. A share's live rank (its
-- time, the verified-purchase boost, what its counted likes earn) lives on the share;
-- its timeline rows follow it at once when they are few, and in the background, a
-- batch per transaction, when a 达人's (as do a large fan-out and a deleted share's
-- purge), from `feed_jobs`.
ALTER TABLE shares ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
UPDATE shares SET rank = created_at
    + CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.id = shares.order_id
                        AND o.status IN ('delivered', 'completed')) THEN 7200000 ELSE 0 END
    + 600000 * CASE WHEN buyer_like_count > 12 THEN 12 ELSE buyer_like_count END;

CREATE TABLE feed_jobs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT    NOT NULL CHECK (kind IN ('fan_out', 'purge', 'rank')),
    share_id   INTEGER NOT NULL REFERENCES shares (id),
    -- fan_out: 0 friends, 1 followers, 2 the product's followers; the last reader done
    -- (every kind goes through its readers in order).
    stage      INTEGER NOT NULL DEFAULT 0,
    after_id   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX feed_jobs_share ON feed_jobs (share_id);
-- A share's rows in reader order, for the batches.
DROP INDEX timeline_share;
CREATE INDEX timeline_share ON timeline (share_id, reader_id);
