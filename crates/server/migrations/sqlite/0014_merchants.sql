-- Merchants (SPEC flow 6): applications reviewed by moderators, products that merchants
-- list and moderators review, stock, fulfilment (shipped, delivered, completed when the
-- return window closes, cancelled, returns), merchant balances and payouts.
--
-- SQLite cannot change a CHECK constraint in place, so `products`, `orders` and
-- `ledger_entries` are rebuilt by SQLite's documented procedure (new table, copy, drop,
-- rename). That needs foreign keys off, which only takes effect outside a transaction:
-- the migrator's transaction is committed first, the rebuild is one transaction of its
-- own, and a new one is opened at the end for the migrator to record this migration.
COMMIT;
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE products_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id    INTEGER NOT NULL REFERENCES merchants (id),
    title          TEXT    NOT NULL,
    description    TEXT    NOT NULL DEFAULT '',
    category       TEXT    NOT NULL,
    price_cents    INTEGER NOT NULL CHECK (price_cents > 0),
    -- Units left to sell; checkout takes them with one conditional UPDATE.
    stock          INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    commission_bp  INTEGER NOT NULL CHECK (commission_bp BETWEEN 0 AND 9000),
    status         TEXT    NOT NULL DEFAULT 'pending_review' CHECK (status IN
                       ('pending_review', 'active', 'paused', 'rejected', 'under_review', 'delisted')),
    -- Why a moderator rejected the last version (shown to the merchant).
    review_reason  TEXT,
    image_id       INTEGER REFERENCES media (id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER,
    rating_sum     INTEGER NOT NULL DEFAULT 0,
    rating_count   INTEGER NOT NULL DEFAULT 0
);
-- The catalog before merchants kept no stock: its products start with plenty.
INSERT INTO products_new (id, merchant_id, title, category, price_cents, stock, commission_bp, status,
                          image_id, created_at, rating_sum, rating_count)
SELECT id, merchant_id, title, category, price_cents, 9999, MIN(commission_bp, 9000), status,
       image_id, created_at, rating_sum, rating_count FROM products;
DROP TABLE products;
ALTER TABLE products_new RENAME TO products;
CREATE INDEX products_category_id ON products (category, id);
CREATE INDEX products_merchant ON products (merchant_id, id);
CREATE INDEX products_review_queue ON products (id) WHERE status = 'pending_review';

CREATE TABLE orders_new (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    buyer_id            INTEGER NOT NULL REFERENCES users (id),
    product_id          INTEGER NOT NULL REFERENCES products (id),
    merchant_id         INTEGER NOT NULL REFERENCES merchants (id),
    quantity            INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    amount_cents        INTEGER NOT NULL CHECK (amount_cents > 0),
    -- The platform's fee on this order, as the merchant's terms said at payment.
    fee_bp              INTEGER NOT NULL DEFAULT 0 CHECK (fee_bp BETWEEN 0 AND 10000),
    status              TEXT    NOT NULL DEFAULT 'paid' CHECK (status IN
                            ('paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded')),
    idempotency_key     TEXT    NOT NULL,
    request_hash        TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    carrier             TEXT,
    tracking_no         TEXT,
    shipped_at          INTEGER,
    delivered_at        INTEGER,
    completed_at        INTEGER,
    cancelled_at        INTEGER,
    refunded_at         INTEGER,
    -- A return asked for within the window: requested → refunded (accepted, or decided
    -- for the buyer), or disputed by the merchant → refused by a moderator.
    return_status       TEXT CHECK (return_status IN ('requested', 'disputed', 'refused')),
    return_reason       TEXT,
    return_note         TEXT,
    return_requested_at INTEGER,
    return_answered_at  INTEGER,
    share_id            INTEGER REFERENCES shares (id),
    attribution         TEXT    NOT NULL DEFAULT 'no_click',
    UNIQUE (buyer_id, idempotency_key)
);
INSERT INTO orders_new (id, buyer_id, product_id, merchant_id, quantity, amount_cents, status,
                        idempotency_key, request_hash, created_at, delivered_at, refunded_at,
                        share_id, attribution)
