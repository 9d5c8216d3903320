#!/bin/sh
# Starts a sentinel: the first start writes /data/sentinel.conf from the template; later starts
# keep what the sentinel learned (current master, replicas, peers, epochs).
set -eu
: "${ANNOUNCE_HOST:?ANNOUNCE_HOST must name this sentinel's compose service}"
: "${REDIS_PASSWORD:?REDIS_PASSWORD must be set (compose/.env)}"
conf=/data/sentinel.conf
if [ ! -f "$conf" ]; then
	sed "s/@ANNOUNCE_HOST@/$ANNOUNCE_HOST/" /etc/seckill/sentinel.conf >"$conf"
fi
sed -i '/^sentinel auth-pass /d' "$conf"
printf 'sentinel auth-pass seckill "%s"\n' "$REDIS_PASSWORD" >>"$conf"
exec docker-entrypoint.sh redis-server "$conf" --sentinel
