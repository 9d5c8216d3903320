-- Advances a sale's serving counter at the admission rate (room-lib.lua is prepended).
-- Safe to run from every ingress at once: the advance depends on the time elapsed since
-- the stored tick, not on how many tickers call, and the fraction of a position not yet
-- due is carried in the tick. Time with nothing to admit (an empty line, no stock, as many
-- admitted shoppers who may still buy as there are items left) is not banked: when stock
-- comes back, the line moves at the rate again, not in a burst.
-- KEYS[1] sale settings hash, KEYS[2] room state hash, KEYS[3] early arrivals,
-- KEYS[4] advances log, KEYS[5] remaining stock
-- ARGV[1] the rate to use when the sale's rate is 'auto' (per second)
-- Returns {'GONE'} (no such sale), {'ENDED'}, or {'OPEN' | 'BEFORE', served, last position,
-- remaining stock, rate, used tickets, admitted before now - admission window, startsAt}
local now = nowMillis()
local sale = redis.call('HMGET', KEYS[1], 'startsAt', 'endsAt', 'room', 'roomRate')
if not sale[1] or not sale[3] then
  return {'GONE'}
end
if now >= tonumber(sale[2]) then
  return {'ENDED'}
end
local startsAt = tonumber(sale[1])
local rate = tonumber(ARGV[1])
if sale[4] ~= 'auto' then
  rate = tonumber(sale[4])
end
local remaining = tonumber(redis.call('GET', KEYS[5]) or '0')
if now < startsAt then
  return {'BEFORE', '0', tostring(redis.call('ZCARD', KEYS[3])), tostring(remaining), tostring(rate), '0', '0',
    sale[1]}
end
seal(KEYS[2], KEYS[3], now, startsAt)
local room = redis.call('HMGET', KEYS[2], 'served', 'early', 'issued', 'tick', 'used')
local served = tonumber(room[1])
local last = tonumber(room[2]) + tonumber(room[3])
local tick = tonumber(room[4])
local used = tonumber(room[5] or '0')
-- 'lapsed' walks the log behind the present: positions whose admission window is over.
local window = tonumber(sale[3])
local lapsed = tonumber(redis.call('HGET', KEYS[2], 'lapsed') or '0')
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '(' .. lapsed, '+inf', 'LIMIT', 0, 100)) do
  local s, at = string.match(member, '^(%d+):(%d+)$')
  if tonumber(at) + window > now then
    break
  end
  lapsed = tonumber(s)
end
redis.call('HSET', KEYS[2], 'lapsed', tostring(lapsed))
-- Admitted shoppers who may still buy stay within the stock left, so that an admission is
-- not a ticket to "sold out". Of the positions admitted, at least max(used, lapsed) can buy
-- no more (a used ticket bought; a lapsed window, if unused, ended): at most
-- served - max(used, lapsed) may, and the line moves only while that is below the stock.
local open = math.max(used, lapsed) + remaining - served
if remaining <= 0 or served >= last or rate <= 0 or open <= 0 then
  redis.call('HSET', KEYS[2], 'tick', tostring(now))
else
  local due = math.floor((now - tick) * rate / 1000)
  if due > 0 then
    local most = math.min(last - served, open)
    if due >= most then
      due = most
      tick = now
    else
      tick = tick + math.floor(due * 1000 / rate)
    end
    served = served + due
    redis.call('HSET', KEYS[2], 'served', tostring(served), 'tick', tostring(tick))
    redis.call('ZADD', KEYS[4], served, served .. ':' .. now)
  end
end
redis.call('HSET', KEYS[2], 'rate', tostring(rate))
return {'OPEN', tostring(served), tostring(last), tostring(remaining), tostring(rate), room[5] or '0',
  tostring(lapsed), sale[1]}
