-- Every process keeps the shares it has shown, hydrated, and checks them against these
-- versions before showing them again (one small query instead of the share's join, its
-- photos and its product). The triggers bump them on any change that shows in a share,
-- whichever code or process makes it: a share's own columns (likes, comments, text,
-- status, rank), its order's status (已购), its photos; its product's columns (stock,
-- price, status …) and its merchant's; its author's name.
-- A migration that rebuilds one of these tables must create its triggers again.
ALTER TABLE shares ADD COLUMN view_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN view_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN view_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX shares_order ON shares (order_id) WHERE order_id IS NOT NULL;

CREATE TRIGGER shares_view_version AFTER UPDATE ON shares
WHEN NEW.view_version = OLD.view_version
BEGIN
    UPDATE shares SET view_version = OLD.view_version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER orders_share_view AFTER UPDATE OF status ON orders
WHEN NEW.status <> OLD.status
BEGIN
    UPDATE shares SET view_version = view_version + 1 WHERE order_id = NEW.id;
END;

CREATE TRIGGER share_photos_added AFTER INSERT ON share_photos
BEGIN
    UPDATE shares SET view_version = view_version + 1 WHERE id = NEW.share_id;
END;

CREATE TRIGGER share_photos_removed AFTER DELETE ON share_photos
BEGIN
    UPDATE shares SET view_version = view_version + 1 WHERE id = OLD.share_id;
END;

CREATE TRIGGER products_view_version AFTER UPDATE ON products
WHEN NEW.view_version = OLD.view_version
BEGIN
    UPDATE products SET view_version = OLD.view_version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER merchants_product_view AFTER UPDATE ON merchants
BEGIN
    UPDATE products SET view_version = view_version + 1 WHERE merchant_id = NEW.id;
END;

CREATE TRIGGER users_view_version AFTER UPDATE OF handle, display_name ON users
WHEN NEW.view_version = OLD.view_version
BEGIN
    UPDATE users SET view_version = OLD.view_version + 1 WHERE id = NEW.id;
END;
