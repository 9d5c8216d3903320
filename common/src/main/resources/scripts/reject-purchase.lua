-- Marks a purchase REJECTED and corrects the sale's Redis view.
-- KEYS[1] purchase hash, KEYS[2] sale remaining stock, KEYS[3] sale buyers hash
-- ARGV[1] user id, ARGV[2] quantity, ARGV[3] reason, ARGV[4] stock the database has left,
-- ARGV[5] ttl seconds of the purchase hash, ARGV[6] mode, 'live' or 'replay' (ScriptMode;
-- its one caller is RejectPurchaseScript): 'replay' when the failover reconciler replays a
-- rejection the database decided (a master switch may have lost the first run): then
-- nothing happens if Redis lost the purchase itself, because it never took the items.
-- Returns 1 if this call rejected the purchase, 0 if it was already rejected (or replay
-- found no purchase).
-- A call that forgot the mode fails loudly rather than running as the other one.
if ARGV[6] ~= 'live' and ARGV[6] ~= 'replay' then
  return redis.error_reply('ERR mode (ARGV[6]) must be live or replay')
end
if redis.call('HGET', KEYS[1], 'status') == 'REJECTED' then
  return 0
end
if ARGV[6] == 'replay' and redis.call('HEXISTS', KEYS[1], 'saleId') == 0 then
  return 0
end
local quantity = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'status', 'REJECTED', 'reason', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[5])
-- The rejected items never left the database: they no longer count against the shopper.
local bought = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if bought > 0 then
  redis.call('HSET', KEYS[3], ARGV[1], math.max(0, bought - quantity))
end
-- Redis took the items from its view; give them back but never above what the database holds.
local remaining = redis.call('GET', KEYS[2])
if remaining then
  local corrected = math.max(0, math.min(tonumber(remaining) + quantity, tonumber(ARGV[4])))
  redis.call('SET', KEYS[2], corrected)
end
return 1
