-- Sharing out and commissions: clicks, attribution, the double-entry ledger, withdrawals,
-- notifications. Money is integer cents; ledger rows are never updated or deleted.

-- A real view of a share's landing page, reported by its script (never by prefetches or
-- link previews). Logged-out visitors carry a first-party visitor id until they log in.
CREATE TABLE share_clicks (
    id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    share_id   BIGINT NOT NULL REFERENCES shares (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    user_id    BIGINT REFERENCES users (id),
    visitor_id TEXT,
    created_at BIGINT NOT NULL,
    CHECK (user_id IS NOT NULL OR visitor_id IS NOT NULL)
);
CREATE INDEX share_clicks_attribution ON share_clicks (user_id, product_id, created_at);
CREATE INDEX share_clicks_visitor ON share_clicks (visitor_id) WHERE user_id IS NULL;
CREATE INDEX share_clicks_share ON share_clicks (share_id);

-- The share an order is attributed to, and why it earns or does not.
ALTER TABLE orders ADD COLUMN share_id BIGINT REFERENCES shares (id);
ALTER TABLE orders ADD COLUMN attribution TEXT NOT NULL DEFAULT 'no_click';
CREATE INDEX orders_share ON orders (share_id) WHERE share_id IS NOT NULL;
-- Top 达人 of a product: its orders that earned a sharer a commission.
CREATE INDEX orders_attributed_product ON orders (product_id) WHERE attribution = 'commission';

-- At most one commission per order (the unique order_id), whatever retries happen.
CREATE TABLE commissions (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     BIGINT NOT NULL UNIQUE REFERENCES orders (id),
    share_id     BIGINT NOT NULL REFERENCES shares (id),
    sharer_id    BIGINT NOT NULL REFERENCES users (id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'confirmed', 'reversed', 'clawed_back')),
    -- Delivery + the 7-day return window; NULL until delivered.
    available_at BIGINT,
    created_at   BIGINT NOT NULL,
    settled_at   BIGINT
);
CREATE INDEX commissions_sharer ON commissions (sharer_id, id);
CREATE INDEX commissions_due ON commissions (available_at) WHERE status = 'pending';

-- One row per user whose money moves; every ledger transaction that touches a user's
-- balances first bumps this row, which serializes them (a row lock on PostgreSQL, the
-- write lock on SQLite).
CREATE TABLE wallets (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    version BIGINT NOT NULL
);

CREATE TABLE withdrawals (
    id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    amount_cents    BIGINT NOT NULL CHECK (amount_cents >= 1000),
    status          TEXT    NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'paid', 'failed')),
    idempotency_key TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    created_at      BIGINT NOT NULL,
    settled_at      BIGINT,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX withdrawals_user ON withdrawals (user_id, id);
CREATE INDEX withdrawals_requested ON withdrawals (id) WHERE status = 'requested';

-- Every movement of money is one transaction whose entries sum to zero. `dedupe_key`
-- makes each movement happen once (e.g. 'accrue:order:7').
CREATE TABLE ledger_transactions (
    id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          TEXT    NOT NULL,
    dedupe_key    TEXT    NOT NULL UNIQUE,
    order_id      BIGINT REFERENCES orders (id),
    commission_id BIGINT REFERENCES commissions (id),
    withdrawal_id BIGINT REFERENCES withdrawals (id),
    created_at    BIGINT NOT NULL
);
-- `amount_cents` is what flows into the account (negative: out of it). Accounts:
-- platform (owner 0), merchant_payable (owner = merchant), user_pending, user_available,
-- user_withdrawing, user_withdrawn (owner = user).
CREATE TABLE ledger_entries (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx_id        BIGINT NOT NULL REFERENCES ledger_transactions (id),
    account      TEXT    NOT NULL CHECK (account IN ('platform', 'merchant_payable', 'user_pending',
                     'user_available', 'user_withdrawing', 'user_withdrawn')),
    owner_id     BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents <> 0),
    created_at   BIGINT NOT NULL
);
CREATE INDEX ledger_entries_owner ON ledger_entries (owner_id, account, created_at);
CREATE INDEX ledger_entries_tx ON ledger_entries (tx_id);

-- Append-only: corrections are new transactions.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are append-only';
END;
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

CREATE TABLE notifications (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    kind         TEXT    NOT NULL,
    actor_id     BIGINT REFERENCES users (id),
    share_id     BIGINT REFERENCES shares (id),
    order_id     BIGINT REFERENCES orders (id),
    amount_cents BIGINT,
    created_at   BIGINT NOT NULL,
    read_at      BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- WeChat access token and JS-SDK ticket, shared by every server process (fetching a new
-- token invalidates the old one, so processes must not each keep their own).
CREATE TABLE wechat_tokens (
    kind       TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    expires_at BIGINT NOT NULL
);
