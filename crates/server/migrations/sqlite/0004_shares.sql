CREATE TABLE shares (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Short and unguessable: the public link is /s/{code}.
    code          TEXT    NOT NULL UNIQUE,
    author_id     INTEGER NOT NULL REFERENCES users (id),
    product_id    INTEGER NOT NULL REFERENCES products (id),
    -- The author's order of this product, when there was a delivered one; "已购" while it stays delivered.
    order_id      INTEGER REFERENCES orders (id),
    text          TEXT    NOT NULL,
    rating        INTEGER CHECK (rating BETWEEN 1 AND 5),
    status        TEXT    NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'hidden', 'deleted')),
    like_count    INTEGER NOT NULL DEFAULT 0,
    comment_count INTEGER NOT NULL DEFAULT 0,
    -- Calendar day in China time (UTC+8), for the per-day sharing limits.
    day           INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    edited_at     INTEGER
);
-- One share per person, product and day, deleted ones included (no delete-and-repost).
CREATE UNIQUE INDEX shares_one_per_product_per_day ON shares (author_id, product_id, day);
-- A rating once per order.
CREATE UNIQUE INDEX shares_one_rating_per_order ON shares (order_id) WHERE rating IS NOT NULL;
CREATE INDEX shares_author ON shares (author_id, id);
CREATE INDEX shares_product ON shares (product_id, id);

CREATE TABLE share_photos (
    share_id INTEGER NOT NULL REFERENCES shares (id),
    position INTEGER NOT NULL,
    media_id INTEGER NOT NULL UNIQUE REFERENCES media (id),
    PRIMARY KEY (share_id, position)
);

CREATE TABLE likes (
    share_id   INTEGER NOT NULL REFERENCES shares (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (share_id, user_id)
);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    share_id   INTEGER NOT NULL REFERENCES shares (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    parent_id  INTEGER REFERENCES comments (id),
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX comments_share ON comments (share_id, id);

CREATE TABLE topic_follows (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    product_id INTEGER NOT NULL REFERENCES products (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, product_id)
);
CREATE INDEX topic_follows_product ON topic_follows (product_id, user_id);

-- The feed, precomputed per reader at write time (fan-out on write): reading a page is
-- one index range whatever the number of friends. `rank` is the time plus trust boosts;
-- `via` says why the reader sees it: 0 own, 1 friend, 2 followed person, 3 followed topic.
CREATE TABLE timeline (
    reader_id  INTEGER NOT NULL REFERENCES users (id),
    share_id   INTEGER NOT NULL REFERENCES shares (id),
    author_id  INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    via        INTEGER NOT NULL,
    rank       INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (reader_id, share_id)
);
CREATE INDEX timeline_page ON timeline (reader_id, rank, share_id);
CREATE INDEX timeline_share ON timeline (share_id);
