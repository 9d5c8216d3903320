-- Deletes the outbox entries every relay is done with: acknowledged, yet left in the stream
-- (an XDEL lost with a master that died before replicating it, or a round that failed between
-- its XACK and its XDEL). Keeps every entry still pending with a relay and every entry not yet
-- delivered to the group: the threshold is the oldest pending entry, or else the one after the
-- group's last delivered entry. Read and trimmed in one script, so no relay reads in between.
-- KEYS[1] the outbox stream; ARGV[1] the relays' consumer group. Returns the entries deleted.
if redis.call('EXISTS', KEYS[1]) == 0 then
	return 0
end
local lastDelivered
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
	local name, last
	for i = 1, #group, 2 do
		if group[i] == 'name' then
			name = group[i + 1]
		elseif group[i] == 'last-delivered-id' then
			last = group[i + 1]
		end
	end
	if name == ARGV[1] then
		lastDelivered = last
	end
end
if not lastDelivered then
	return 0
end
local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
local threshold
if tonumber(pending[1]) > 0 then
	threshold = pending[2]
else
	local ms, seq = string.match(lastDelivered, '^(%d+)%-(%d+)$')
	threshold = ms .. '-' .. string.format('%d', tonumber(seq) + 1)
end
return redis.call('XTRIM', KEYS[1], 'MINID', threshold)
