#!/bin/sh
# Starts a Redis data node: the first start writes /data/redis.conf from the template (as a
# replica of $REPLICA_OF when set); later starts keep what Sentinel rewrote there. The password
# comes from the environment on every start, so changing it in .env takes effect on restart.
set -eu
: "${ANNOUNCE_HOST:?ANNOUNCE_HOST must name this node's compose service}"
: "${REDIS_PASSWORD:?REDIS_PASSWORD must be set (compose/.env)}"
conf=/data/redis.conf
if [ ! -f "$conf" ]; then
	sed "s/@ANNOUNCE_HOST@/$ANNOUNCE_HOST/" /etc/seckill/redis.conf >"$conf"
	if [ -n "${REPLICA_OF:-}" ]; then
		echo "replicaof $REPLICA_OF" >>"$conf"
	fi
fi
sed -i -e '/^requirepass /d' -e '/^masterauth /d' "$conf"
printf 'requirepass "%s"\nmasterauth "%s"\n' "$REDIS_PASSWORD" "$REDIS_PASSWORD" >>"$conf"
# The image's entrypoint hands /data to the redis user and drops root.
exec docker-entrypoint.sh redis-server "$conf"