SELECT o.id, o.buyer_id, o.product_id, p.merchant_id, o.quantity, o.amount_cents, o.status,
       o.idempotency_key, o.request_hash, o.created_at, o.delivered_at, o.refunded_at,
       o.share_id, o.attribution
FROM orders o JOIN products p ON p.id = o.product_id;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_buyer_id ON orders (buyer_id, id);
CREATE INDEX orders_product_buyer ON orders (product_id, buyer_id);
CREATE INDEX orders_share ON orders (share_id) WHERE share_id IS NOT NULL;
CREATE INDEX orders_attributed_product ON orders (product_id) WHERE attribution = 'commission';
CREATE INDEX orders_merchant ON orders (merchant_id, id);
CREATE INDEX orders_to_ship ON orders (merchant_id, id) WHERE status = 'paid';
CREATE INDEX orders_returns ON orders (merchant_id, id) WHERE return_status IS NOT NULL;
CREATE INDEX orders_shipped ON orders (shipped_at) WHERE status = 'shipped';
CREATE INDEX orders_delivered ON orders (delivered_at) WHERE status = 'delivered';

CREATE TABLE ledger_entries_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    tx_id        INTEGER NOT NULL REFERENCES ledger_transactions (id),
    -- merchant_payable is the merchant's pending money (paid orders not yet completed).
    account      TEXT    NOT NULL CHECK (account IN ('platform', 'platform_fees',
                     'merchant_payable', 'merchant_available', 'merchant_withdrawing', 'merchant_withdrawn',
                     'user_pending', 'user_available', 'user_withdrawing', 'user_withdrawn')),
    owner_id     INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
    created_at   INTEGER NOT NULL
);
INSERT INTO ledger_entries_new SELECT id, tx_id, account, owner_id, amount_cents, created_at FROM ledger_entries;
DROP TABLE ledger_entries;
ALTER TABLE ledger_entries_new RENAME TO ledger_entries;
CREATE INDEX ledger_entries_owner ON ledger_entries (owner_id, account, created_at);
CREATE INDEX ledger_entries_tx ON ledger_entries (tx_id);
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;

COMMIT;
PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;

-- An account's application to sell; at most one open at a time.
CREATE TABLE merchant_applications (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    shop_name        TEXT    NOT NULL,
    category         TEXT    NOT NULL,
    contact          TEXT    NOT NULL,
    -- 统一社会信用代码 (GB 32100-2015), its check character verified.
    credit_code      TEXT    NOT NULL,
    licence_media_id INTEGER REFERENCES media (id),
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    reason           TEXT,
    created_at       INTEGER NOT NULL,
    decided_at       INTEGER,
    decided_by       INTEGER REFERENCES users (id)
);
CREATE UNIQUE INDEX merchant_applications_one_open ON merchant_applications (user_id) WHERE status = 'pending';
CREATE INDEX merchant_applications_user ON merchant_applications (user_id, id);
CREATE INDEX merchant_applications_queue ON merchant_applications (id) WHERE status = 'pending';

ALTER TABLE merchants ADD COLUMN category TEXT;
ALTER TABLE merchants ADD COLUMN contact TEXT;
ALTER TABLE merchants ADD COLUMN credit_code TEXT;
-- The platform's fee in basis points, fixed when the merchant is approved.
ALTER TABLE merchants ADD COLUMN fee_bp INTEGER NOT NULL DEFAULT 0;
-- One shop per account, one shop per business licence.
CREATE UNIQUE INDEX merchants_user ON merchants (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX merchants_credit_code ON merchants (credit_code) WHERE credit_code IS NOT NULL;

CREATE TABLE product_photos (
    product_id INTEGER NOT NULL REFERENCES products (id),
    position   INTEGER NOT NULL,
    media_id   INTEGER NOT NULL UNIQUE REFERENCES media (id),
    PRIMARY KEY (product_id, position)
);

-- A merchant's payout comes out of the merchant's balance; its owner asks for it.
ALTER TABLE withdrawals ADD COLUMN merchant_id INTEGER REFERENCES merchants (id);
CREATE INDEX withdrawals_merchant ON withdrawals (merchant_id, id) WHERE merchant_id IS NOT NULL;

ALTER TABLE notifications ADD COLUMN product_id INTEGER REFERENCES products (id);
