-- Quality control: reports on products (counterfeit) and shares (spam, fake review,
-- abuse), once per person and target; the moderators' append-only log.
CREATE TABLE reports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reporter_id BIGINT NOT NULL REFERENCES users (id),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('product', 'share')),
    target_id   BIGINT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('counterfeit', 'spam', 'fake_review', 'abuse')),
    note        TEXT NOT NULL,
    -- open until a moderator acts: upheld (delisted / hidden) or dismissed (restored).
    outcome     TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'upheld', 'dismissed')),
    created_at  BIGINT NOT NULL,
    resolved_at BIGINT,
    UNIQUE (reporter_id, target_kind, target_id)
);
CREATE INDEX reports_target ON reports (target_kind, target_id, outcome);
CREATE INDEX reports_reporter ON reports (reporter_id, id);

CREATE TABLE moderation_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    moderator_id BIGINT NOT NULL REFERENCES users (id),
    action       TEXT NOT NULL,
    target_kind  TEXT NOT NULL,
    target_id    BIGINT NOT NULL,
    reason       TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE FUNCTION moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the moderation log is append-only';
END;
$$;
CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON moderation_log
    FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only();

-- Why a commission was reversed: the order's refund, or the product's delisting.
ALTER TABLE commissions ADD COLUMN reversal TEXT;
