#!/bin/sh
# Starts a Redis data node. The first start writes /data/redis.conf from the template (as a
# replica of $REPLICA_OF when set); later starts keep what Sentinel rewrote there, but first ask
# the sentinels which node is the master now: a node restarted by Docker's restart policy must
# not come back as a second master, nor follow a master that is gone. The password comes from
# the environment on every start, so changing it in .env takes effect on restart.
set -eu
: "${ANNOUNCE_HOST:?ANNOUNCE_HOST must name this node's compose service}"
: "${REDIS_PASSWORD:?REDIS_PASSWORD must be set (compose/.env)}"
: "${SENTINELS:?SENTINELS must list the sentinels as host:port, space-separated}"
: "${MASTER_NAME:?MASTER_NAME must be the master name the sentinels monitor}"
# How long a restarted master waits for the sentinels to promote one of its replicas.
: "${FAILOVER_WAIT_SECONDS:=30}"
conf=/data/redis.conf

# "host port" of the master, as the sentinel with the newest configuration (highest config-epoch)
# names it; nothing when no sentinel answers (a cold start: they start after the data nodes).
sentinels_master() {
	for sentinel in $SENTINELS; do
		env -u REDISCLI_AUTH timeout 2 redis-cli -h "${sentinel%:*}" -p "${sentinel##*:}" --no-auth-warning \
			SENTINEL master "$MASTER_NAME" 2>/dev/null |
			awk 'prev == "ip" { ip = $0 } prev == "port" { port = $0 } prev == "config-epoch" { epoch = $0 }
				{ prev = $0 } END { if (ip != "" && port != "") print epoch + 0, ip, port }' || true
	done | sort -n -r | head -n 1 | cut -d' ' -f2-
}

follow() { # host port
	sed -i -E '/^(replicaof|slaveof) /d' "$conf"
	echo "replicaof $1 $2" >>"$conf"
	echo "redis-node: following the master the sentinels name, $1:$2"
}

if [ ! -f "$conf" ]; then
	sed "s/@ANNOUNCE_HOST@/$ANNOUNCE_HOST/" /etc/seckill/redis.conf >"$conf"
	if [ -n "${REPLICA_OF:-}" ]; then
		echo "replicaof $REPLICA_OF" >>"$conf"
	fi
else
	self="$ANNOUNCE_HOST $(awk '$1 == "port" { print $2; exit }' "$conf")"
	master=$(sentinels_master)
	if [ "$master" = "$self" ]; then
		# This node was the master and died. Its data on disk may lack the last second of writes
		# (appendfsync everysec) that its replicas hold: starting as master now would make them
		# drop their copy and resync from this one. Let the sentinels promote a replica first.
		echo "redis-node: the sentinels still name this node master; waiting up to ${FAILOVER_WAIT_SECONDS}s for a failover"
		waited=0
		while [ "$master" = "$self" ] && [ "$waited" -lt "$FAILOVER_WAIT_SECONDS" ]; do
			sleep 1
			waited=$((waited + 1))
			master=$(sentinels_master)
		done
	fi
	if [ -n "$master" ] && [ "$master" != "$self" ]; then
		follow "${master% *}" "${master#* }"
	elif [ -n "$master" ]; then
		echo "redis-node: no failover within ${FAILOVER_WAIT_SECONDS}s (no replica to promote): starting as the master with the data on disk"
		sed -i -E '/^(replicaof|slaveof) /d' "$conf"
	fi
fi
sed -i -e '/^requirepass /d' -e '/^masterauth /d' "$conf"
printf 'requirepass "%s"\nmasterauth "%s"\n' "$REDIS_PASSWORD" "$REDIS_PASSWORD" >>"$conf"
# The image's entrypoint hands /data to the redis user and drops root.
exec docker-entrypoint.sh redis-server "$conf"
