-- Loads a sale into Redis.
-- KEYS[1] sale settings hash, KEYS[2] remaining stock
-- ARGV[1] item, ARGV[2] stock, ARGV[3] per-user limit, ARGV[4] startsAt, ARGV[5] endsAt (epoch ms)
-- Returns {'CREATED'}, {'SAME'} when this very sale is already loaded (a retried create),
-- or {'CONFLICT'} when another sale holds the id.
if redis.call('EXISTS', KEYS[1]) == 1 then
  local current = redis.call('HMGET', KEYS[1], 'item', 'stock', 'limit', 'startsAt', 'endsAt')
  for i = 1, 5 do
    if current[i] ~= ARGV[i] then
      return {'CONFLICT'}
    end
  end
  return {'SAME'}
end
redis.call('HSET', KEYS[1], 'item', ARGV[1], 'stock', ARGV[2], 'limit', ARGV[3], 'startsAt', ARGV[4],
  'endsAt', ARGV[5])
redis.call('SET', KEYS[2], ARGV[2])
return {'CREATED'}
