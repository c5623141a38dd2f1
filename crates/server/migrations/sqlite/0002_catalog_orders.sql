-- Uploaded and generated images, kept in the database so every server process can serve them.
CREATE TABLE media (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    content_type TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE merchants (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name       TEXT    NOT NULL,
    verified   INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    created_at INTEGER NOT NULL
);

CREATE TABLE products (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id    INTEGER NOT NULL REFERENCES merchants (id),
    title          TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    price_cents    INTEGER NOT NULL CHECK (price_cents > 0),
    commission_bp  INTEGER NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
    status         TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'under_review', 'delisted')),
    image_id       INTEGER REFERENCES media (id),
    created_at     INTEGER NOT NULL
);
CREATE INDEX products_category_id ON products (category, id);

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    buyer_id        INTEGER NOT NULL REFERENCES users (id),
    product_id      INTEGER NOT NULL REFERENCES products (id),
    quantity        INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    status          TEXT    NOT NULL DEFAULT 'paid' CHECK (status IN ('paid', 'delivered', 'refunded')),
    idempotency_key TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER,
    refunded_at     INTEGER,
    UNIQUE (buyer_id, idempotency_key)
);
CREATE INDEX orders_buyer_id ON orders (buyer_id, id);
CREATE INDEX orders_product_buyer ON orders (product_id, buyer_id);
