-- Quality control: reports on products (counterfeit) and shares (spam, fake review,
-- abuse), once per person and target; the moderators' append-only log.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    reporter_id INTEGER NOT NULL REFERENCES users (id),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('product', 'share')),
    target_id   INTEGER NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('counterfeit', 'spam', 'fake_review', 'abuse')),
    note        TEXT NOT NULL,
    -- open until a moderator acts: upheld (delisted / hidden) or dismissed (restored).
    outcome     TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'upheld', 'dismissed')),
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    UNIQUE (reporter_id, target_kind, target_id)
);
CREATE INDEX reports_target ON reports (target_kind, target_id, outcome);
CREATE INDEX reports_reporter ON reports (reporter_id, id);

CREATE TABLE moderation_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    moderator_id INTEGER NOT NULL REFERENCES users (id),
    action       TEXT NOT NULL,
    target_kind  TEXT NOT NULL,
    target_id    INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log
BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;
CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log
BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;

-- Why a commission was reversed: the order's refund, or the product's delisting.
ALTER TABLE commissions ADD COLUMN reversal TEXT;
