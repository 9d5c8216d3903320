#!/bin/sh
# Starts a sentinel: the first start writes /data/sentinel.conf from the template; later starts
# keep what the sentinel learned (current master, replicas, peers, epochs) and take the timings
# and the password from the template and the environment again.
set -eu
: "${ANNOUNCE_HOST:?ANNOUNCE_HOST must name this sentinel's compose service}"
: "${REDIS_PASSWORD:?REDIS_PASSWORD must be set (compose/.env)}"
: "${DOWN_AFTER_MS:?DOWN_AFTER_MS must give this sentinel's down-after-milliseconds}"
template=/etc/seckill/sentinel.conf
conf=/data/sentinel.conf
if [ ! -f "$conf" ]; then
	sed -e "s/@ANNOUNCE_HOST@/$ANNOUNCE_HOST/" -e "s/@DOWN_AFTER_MS@/$DOWN_AFTER_MS/" "$template" >"$conf"
fi
# Appended after Sentinel's own "sentinel monitor" line, which they refer to.
sed -i -E '/^sentinel (auth-pass|down-after-milliseconds|failover-timeout|parallel-syncs) /d' "$conf"
grep -E '^sentinel (down-after-milliseconds|failover-timeout|parallel-syncs) ' "$template" |
	sed "s/@DOWN_AFTER_MS@/$DOWN_AFTER_MS/" >>"$conf"
printf 'sentinel auth-pass seckill "%s"\n' "$REDIS_PASSWORD" >>"$conf"
exec docker-entrypoint.sh redis-server "$conf" --sentinel
