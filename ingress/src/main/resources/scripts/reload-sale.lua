-- Loads a sale that a master switch lost from Redis again (it was created moments before
-- the failover), with the stock the database has left.
-- KEYS[1] sale settings hash, KEYS[2] remaining stock
-- ARGV[1] item, ARGV[2] stock, ARGV[3] per-user limit, ARGV[4] startsAt, ARGV[5] endsAt
-- (epoch ms), ARGV[6] stock the database has left
-- Returns 1 if the sale was loaded, 0 if Redis has it.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'item', ARGV[1], 'stock', ARGV[2], 'limit', ARGV[3], 'startsAt', ARGV[4],
  'endsAt', ARGV[5])
redis.call('SET', KEYS[2], ARGV[6], 'NX')
return 1
