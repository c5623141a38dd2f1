-- 问大家: questions on a product's topic, routed to a few of its buyers, answered by
-- buyers (已购 is read from their orders, so a refund takes it away) and the product's
-- merchant (商家); helpful marks count like likes. `answer_count` and `helpful_count`
-- hold only visible answers, so hiding one takes it out of the counts.
CREATE TABLE questions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id    BIGINT NOT NULL REFERENCES products (id),
    asker_id      BIGINT NOT NULL REFERENCES users (id),
    text          TEXT    NOT NULL,
    day           BIGINT NOT NULL,
    answer_count  BIGINT NOT NULL DEFAULT 0,
    helpful_count BIGINT NOT NULL DEFAULT 0,
    hidden        BIGINT NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    created_at    BIGINT NOT NULL
);
CREATE INDEX questions_product ON questions (product_id, id) WHERE hidden = 0;
CREATE INDEX questions_product_helpful ON questions (product_id, helpful_count, id) WHERE hidden = 0;
CREATE INDEX questions_asker ON questions (asker_id, created_at);

CREATE TABLE answers (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id   BIGINT NOT NULL REFERENCES questions (id),
    author_id     BIGINT NOT NULL REFERENCES users (id),
    text          TEXT    NOT NULL,
    by_merchant   BIGINT NOT NULL CHECK (by_merchant IN (0, 1)),
    helpful_count BIGINT NOT NULL DEFAULT 0,
    hidden        BIGINT NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX answers_one_per_person ON answers (question_id, author_id);

-- A helpful mark; `counts` is fixed when it is made, by the rule likes follow.
CREATE TABLE answer_votes (
    answer_id  BIGINT NOT NULL REFERENCES answers (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    counts     BIGINT NOT NULL CHECK (counts IN (0, 1)),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);

-- Who a question was sent to, and how many questions each buyer got per China day.
CREATE TABLE question_routes (
    question_id BIGINT NOT NULL REFERENCES questions (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (question_id, user_id)
);
CREATE INDEX question_routes_user ON question_routes (user_id, created_at);
CREATE TABLE question_inbox (
    user_id BIGINT NOT NULL REFERENCES users (id),
    day     BIGINT NOT NULL,
    count   BIGINT NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- 我的: "receive questions from shoppers" (on unless turned off).
ALTER TABLE users ADD COLUMN questions_off BIGINT NOT NULL DEFAULT 0 CHECK (questions_off IN (0, 1));
ALTER TABLE notifications ADD COLUMN question_id BIGINT REFERENCES questions (id);
CREATE INDEX orders_product_received ON orders (product_id, buyer_id) WHERE status IN ('delivered', 'completed');

-- Questions and answers are reported like shares.
ALTER TABLE reports DROP CONSTRAINT reports_target_kind_check;
ALTER TABLE reports ADD CONSTRAINT reports_target_kind_check
    CHECK (target_kind IN ('product', 'share', 'question', 'answer'));
