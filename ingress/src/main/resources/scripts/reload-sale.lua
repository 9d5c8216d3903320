-- Loads a sale that a master switch lost from Redis again (it was created moments before
-- the failover), with the stock the database has left.
-- KEYS[1] sale settings hash, KEYS[2] remaining stock, KEYS[3] set of sales with a waiting room
-- ARGV[1] item, ARGV[2] stock, ARGV[3] per-user limit, ARGV[4] startsAt, ARGV[5] endsAt
-- (epoch ms), ARGV[6] stock the database has left, ARGV[7] sale id, and for a waiting room
-- (all '' without one): ARGV[8] admission window (ms), ARGV[9] admission rate, ARGV[10]
-- pre-queue window (ms)
-- Returns 1 if the sale was loaded, 0 if Redis has it.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'item', ARGV[1], 'stock', ARGV[2], 'limit', ARGV[3], 'startsAt', ARGV[4],
  'endsAt', ARGV[5])
if ARGV[8] ~= '' then
  -- Without 'room' the sale would take purchases without admission.
  redis.call('HSET', KEYS[1], 'room', ARGV[8], 'roomRate', ARGV[9], 'roomPrequeue', ARGV[10])
  redis.call('SADD', KEYS[3], ARGV[7])
end
redis.call('SET', KEYS[2], ARGV[6], 'NX')
return 1
