-- Uploaded and generated images, kept in the database so every server process can serve them.
CREATE TABLE media (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id     BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    content_type TEXT    NOT NULL,
    bytes        BYTEA   NOT NULL,
    created_at   BIGINT  NOT NULL
);

CREATE TABLE merchants (
    id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    name       TEXT    NOT NULL,
    verified   BIGINT  NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    created_at BIGINT  NOT NULL
);

CREATE TABLE products (
    id             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id    BIGINT  NOT NULL REFERENCES merchants (id),
    title          TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    price_cents    BIGINT  NOT NULL CHECK (price_cents > 0),
    commission_bp  BIGINT  NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
    status         TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'under_review', 'delisted')),
    image_id       BIGINT  REFERENCES media (id),
    created_at     BIGINT  NOT NULL
);
CREATE INDEX products_category_id ON products (category, id);

CREATE TABLE orders (
    id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    buyer_id        BIGINT  NOT NULL REFERENCES users (id),
    product_id      BIGINT  NOT NULL REFERENCES products (id),
    quantity        BIGINT  NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    amount_cents    BIGINT  NOT NULL CHECK (amount_cents > 0),
    status          TEXT    NOT NULL DEFAULT 'paid' CHECK (status IN ('paid', 'delivered', 'refunded')),
    idempotency_key TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    delivered_at    BIGINT,
    refunded_at     BIGINT,
    UNIQUE (buyer_id, idempotency_key)
);
CREATE INDEX orders_buyer_id ON orders (buyer_id, id);
CREATE INDEX orders_product_buyer ON orders (product_id, buyer_id);
