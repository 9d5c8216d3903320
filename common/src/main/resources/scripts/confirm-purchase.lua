-- Marks a purchase CONFIRMED with its order id.
-- KEYS[1] purchase hash
-- ARGV[1] order id, ARGV[2] ttl seconds of the purchase hash
-- Returns 1 if the status changed, 0 if the purchase was already past PENDING (PAID or
-- EXPIRED written by a later step must not be overwritten by a redelivered message).
local status = redis.call('HGET', KEYS[1], 'status')
redis.call('HSET', KEYS[1], 'orderId', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if status == false or status == 'PENDING' then
  redis.call('HSET', KEYS[1], 'status', 'CONFIRMED')
  return 1
end
return 0
