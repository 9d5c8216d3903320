-- Puts back a purchase this ingress answered 202 that a failover lost: the new master was
-- promoted from a replica that never received it. The shopper was promised the purchase,
-- so it goes through again whatever stock Redis shows now; the database decides, as for
-- every purchase. Run only after a master switch, for purchases answered in the last minute.
-- KEYS[1] remaining stock, KEYS[2] buyers hash, KEYS[3] idempotency key of the user,
-- KEYS[4] purchase hash, KEYS[5] outbox stream, KEYS[6] the sale's accepted Idempotency-Keys,
-- KEYS[7] the sale's holdings hash (user id -> comma-separated purchase ids)
-- ARGV[1] user id, ARGV[2] quantity, ARGV[3] request fingerprint, ARGV[4] purchase id,
-- ARGV[5] ttl seconds, ARGV[6] sale id, ARGV[7] acceptedAt (epoch ms), ARGV[8] the
-- Idempotency-Key itself
-- Returns 1 if the purchase was put back, 0 if Redis still has it.
if redis.call('HEXISTS', KEYS[4], 'saleId') == 1 then
  return 0
end
-- A worker may have written the database's decision (CONFIRMED, REJECTED, EXPIRED) over the
-- lost purchase already: keep that status, and send the purchase on only if undecided.
local status = redis.call('HGET', KEYS[4], 'status') or 'PENDING'
if status ~= 'REJECTED' and status ~= 'EXPIRED' then
  if redis.call('EXISTS', KEYS[1]) == 1 then
    -- May go below zero when the items were sold again meanwhile: Redis then answers sold
    -- out until the database's rejections give stock back.
    redis.call('DECRBY', KEYS[1], ARGV[2])
  end
  redis.call('HINCRBY', KEYS[2], ARGV[1], ARGV[2])
  local held = redis.call('HGET', KEYS[7], ARGV[1])
  redis.call('HSET', KEYS[7], ARGV[1], held and (held .. ',' .. ARGV[4]) or ARGV[4])
  redis.call('EXPIRE', KEYS[7], ARGV[5])
end
redis.call('HSET', KEYS[4], 'saleId', ARGV[6], 'userId', ARGV[1], 'quantity', ARGV[2], 'status', status,
  'acceptedAt', ARGV[7])
redis.call('EXPIRE', KEYS[4], ARGV[5])
redis.call('SET', KEYS[3], ARGV[4] .. '|' .. ARGV[3], 'NX', 'EX', ARGV[5])
redis.call('SADD', KEYS[6], ARGV[8])
redis.call('EXPIRE', KEYS[6], ARGV[5])
if status == 'PENDING' then
  redis.call('XADD', KEYS[5], '*', 'purchaseId', ARGV[4], 'saleId', ARGV[6], 'userId', ARGV[1],
    'quantity', ARGV[2], 'acceptedAt', ARGV[7])
end
return 1
