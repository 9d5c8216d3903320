-- Gives an expired order's stock back to Redis so another shopper can buy it.
-- KEYS[1] purchase hash, KEYS[2] sale remaining stock, KEYS[3] sale buyers hash,
-- KEYS[4] restock marker of this purchase
-- ARGV[1] user id, ARGV[2] quantity, ARGV[3] ttl seconds of the marker and purchase hash,
-- ARGV[4] mode, 'live' or 'replay' (ScriptMode; its one caller is ExpirePurchaseScript):
-- 'replay' when the failover reconciler replays an expiry the database decided (a master
-- switch may have lost the first run and its marker with it): then nothing happens if Redis
-- lost the purchase itself, because it never took the items either.
-- Returns 1 if the stock was given back now, 0 if an earlier call already did (or replay
-- found no purchase).
-- A call that forgot the mode fails loudly rather than running as the other one.
if ARGV[4] ~= 'live' and ARGV[4] ~= 'replay' then
  return redis.error_reply('ERR mode (ARGV[4]) must be live or replay')
end
if ARGV[4] == 'replay' and redis.call('HEXISTS', KEYS[1], 'saleId') == 0 then
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
