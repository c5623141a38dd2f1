-- The buyers' rating of a product, kept up to date by the writes that change it
-- (a rated share, a refund, a deletion), so a topic page does not read every share.
ALTER TABLE products ADD COLUMN rating_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN rating_count INTEGER NOT NULL DEFAULT 0;
UPDATE products SET
    rating_sum = (SELECT COALESCE(SUM(s.rating), 0) FROM shares s JOIN orders o ON o.id = s.order_id
                  WHERE s.product_id = products.id AND s.rating IS NOT NULL AND s.status = 'visible' AND o.status = 'delivered'),
    rating_count = (SELECT COUNT(*) FROM shares s JOIN orders o ON o.id = s.order_id
                    WHERE s.product_id = products.id AND s.rating IS NOT NULL AND s.status = 'visible' AND o.status = 'delivered');
-- A product's shares by quality (likes), newest first among equals: a topic page reads 20.
CREATE INDEX shares_product_quality ON shares (product_id, like_count, id);
