-- Loads a sale into Redis: a new sale (create), or one a master switch lost (reload: it was
-- created moments before the failover) with the stock the database has left.
-- KEYS[1] sale settings hash, KEYS[2] remaining stock, KEYS[3] set of sales with a waiting room
-- ARGV[1] item, ARGV[2] stock, ARGV[3] per-user limit, ARGV[4] startsAt, ARGV[5] endsAt (epoch ms),
-- ARGV[6] to reload, the stock the database has left ('' to create), ARGV[7] sale id, and for a
-- waiting room (all '' without one): ARGV[8] admission window (ms), ARGV[9] admission rate
-- ('auto' or per second), ARGV[10] pre-queue window (ms)
-- Returns {'CREATED'} when it loaded the sale. When Redis has it: to create, {'SAME'} if it is
-- this very sale (a retried create), {'CONFLICT'} if another sale holds the id; to reload,
-- {'PRESENT'}.
local reload = ARGV[6] ~= ''
if redis.call('EXISTS', KEYS[1]) == 1 then
  if reload then
    return {'PRESENT'}
  end
  local current = redis.call('HMGET', KEYS[1], 'item', 'stock', 'limit', 'startsAt', 'endsAt', 'room', 'roomRate',
    'roomPrequeue')
  for i = 1, 5 do
    if current[i] ~= ARGV[i] then
      return {'CONFLICT'}
    end
  end
  for i = 6, 8 do
    if (current[i] or '') ~= ARGV[i + 2] then
      return {'CONFLICT'}
    end
  end
  return {'SAME'}
end
redis.call('HSET', KEYS[1], 'item', ARGV[1], 'stock', ARGV[2], 'limit', ARGV[3], 'startsAt', ARGV[4],
  'endsAt', ARGV[5])
if ARGV[8] ~= '' then
  -- 'room' is the field purchase.lua reads: without it the sale would take purchases without
  -- admission.
  redis.call('HSET', KEYS[1], 'room', ARGV[8], 'roomRate', ARGV[9], 'roomPrequeue', ARGV[10])
  redis.call('SADD', KEYS[3], ARGV[7])
end
if reload then
  redis.call('SET', KEYS[2], ARGV[6], 'NX')
else
  redis.call('SET', KEYS[2], ARGV[2])
end
return {'CREATED'}
