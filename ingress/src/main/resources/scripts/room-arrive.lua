-- A shopper arrives at a sale's waiting room: their ticket, new or the one they hold.
-- (room-lib.lua is prepended.)
-- KEYS[1] sale settings hash, KEYS[2] room state hash, KEYS[3] user -> ticket hash,
-- KEYS[4] early arrivals, KEYS[5] advances log, KEYS[6] remaining stock,
-- KEYS[7] the new ticket's hash, KEYS[8] prefix of ticket hash keys (same hash slot)
-- ARGV[1] user id, ARGV[2] new ticket id, ARGV[3] random score in [0, 1) for an early arrival
-- Returns {'NO_SALE'}, {'NO_ROOM'}, {'ENDED', endsAt}, {'NOT_OPEN', first arrival time},
-- or {'NEW' | 'HELD', ticket id, ticketState...}
local now = nowMillis()
local sale = redis.call('HMGET', KEYS[1], 'startsAt', 'endsAt', 'room', 'roomPrequeue')
if not sale[1] then
  return {'NO_SALE'}
end
if not sale[3] then
  return {'NO_ROOM'}
end
local startsAt = tonumber(sale[1])
local endsAt = tonumber(sale[2])
seal(KEYS[2], KEYS[4], now, startsAt)
local held = redis.call('HGET', KEYS[3], ARGV[1])
local answer = 'HELD'
local ticketId = held
local ticketKey = held and (KEYS[8] .. held)
if not held then
  if now >= endsAt then
    return {'ENDED', tostring(endsAt)}
  end
  if now < startsAt - tonumber(sale[4]) then
    return {'NOT_OPEN', tostring(startsAt - tonumber(sale[4]))}
  end
  answer = 'NEW'
  ticketId = ARGV[2]
  ticketKey = KEYS[7]
  if now < startsAt then
    redis.call('ZADD', KEYS[4], ARGV[3], ticketId)
    redis.call('HSET', ticketKey, 'userId', ARGV[1], 'arrivedAt', tostring(now), 'early', '1')
  else
    local seq = redis.call('HINCRBY', KEYS[2], 'issued', 1)
    redis.call('HSET', ticketKey, 'userId', ARGV[1], 'arrivedAt', tostring(now), 'seq', tostring(seq))
  end
  redis.call('HSET', KEYS[3], ARGV[1], ticketId)
  -- Kept a day past the end, for the operators' figures.
  local keep = math.floor(endsAt / 1000) + 86400
  for _, key in ipairs({KEYS[2], KEYS[3], KEYS[4], KEYS[5], ticketKey}) do
    redis.call('EXPIREAT', key, keep)
  end
end
local state = ticketState(KEYS[1], KEYS[2], KEYS[4], KEYS[5], KEYS[6], ticketKey, ticketId, now)
local reply = {answer, ticketId}
for i = 1, #state do
  reply[#reply + 1] = tostring(state[i])
end
return reply
