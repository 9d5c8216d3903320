#!/usr/bin/env bash
# Times the workers' drain: DRAIN_MESSAGES (10000) accepted purchases published straight
# onto seckill.reservations, until every one is an order. Needs ./seckill up (same
# SECKILL_DB_NAME / SECKILL_RABBITMQ_VHOST); borrows the reservation-worker jar's libraries.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source "$ROOT/scripts/jdk.sh"
select_jdk
libs=$ROOT/.seckill/drain-bench
jar=$ROOT/reservation-worker/target/seckill-reservation-worker-0.1.0-SNAPSHOT-exec.jar
[[ -f $jar ]] || { echo "no $jar: ./seckill build first" >&2; exit 1; }
if [[ ! -d $libs/lib || $jar -nt $libs/lib ]]; then
	rm -rf "$libs"
	"$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$libs" >/dev/null
fi
exec "$JAVA_HOME/bin/java" -Xmx256m --class-path "$(ls "$libs"/lib/*.jar | paste -sd:)" "$ROOT/scripts/DrainBench.java"
