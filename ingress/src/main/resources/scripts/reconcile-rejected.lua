-- Replays a rejection the database decided into Redis, after a master switch that may have
-- lost the first write of it (reject-purchase.lua): the shopper's count drops back and the
-- items return to the Redis stock, capped at what the database has left. At most once: not
-- when Redis already shows the rejection, and not when Redis lost the purchase itself (it
-- then never took the items).
-- KEYS[1] purchase hash, KEYS[2] remaining stock, KEYS[3] buyers hash
-- ARGV[1] user id, ARGV[2] quantity, ARGV[3] reason, ARGV[4] stock the database has left,
-- ARGV[5] ttl seconds of the purchase hash
-- Returns 1 if the rejection was replayed now, 0 otherwise.
local status = redis.call('HGET', KEYS[1], 'status')
if not status or status == 'REJECTED' or redis.call('HEXISTS', KEYS[1], 'saleId') == 0 then
  return 0
end
local quantity = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'status', 'REJECTED', 'reason', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[5])
local bought = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if bought > 0 then
  redis.call('HSET', KEYS[3], ARGV[1], math.max(0, bought - quantity))
end
local remaining = redis.call('GET', KEYS[2])
if remaining then
  redis.call('SET', KEYS[2], math.max(0, math.min(tonumber(remaining) + quantity, tonumber(ARGV[4]))))
end
return 1
