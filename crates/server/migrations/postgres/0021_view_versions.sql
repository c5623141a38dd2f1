-- Every process keeps the shares it has shown, hydrated, and checks them against these
-- versions before showing them again (one small query instead of the share's join, its
-- photos and its product). The triggers bump them on any change that shows in a share,
-- whichever code or process makes it: a share's own columns (likes, comments, text,
-- status, rank), its order's status (已购), its photos; its product's columns (stock,
-- price, status …) and its merchant's; its author's name.
ALTER TABLE shares ADD COLUMN view_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN view_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN view_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX shares_order ON shares (order_id) WHERE order_id IS NOT NULL;

CREATE FUNCTION bump_view_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.view_version := OLD.view_version + 1;
    RETURN NEW;
END $$;

CREATE TRIGGER shares_view_version BEFORE UPDATE ON shares
    FOR EACH ROW EXECUTE FUNCTION bump_view_version();
CREATE TRIGGER products_view_version BEFORE UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION bump_view_version();
CREATE TRIGGER users_view_version BEFORE UPDATE OF handle, display_name ON users
    FOR EACH ROW EXECUTE FUNCTION bump_view_version();

CREATE FUNCTION order_share_view() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        UPDATE shares SET view_version = view_version + 1 WHERE order_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER orders_share_view AFTER UPDATE OF status ON orders
    FOR EACH ROW EXECUTE FUNCTION order_share_view();

CREATE FUNCTION share_photos_view() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE shares SET view_version = view_version + 1
    WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.share_id ELSE NEW.share_id END;
    RETURN NULL;
END $$;
CREATE TRIGGER share_photos_view AFTER INSERT OR DELETE ON share_photos
    FOR EACH ROW EXECUTE FUNCTION share_photos_view();

CREATE FUNCTION merchant_product_view() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE products SET view_version = view_version + 1 WHERE merchant_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER merchants_product_view AFTER UPDATE ON merchants
    FOR EACH ROW EXECUTE FUNCTION merchant_product_view();
