-- Merchants (SPEC flow 6): applications reviewed by moderators, products that merchants
-- list and moderators review, stock, fulfilment (shipped, delivered, completed when the
-- return window closes, cancelled, returns), merchant balances and payouts.

ALTER TABLE products ADD COLUMN description TEXT NOT NULL DEFAULT '';
-- Units left to sell; checkout takes them with one conditional UPDATE. The catalog
-- before merchants kept no stock: its products start with plenty.
ALTER TABLE products ADD COLUMN stock BIGINT NOT NULL DEFAULT 0 CHECK (stock >= 0);
UPDATE products SET stock = 9999;
-- Why a moderator rejected the last version (shown to the merchant).
ALTER TABLE products ADD COLUMN review_reason TEXT;
ALTER TABLE products ADD COLUMN updated_at BIGINT;
UPDATE products SET commission_bp = 9000 WHERE commission_bp > 9000;
ALTER TABLE products DROP CONSTRAINT products_commission_bp_check;
ALTER TABLE products ADD CONSTRAINT products_commission_bp_check CHECK (commission_bp BETWEEN 0 AND 9000);
ALTER TABLE products DROP CONSTRAINT products_status_check;
ALTER TABLE products ADD CONSTRAINT products_status_check CHECK (status IN
    ('pending_review', 'active', 'paused', 'rejected', 'under_review', 'delisted'));
ALTER TABLE products ALTER COLUMN status SET DEFAULT 'pending_review';
CREATE INDEX products_merchant ON products (merchant_id, id);
CREATE INDEX products_review_queue ON products (id) WHERE status = 'pending_review';

ALTER TABLE orders ADD COLUMN merchant_id BIGINT REFERENCES merchants (id);
UPDATE orders SET merchant_id = (SELECT p.merchant_id FROM products p WHERE p.id = orders.product_id);
ALTER TABLE orders ALTER COLUMN merchant_id SET NOT NULL;
-- The platform's fee on this order, as the merchant's terms said at payment.
ALTER TABLE orders ADD COLUMN fee_bp BIGINT NOT NULL DEFAULT 0 CHECK (fee_bp BETWEEN 0 AND 10000);
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN
    ('paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded'));
ALTER TABLE orders ADD COLUMN carrier TEXT;
ALTER TABLE orders ADD COLUMN tracking_no TEXT;
ALTER TABLE orders ADD COLUMN shipped_at BIGINT;
ALTER TABLE orders ADD COLUMN completed_at BIGINT;
ALTER TABLE orders ADD COLUMN cancelled_at BIGINT;
-- A return asked for within the window: requested → refunded (accepted, or decided for
-- the buyer), or disputed by the merchant → refused by a moderator.
ALTER TABLE orders ADD COLUMN return_status TEXT CHECK (return_status IN ('requested', 'disputed', 'refused'));
ALTER TABLE orders ADD COLUMN return_reason TEXT;
ALTER TABLE orders ADD COLUMN return_note TEXT;
ALTER TABLE orders ADD COLUMN return_requested_at BIGINT;
ALTER TABLE orders ADD COLUMN return_answered_at BIGINT;
CREATE INDEX orders_merchant ON orders (merchant_id, id);
CREATE INDEX orders_to_ship ON orders (merchant_id, id) WHERE status = 'paid';
CREATE INDEX orders_returns ON orders (merchant_id, id) WHERE return_status IS NOT NULL;
CREATE INDEX orders_shipped ON orders (shipped_at) WHERE status = 'shipped';
CREATE INDEX orders_delivered ON orders (delivered_at) WHERE status = 'delivered';

-- merchant_payable is the merchant's pending money (paid orders not yet completed).
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_account_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_account_check CHECK (account IN ('platform', 'platform_fees',
    'merchant_payable', 'merchant_available', 'merchant_withdrawing', 'merchant_withdrawn',
    'user_pending', 'user_available', 'user_withdrawing', 'user_withdrawn'));

-- An account's application to sell; at most one open at a time.
CREATE TABLE merchant_applications (
    id               BIGSERIAL PRIMARY KEY,
    user_id          BIGINT  NOT NULL REFERENCES users (id),
    shop_name        TEXT    NOT NULL,
    category         TEXT    NOT NULL,
    contact          TEXT    NOT NULL,
    -- 统一社会信用代码 (GB 32100-2015), its check character verified.
    credit_code      TEXT    NOT NULL,
    licence_media_id BIGINT  REFERENCES media (id),
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    reason           TEXT,
    created_at       BIGINT  NOT NULL,
    decided_at       BIGINT,
    decided_by       BIGINT  REFERENCES users (id)
);
CREATE UNIQUE INDEX merchant_applications_one_open ON merchant_applications (user_id) WHERE status = 'pending';
CREATE INDEX merchant_applications_user ON merchant_applications (user_id, id);
CREATE INDEX merchant_applications_queue ON merchant_applications (id) WHERE status = 'pending';

ALTER TABLE merchants ADD COLUMN category TEXT;
ALTER TABLE merchants ADD COLUMN contact TEXT;
ALTER TABLE merchants ADD COLUMN credit_code TEXT;
-- The platform's fee in basis points, fixed when the merchant is approved.
ALTER TABLE merchants ADD COLUMN fee_bp BIGINT NOT NULL DEFAULT 0;
-- One shop per account, one shop per business licence.
CREATE UNIQUE INDEX merchants_user ON merchants (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX merchants_credit_code ON merchants (credit_code) WHERE credit_code IS NOT NULL;

CREATE TABLE product_photos (
    product_id BIGINT NOT NULL REFERENCES products (id),
    position   BIGINT NOT NULL,
    media_id   BIGINT NOT NULL UNIQUE REFERENCES media (id),
    PRIMARY KEY (product_id, position)
);

-- A merchant's payout comes out of the merchant's balance; its owner asks for it.
ALTER TABLE withdrawals ADD COLUMN merchant_id BIGINT REFERENCES merchants (id);
CREATE INDEX withdrawals_merchant ON withdrawals (merchant_id, id) WHERE merchant_id IS NOT NULL;

ALTER TABLE notifications ADD COLUMN product_id BIGINT REFERENCES products (id);
