-- Where a ticket stands. (room-lib.lua is prepended.)
-- KEYS[1] sale settings hash, KEYS[2] room state hash, KEYS[3] early arrivals,
-- KEYS[4] advances log, KEYS[5] remaining stock, KEYS[6] the ticket's hash
-- ARGV[1] user id asking, ARGV[2] ticket id
-- Returns {'UNKNOWN'} for no such ticket or another shopper's, else {'OK', ticketState...}
local ticket = redis.call('HGET', KEYS[6], 'userId')
if ticket ~= ARGV[1] then
  return {'UNKNOWN'}
end
local now = nowMillis()
local startsAt = redis.call('HGET', KEYS[1], 'startsAt')
if not startsAt then
  return {'UNKNOWN'}
end
seal(KEYS[2], KEYS[3], now, tonumber(startsAt))
local state = ticketState(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[2], now)
local reply = {'OK'}
for i = 1, #state do
  reply[#reply + 1] = tostring(state[i])
end
return reply
