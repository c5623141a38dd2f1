-- 问大家: questions on a product's topic, routed to a few of its buyers, answered by
-- buyers (已购 is read from their orders, so a refund takes it away) and the product's
-- merchant (商家); helpful marks count like likes. `answer_count` and `helpful_count`
-- hold only visible answers, so hiding one takes it out of the counts.
CREATE TABLE questions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id    INTEGER NOT NULL REFERENCES products (id),
    asker_id      INTEGER NOT NULL REFERENCES users (id),
    text          TEXT    NOT NULL,
    day           INTEGER NOT NULL,
    answer_count  INTEGER NOT NULL DEFAULT 0,
    helpful_count INTEGER NOT NULL DEFAULT 0,
    hidden        INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    created_at    INTEGER NOT NULL
);
CREATE INDEX questions_product ON questions (product_id, id) WHERE hidden = 0;
CREATE INDEX questions_product_helpful ON questions (product_id, helpful_count, id) WHERE hidden = 0;
CREATE INDEX questions_asker ON questions (asker_id, created_at);

CREATE TABLE answers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id   INTEGER NOT NULL REFERENCES questions (id),
    author_id     INTEGER NOT NULL REFERENCES users (id),
    text          TEXT    NOT NULL,
    by_merchant   INTEGER NOT NULL CHECK (by_merchant IN (0, 1)),
    helpful_count INTEGER NOT NULL DEFAULT 0,
    hidden        INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX answers_one_per_person ON answers (question_id, author_id);

-- A helpful mark; `counts` is fixed when it is made, by the rule likes follow.
CREATE TABLE answer_votes (
    answer_id  INTEGER NOT NULL REFERENCES answers (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    counts     INTEGER NOT NULL CHECK (counts IN (0, 1)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);

-- Who a question was sent to, and how many questions each buyer got per China day.
CREATE TABLE question_routes (
    question_id INTEGER NOT NULL REFERENCES questions (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (question_id, user_id)
);
CREATE INDEX question_routes_user ON question_routes (user_id, created_at);
CREATE TABLE question_inbox (
    user_id INTEGER NOT NULL REFERENCES users (id),
    day     INTEGER NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- 我的: "receive questions from shoppers" (on unless turned off).
ALTER TABLE users ADD COLUMN questions_off INTEGER NOT NULL DEFAULT 0 CHECK (questions_off IN (0, 1));
ALTER TABLE notifications ADD COLUMN question_id INTEGER REFERENCES questions (id);
CREATE INDEX orders_product_received ON orders (product_id, buyer_id) WHERE status IN ('delivered', 'completed');

-- Questions and answers are reported like shares: SQLite cannot change a CHECK, so the
-- table is rebuilt with the two new kinds.
CREATE TABLE reports_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    reporter_id INTEGER NOT NULL REFERENCES users (id),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('product', 'share', 'question', 'answer')),
    target_id   INTEGER NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('counterfeit', 'spam', 'fake_review', 'abuse')),
    note        TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'upheld', 'dismissed')),
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    counts      INTEGER NOT NULL DEFAULT 1 CHECK (counts IN (0, 1)),
    UNIQUE (reporter_id, target_kind, target_id)
);
INSERT INTO reports_new (id, reporter_id, target_kind, target_id, reason, note, outcome,
                         created_at, resolved_at, counts)
    SELECT id, reporter_id, target_kind, target_id, reason, note, outcome, created_at,
           resolved_at, counts FROM reports;
DROP TABLE reports;
ALTER TABLE reports_new RENAME TO reports;
CREATE INDEX reports_target ON reports (target_kind, target_id, outcome);
CREATE INDEX reports_reporter ON reports (reporter_id, id);
