-- Loads a sale into Redis.
-- KEYS[1] sale settings hash, KEYS[2] remaining stock, KEYS[3] set of sales with a waiting room
-- ARGV[1] item, ARGV[2] stock, ARGV[3] per-user limit, ARGV[4] startsAt, ARGV[5] endsAt (epoch ms),
-- ARGV[6] sale id, and for a waiting room (all '' without one): ARGV[7] admission window (ms),
-- ARGV[8] admission rate ('auto' or per second), ARGV[9] pre-queue window (ms)
-- Returns {'CREATED'}, {'SAME'} when this very sale is already loaded (a retried create),
-- or {'CONFLICT'} when another sale holds the id.
if redis.call('EXISTS', KEYS[1]) == 1 then
  local current = redis.call('HMGET', KEYS[1], 'item', 'stock', 'limit', 'startsAt', 'endsAt', 'room', 'roomRate',
    'roomPrequeue')
  for i = 1, 5 do
    if current[i] ~= ARGV[i] then
      return {'CONFLICT'}
    end
  end
  for i = 6, 8 do
    if (current[i] or '') ~= ARGV[i + 1] then
      return {'CONFLICT'}
    end
  end
  return {'SAME'}
end
redis.call('HSET', KEYS[1], 'item', ARGV[1], 'stock', ARGV[2], 'limit', ARGV[3], 'startsAt', ARGV[4],
  'endsAt', ARGV[5])
if ARGV[7] ~= '' then
  -- 'room' is the field purchase.lua reads: its presence means a waiting room.
  redis.call('HSET', KEYS[1], 'room', ARGV[7], 'roomRate', ARGV[8], 'roomPrequeue', ARGV[9])
  redis.call('SADD', KEYS[3], ARGV[6])
end
redis.call('SET', KEYS[2], ARGV[2])
return {'CREATED'}
