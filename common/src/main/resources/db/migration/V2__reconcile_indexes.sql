-- The failover reconciler replays recent decisions into Redis after every master switch:
-- rejections and expiries since a moment shortly before the switch. Without these indexes
-- each replay scans every reservation and order ever made, on the very tables the workers
-- are busy writing during the sale.
CREATE INDEX reservations_by_decision ON reservations (status, created_at);
CREATE INDEX orders_by_expiry ON orders (status, expired_at);
