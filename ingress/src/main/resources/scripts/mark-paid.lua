-- Marks a purchase PAID for polling, if Redis still holds it.
-- KEYS[1] purchase hash
-- Returns 1 if marked, 0 if the purchase is not in Redis.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'PAID')
return 1
