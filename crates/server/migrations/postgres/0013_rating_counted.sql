-- A share's rating is in its product's average exactly while `rating_counted` is 1: it is
-- set when a verified share is posted and cleared by one conditional UPDATE when the
-- share is deleted or its order refunded, so racing deletes and refunds take it out once.
ALTER TABLE shares ADD COLUMN rating_counted BIGINT NOT NULL DEFAULT 0;
UPDATE shares SET rating_counted = 1
 WHERE rating IS NOT NULL AND status <> 'deleted'
   AND EXISTS (SELECT 1 FROM orders o WHERE o.id = shares.order_id AND o.status = 'delivered');
UPDATE products SET
  rating_sum = COALESCE((SELECT SUM(s.rating) FROM shares s WHERE s.product_id = products.id AND s.rating_counted = 1), 0),
  rating_count = (SELECT COUNT(*) FROM shares s WHERE s.product_id = products.id AND s.rating_counted = 1);
