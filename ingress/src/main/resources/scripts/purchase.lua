-- One purchase attempt, atomically: idempotency, the shopper's rate limit, sale window,
-- per-user limit, stock, purchase state and the outbox entry that carries it to RabbitMQ.
-- KEYS[1] sale settings hash, KEYS[2] remaining stock, KEYS[3] buyers hash,
-- KEYS[4] idempotency key of this user, KEYS[5] purchase hash of the new purchase id,
-- KEYS[6] outbox stream, KEYS[7] this user's rate limit (next attempt time, epoch ms),
-- KEYS[8] the sale's set of accepted Idempotency-Keys, KEYS[9] the sale's holdings hash
-- (user id -> comma-separated purchase ids); only with a waiting room ticket (issue 11):
-- KEYS[10] the ticket's hash, KEYS[11] room state, KEYS[12] early arrivals, KEYS[13] advances log
-- ARGV[1] user id, ARGV[2] quantity, ARGV[3] request fingerprint (sale and quantity),
-- ARGV[4] new purchase id, ARGV[5] ttl seconds of purchase state and idempotency key,
-- ARGV[6] sale id, ARGV[7] ms between attempts at the user's sustained rate (0: no limit),
-- ARGV[8] attempts the user may make at once (burst), ARGV[9] the Idempotency-Key itself,
-- ARGV[10] the ticket id (with KEYS[10..13] only)
-- Returns {code, value}:
--   ACCEPTED  new purchase id         REPLAY      the earlier purchase id
--   KEY_REUSED the earlier purchase id RATE_LIMITED ms until the next attempt is allowed
--   NO_SALE   ''                      NOT_STARTED startsAt (epoch ms)
--   ENDED     endsAt (epoch ms)       TOO_MANY    the per-user limit
--   LIMIT     quantity the user already holds, and (third element) the purchase ids they
--             made in this sale, comma-separated
--   SOLD_OUT  remaining stock
-- and on a sale with a waiting room (see room-lib.lua):
--   NOT_ADMITTED the ticket's position or ''  TICKET_INVALID ''  TICKET_NOT_YOURS ''
--   TICKET_USED  the purchase id it bought     TICKET_EXPIRED end of its admission window (epoch ms)
-- Safe to run twice with the same arguments (Lettuce may replay it after a reconnect):
-- the second run finds the idempotency key and answers REPLAY with the same id. Replays
-- come before the rate limit, so they never cost the shopper an attempt; a replayed
-- refusal may count twice against the rate limit, which changes no stock.
local remembered = redis.call('GET', KEYS[4])
if remembered then
  local bar = string.find(remembered, '|', 1, true)
  local earlier = string.sub(remembered, 1, bar - 1)
  if string.sub(remembered, bar + 1) ~= ARGV[3] then
    return {'KEY_REUSED', earlier}
  end
  return {'REPLAY', earlier}
end
local time = redis.call('TIME')
local now = time[1] .. string.format('%03d', math.floor(tonumber(time[2]) / 1000))
-- Rate limit as a generic cell rate algorithm: KEYS[7] holds when the user's next attempt
-- is due; an attempt is allowed while that is at most burst - 1 intervals ahead of now.
-- Checked before the sale exists, so probing for sales costs attempts too.
local interval = tonumber(ARGV[7])
if interval > 0 then
  local nowMs = tonumber(now)
  local due = math.max(tonumber(redis.call('GET', KEYS[7]) or '0'), nowMs)
  local early = due - nowMs - interval * (tonumber(ARGV[8]) - 1)
  if early > 0 then
    return {'RATE_LIMITED', tostring(math.ceil(early))}
  end
  redis.call('SET', KEYS[7], tostring(due + interval), 'PX', math.ceil(due + interval - nowMs))
end
local sale = redis.call('HMGET', KEYS[1], 'startsAt', 'endsAt', 'limit', 'room')
if not sale[1] then
  return {'NO_SALE', ''}
end
if tonumber(now) < tonumber(sale[1]) then
  return {'NOT_STARTED', sale[1]}
end
if tonumber(now) >= tonumber(sale[2]) then
  return {'ENDED', sale[2]}
end
-- Waiting room (issue 11): only an admitted ticket of this shopper, inside its admission
-- window, buys, and only once. A sale without one has no 'room' and skips the block.
if sale[4] then
  if not KEYS[10] then
    return {'NOT_ADMITTED', ''}
  end
  local ticket = redis.call('HMGET', KEYS[10], 'userId', 'early', 'seq', 'used')
  if not ticket[1] then
    return {'TICKET_INVALID', ''}
  end
  if ticket[1] ~= ARGV[1] then
    return {'TICKET_NOT_YOURS', ''}
  end
  if ticket[4] then
    return {'TICKET_USED', ticket[4]}
  end
  local room = redis.call('HMGET', KEYS[11], 'sealed', 'early', 'served')
  if room[1] ~= '1' then
    return {'NOT_ADMITTED', ''}
  end
  local position = tonumber(room[2]) + tonumber(ticket[3] or '0')
  if ticket[2] == '1' then
    position = redis.call('ZRANK', KEYS[12], ARGV[10]) + 1
  end
  if position > tonumber(room[3]) then
    return {'NOT_ADMITTED', tostring(position)}
  end
  local admitted = redis.call('ZRANGEBYSCORE', KEYS[13], position, '+inf', 'LIMIT', 0, 1)
  if not admitted[1] then
    return {'NOT_ADMITTED', tostring(position)}
  end
  local closes = tonumber(string.match(admitted[1], ':(%d+)$')) + tonumber(sale[4])
  if tonumber(now) >= closes then
    return {'TICKET_EXPIRED', tostring(closes)}
  end
end
local quantity = tonumber(ARGV[2])
if quantity > tonumber(sale[3]) then
  return {'TOO_MANY', sale[3]}
end
local remaining = tonumber(redis.call('GET', KEYS[2]) or '0')
if remaining < quantity then
  return {'SOLD_OUT', tostring(remaining)}
end
local bought = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if bought + quantity > tonumber(sale[3]) then
  return {'LIMIT', tostring(bought), redis.call('HGET', KEYS[9], ARGV[1]) or ''}
end
redis.call('DECRBY', KEYS[2], quantity)
redis.call('HINCRBY', KEYS[3], ARGV[1], quantity)
redis.call('HSET', KEYS[5], 'saleId', ARGV[6], 'userId', ARGV[1], 'quantity', ARGV[2], 'status', 'PENDING',
  'acceptedAt', now)
redis.call('EXPIRE', KEYS[5], ARGV[5])
redis.call('SET', KEYS[4], ARGV[4] .. '|' .. ARGV[3], 'EX', ARGV[5])
redis.call('SADD', KEYS[8], ARGV[9])
redis.call('EXPIRE', KEYS[8], ARGV[5])
local held = redis.call('HGET', KEYS[9], ARGV[1])
redis.call('HSET', KEYS[9], ARGV[1], held and (held .. ',' .. ARGV[4]) or ARGV[4])
redis.call('EXPIRE', KEYS[9], ARGV[5])
if sale[4] then
  redis.call('HSET', KEYS[10], 'used', ARGV[4])
  redis.call('HINCRBY', KEYS[11], 'used', 1)
end
redis.call('XADD', KEYS[6], '*', 'purchaseId', ARGV[4], 'saleId', ARGV[6], 'userId', ARGV[1],
  'quantity', ARGV[2], 'acceptedAt', now)
return {'ACCEPTED', ARGV[4]}
