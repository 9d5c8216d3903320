-- Shared by the waiting room scripts (issue 11), prepended to each of them. Every key a
-- function touches is one of the calling script's KEYS, named here as:
-- SALE sale settings hash, ROOM room state hash, EARLY early arrivals (sorted set),
-- LOG advances of the serving counter (sorted set), REMAINING remaining stock.
-- A waiting room's positions: the early arrivals (before startsAt) take 1..early in the
-- random order of their scores, fixed ("sealed") at the opening; later arrivals take
-- early + 1, early + 2, ... in arrival order. A position is admitted once the serving
-- counter 'served' reached it; LOG says when that was.

local function nowMillis()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- At the first call at or after the opening, fixes how many early arrivals there are.
local function seal(ROOM, EARLY, now, startsAt)
  if now < startsAt or redis.call('HGET', ROOM, 'sealed') == '1' then
    return
  end
  redis.call('HSET', ROOM, 'sealed', '1', 'early', redis.call('ZCARD', EARLY), 'tick', tostring(startsAt))
  redis.call('HSETNX', ROOM, 'served', '0')
  redis.call('HSETNX', ROOM, 'issued', '0')
end

-- A ticket's position, or nil for an early arrival before the opening.
local function position(ROOM, EARLY, ticketId, early, seq)
  if redis.call('HGET', ROOM, 'sealed') ~= '1' then
    return nil
  end
  if early == '1' then
    return redis.call('ZRANK', EARLY, ticketId) + 1
  end
  return tonumber(redis.call('HGET', ROOM, 'early') or '0') + tonumber(seq)
end

-- When the serving counter reached a position (epoch ms), or nil if it has not.
local function admittedAt(LOG, pos)
  local first = redis.call('ZRANGEBYSCORE', LOG, pos, '+inf', 'LIMIT', 0, 1)
  if not first[1] then
    return nil
  end
  return tonumber(string.match(first[1], ':(%d+)$'))
end

-- {status, position (-1 unknown), served, last position, rate, admittedUntil (0 none),
--  purchase id ('' none), startsAt}
-- status: WAITING, ADMITTED, SOLD_OUT, EXPIRED (admission window or sale over), USED
local function ticketState(SALE, ROOM, EARLY, LOG, REMAINING, TICKET, ticketId, now)
  local sale = redis.call('HMGET', SALE, 'startsAt', 'endsAt', 'room')
  local ticket = redis.call('HMGET', TICKET, 'early', 'seq', 'used')
  local room = redis.call('HMGET', ROOM, 'served', 'early', 'issued', 'rate')
  local served = tonumber(room[1] or '0')
  local last = tonumber(room[2] or '0') + tonumber(room[3] or '0')
  if room[2] == false then
    last = redis.call('ZCARD', EARLY)
  end
  local pos = position(ROOM, EARLY, ticketId, ticket[1], ticket[2])
  local reply = {'WAITING', pos or -1, served, last, room[4] or '0', 0, ticket[3] or '', sale[1]}
  if ticket[3] then
    reply[1] = 'USED'
    return reply
  end
  local remaining = tonumber(redis.call('GET', REMAINING) or '0')
  local at = pos and pos <= served and admittedAt(LOG, pos)
  if at then
    reply[6] = at + tonumber(sale[3])
    if now >= reply[6] then
      reply[1] = 'EXPIRED'
      return reply
    end
    reply[1] = 'ADMITTED'
  end
  if now >= tonumber(sale[2]) then
    reply[1] = 'EXPIRED'
  elseif remaining <= 0 then
    reply[1] = 'SOLD_OUT'
  end
  return reply
end
