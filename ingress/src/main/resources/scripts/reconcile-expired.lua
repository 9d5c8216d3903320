-- Replays the restock of an order the database expired into Redis, after a master switch
-- that may have lost the first write of it (expire-purchase.lua, whose marker was lost with
-- it). At most once per purchase, by the same marker; not when Redis lost the purchase
-- itself (it then never took the items).
-- KEYS[1] purchase hash, KEYS[2] remaining stock, KEYS[3] buyers hash,
-- KEYS[4] restock marker of the purchase
-- ARGV[1] user id, ARGV[2] quantity, ARGV[3] ttl seconds of the marker and purchase hash
-- Returns 1 if the stock was given back now, 0 otherwise.
if redis.call('HEXISTS', KEYS[1], 'saleId') == 0 then
  return 0
end
if not redis.call('SET', KEYS[4], '1', 'NX', 'EX', ARGV[3]) then
  return 0
end
local quantity = tonumber(ARGV[2])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('INCRBY', KEYS[2], quantity)
end
local bought = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if bought > 0 then
  redis.call('HSET', KEYS[3], ARGV[1], math.max(0, bought - quantity))
end
redis.call('HSET', KEYS[1], 'status', 'EXPIRED')
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
