# shellcheck shell=bash
# ./seckill bench: the hot path measured side by side in one run. Sourced by ./seckill, which
# provides say, die, warn, need, select_jdk, cmd_up, loadgen_jar, mariadb_client, service_pid
# and the SECKILL_* settings. Phases, in order:
#   warm-up      a few seconds of each path, so the JIT has compiled them
#   baseline     wrk GET /actuator/health/liveness            (the HTTP stack's ceiling)
#   sold-out     wrk POST purchase on a sold-out sale          (answered 410)
#   redis        redis-benchmark EVALSHA purchase.lua on the master, same concurrency
#   purchase     wrk POST purchase, rotating shoppers, stock that never runs out
#   drain        until the workers have made an order of every accepted purchase (or timeout)
# Each phase prints the load average before and after it and warns when the machine was not
# quiet at its start: more than half of its CPU busy in the second before (the 1-minute load
# average cannot tell: the previous phase raised it); load.tsv keeps them for the report.
# CPU is read per phase for the ingress, both workers, the Redis master, RabbitMQ (beam.smp)
# and MariaDB (mariadbd).
#   open loop    loadgen open-loop at fixed arrival rates (latency without coordinated omission)
# then "loadgen bench-report" writes target/bench/{report.json,index.html} and prints the text.

BENCH_USAGE='Usage: ./seckill bench [options]

Starts the system if needed ("up"), then measures, side by side in one run: the bare HTTP
baseline, the sold-out path, the Redis ceiling (EVALSHA of purchase.lua), the purchase path,
the drain, and open-loop latency at fixed arrival rates. Report on stdout, as HTML with charts
in target/bench/index.html, raw numbers as JSON/CSV/TSV in target/bench/.

  --seconds N        length of each closed-loop phase              (10,  SECKILL_BENCH_SECONDS)
  --concurrency N    connections in flight (wrk -c, redis -c)      (64,  SECKILL_BENCH_CONCURRENCY)
  --threads N        wrk threads                                   (2,   SECKILL_BENCH_THREADS)
  --users N          distinct shoppers (tokens rotated per request) (20000, SECKILL_BENCH_USERS)
  --warmup N         seconds of warm-up per path (0: none)         (3,   SECKILL_BENCH_WARMUP)
  --drain-timeout N  seconds to wait for the drain after purchases (30,  SECKILL_BENCH_DRAIN_TIMEOUT)
  --rate R[,R...]    open-loop arrival rates per second; "auto" is 50% and 80% of the
                     purchase rate just measured; "none" skips    (auto, SECKILL_BENCH_RATES)
  --open-seconds N   length of each open-loop run                  (10,  SECKILL_BENCH_OPEN_SECONDS)
  --redis-requests N EVALSHA calls redis-benchmark makes           (100000)
  --only LIST        comma list of phases: baseline,sold-out,redis,purchase,open-loop
  --out DIR          where the report goes                         (target/bench)
  --note TEXT        a line for the report (e.g. "machine shared with 4 builds")

The longer run the figures in docs/scaling.md deserve: --seconds 30 --open-seconds 30.
Needs wrk (installed with apt-get when missing and run as root) and redis-benchmark.'

bench_now_ms() { date +%s%3N; }

# A progress bar for one phase, redrawn while the command runs in the background.
bench_run_phase() { # label seconds log command...
	local label=$1 seconds=$2 log=$3 pid start elapsed width=24 filled bar rc=0 load_before load_after quiet=true busy
	local expired_before expired
	shift 3
	expired_before=$(bench_expired_count)
	load_before=$(bench_load)
	busy=$(bench_busy)
	if ((busy > BENCH_QUIET_BUSY)); then
		quiet=false
		warn "the machine was not quiet at the start of '$label': ${busy} % of its CPU busy in the second before (load average ${load_before// /, } on $(nproc) cores); its figures are not evidence"
	fi
	"$@" >"$log" 2>&1 &
	pid=$!
	start=$SECONDS
	while kill -0 "$pid" 2>/dev/null; do
		elapsed=$((SECONDS - start))
		if [[ -t 2 ]]; then
			filled=$((seconds > 0 ? (elapsed >= seconds ? width : elapsed * width / seconds) : width))
			printf -v bar '%*s' "$filled" ''
			bar=${bar// /#}
			printf -v bar '%-*s' "$width" "$bar"
			printf '\r  %-24s [%s] %3d/%d s   total %d s\033[K' "$label" "${bar// /.}" "$elapsed" "$seconds" \
				$((SECONDS - BENCH_STARTED)) >&2
		fi
		sleep 0.5
	done
	wait "$pid" || rc=$?
	if [[ -t 2 ]]; then
		printf '\r\033[K' >&2
	fi
	load_after=$(bench_load)
	expired=$(($(bench_expired_count) - expired_before))
	if ((expired > 0)); then
		quiet=false
		warn "$expired orders expired during '$label' (an earlier run's, past their payment deadline): the expiry sweep's work is in the workers', Redis's and MariaDB's CPU; its figures are not evidence"
	fi
	printf '  %-24s done in %d s, load average %s -> %s%s\n' "$label" $((SECONDS - start)) "${load_before// /, }" \
		"${load_after// /, }" "$( ((rc == 0)) || echo " (exit $rc, see ${log#"$ROOT"/})")" >&2
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$load_before" "$load_after" "$quiet" "$busy" "$expired" >>"$BENCH_DIR/load.tsv"
	return "$rc"
}

# The 1, 5 and 15 minute load averages, space separated.
bench_load() { cut -d' ' -f1-3 /proc/loadavg; }

# Orders expired so far (a count over the status index). Every bench leaves its orders unpaid;
# when their payment deadline passes (SECKILL_PAYMENT_TIMEOUT, 15 min by default) the
# order-worker's sweep expires them and gives their stock back, a wave of work that doubled the
# workers' and MariaDB's CPU per purchase in a later run beside it.
bench_expired_count() {
	mariadb_client -N -B "$SECKILL_DB_NAME" -e "SELECT COUNT(*) FROM orders WHERE status = 'EXPIRED'" 2>/dev/null || echo 0
}

# Orders still awaiting payment whose deadline passes within the given minutes.
bench_due_within() { # minutes
	mariadb_client -N -B "$SECKILL_DB_NAME" -e "SELECT COUNT(*) FROM orders WHERE status = 'AWAITING_PAYMENT' AND payment_deadline < UTC_TIMESTAMP() + INTERVAL $1 MINUTE" 2>/dev/null || echo 0
}

# Percent of all cores' time spent busy (not idle, not waiting for I/O) over one second.
bench_busy() {
	local a b
	a=$(head -n 1 /proc/stat)
	sleep 1
	b=$(head -n 1 /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN {
		n = split(a, x); split(b, y); total = 0; idle = 0
		for (i = 2; i <= n; i++) total += y[i] - x[i]
		idle = (y[5] - x[5]) + (y[6] - x[6])
		printf "%d", (total > 0) ? 100 * (total - idle) / total : 0 }'
}

# A phase starts on a quiet machine when at most this percent of the CPU was busy just before.
BENCH_QUIET_BUSY=50

bench_master() { # prints "host port" of the Redis master the sentinels name
	local sentinel answer
	IFS=, read -r -a sentinels <<<"$SECKILL_REDIS_SENTINELS"
	for sentinel in "${sentinels[@]}"; do
		answer=$(timeout 3 redis-cli -h "${sentinel%:*}" -p "${sentinel##*:}" SENTINEL get-master-addr-by-name \
			"$SECKILL_REDIS_MASTER" 2>/dev/null | paste -sd' ' -) || continue
		[[ $answer == *' '* ]] && { echo "$answer"; return 0; }
	done
	return 1
}

bench_create_sale() { # id stock limit
	local code
	code=$(curl -s -o "$BENCH_DIR/sale-$1.json" -w '%{http_code}' -X POST "$BENCH_URL/api/admin/sales" \
		-H "Authorization: Bearer $BENCH_ADMIN" -H 'Content-Type: application/json' \
		-d "{\"saleId\":\"$1\",\"item\":\"Bench item\",\"stock\":$2,\"perUserLimit\":$3,\"endsAt\":\"$(date -u -d '+6 hours' +%Y-%m-%dT%H:%M:%SZ)\"}")
	[[ $code == 201 ]] || die "could not create bench sale $1 (HTTP $code: $(cat "$BENCH_DIR/sale-$1.json"))"
}

bench_wrk() { # phase-name mode url seconds out [path]
	BENCH_MODE=$2 BENCH_PATH=${6:-/} BENCH_TOKENS=$BENCH_DIR/tokens.txt BENCH_RUN="$BENCH_RUN-$1" \
		BENCH_OUT=$5 BENCH_THREADS=$BENCH_THREADS_N \
		wrk -t "$BENCH_THREADS_N" -c "$BENCH_CONCURRENCY" -d "${4}s" --timeout 10s \
		-s "$ROOT/scripts/bench/wrk-phase.lua" "$3"
}

# Every 500 ms: time, purchases accepted on the bench sale (stock - remaining in Redis), orders
# made of them (database). Every second: the ingress's RSS and used heap.
bench_sampler() { # sale stock master-host master-port
	local sale=$1 stock=$2 host=$3 port=$4 remaining orders tick=0 pid rss heap
	pid=$(service_pid ingress || true)
	while true; do
		remaining=$(redis-cli -h "$host" -p "$port" GET "seckill:sale:{$sale}:remaining" 2>/dev/null || true)
		orders=$(mariadb_client -N -B "$SECKILL_DB_NAME" -e "SELECT COUNT(*) FROM orders WHERE sale_id = '$sale'" 2>/dev/null || true)
		if [[ $remaining =~ ^[0-9]+$ && $orders =~ ^[0-9]+$ ]]; then
			printf '%s %s %s\n' "$(bench_now_ms)" $((stock - remaining)) "$orders" >>"$BENCH_DIR/drain.tsv"
		fi
		if ((tick % 2 == 0)) && [[ -n $pid ]]; then
			rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
			heap=$(curl -s --max-time 1 "$BENCH_MANAGEMENT_URL/actuator/metrics/jvm.memory.used?tag=area:heap" |
				grep -o '"value" *: *[0-9.E]*' | head -n 1 | sed 's/.*: *//' || true)
			if [[ -n $rss && -n $heap ]]; then
				printf '%s %s %.0f\n' "$(bench_now_ms)" "$rss" "$heap" >>"$BENCH_DIR/ingress.tsv"
			fi
		fi
		tick=$((tick + 1))
		sleep 0.5
	done
}

bench_wait_drain() { # sale stock timeout-seconds master-host master-port
	local deadline=$((SECONDS + $3)) remaining orders
	while [[ $SECONDS -lt $deadline ]]; do
		remaining=$(redis-cli -h "$4" -p "$5" GET "seckill:sale:{$1}:remaining" 2>/dev/null || echo 0)
		orders=$(mariadb_client -N -B "$SECKILL_DB_NAME" -e "SELECT COUNT(*) FROM orders WHERE sale_id = '$1'" 2>/dev/null || echo 0)
		[[ $remaining =~ ^[0-9]+$ && $orders =~ ^[0-9]+$ ]] && ((orders >= $2 - remaining)) && return 0
		sleep 0.5
	done
	return 0
}

bench_redis_ceiling() { # master-host master-port
	local host=$1 port=$2 sale="bench-redis-$BENCH_RUN" sha args
	local key="seckill:sale:{$sale}"
	sha=$(redis-cli -h "$host" -p "$port" SCRIPT LOAD "$(cat "$ROOT/ingress/src/main/resources/scripts/purchase.lua")")
	[[ $sha =~ ^[0-9a-f]{40}$ ]] || die "could not load purchase.lua into Redis: $sha"
	redis-cli -h "$host" -p "$port" HSET "$key" startsAt 0 endsAt 99999999999999 limit 1000000000 >/dev/null
	redis-cli -h "$host" -p "$port" SET "$key:remaining" 1000000000 >/dev/null
	# The same keys and arguments the ingress passes (PurchaseScript), but a bench-only outbox
	# stream: the relay must not publish these purchases. __rand_int__ makes users, keys and
	# purchase ids distinct; the rate limit runs with the real settings (200 ms, burst 10).
	args=(EVALSHA "$sha" 9 "$key" "$key:remaining" "$key:buyers" "seckill:idem:rb-__rand_int__:k"
		"seckill:purchase:rb-__rand_int__" "seckill:bench-outbox:$BENCH_RUN" "seckill:rate:user:rb-__rand_int__"
		"$key:accepted-keys" "$key:holdings" "rb-__rand_int__" 1 "$sale/1" "rb-__rand_int__" 60 "$sale" 200.0 10 "k-__rand_int__")
	redis-benchmark -h "$host" -p "$port" -c "$BENCH_CONCURRENCY" -n "$BENCH_REDIS_REQUESTS" -r 100000000 --csv \
		"${args[@]}" >"$BENCH_DIR/redis.csv"
	redis-cli -h "$host" -p "$port" DEL "$key" "$key:remaining" "$key:buyers" "$key:accepted-keys" "$key:holdings" "seckill:bench-outbox:$BENCH_RUN" >/dev/null
}

# The ingress's own count of purchase answers by HTTP status, "status count" per line: wrk only
# tells 2xx/3xx from the rest, this tells a 410 from a 429 or a 503.
bench_statuses() {
	# seckill.purchase.answers counts every purchase call by status, also those the purchase
	# route answers ahead of Spring (no http.server.requests for them).
	local base="$BENCH_MANAGEMENT_URL/actuator/metrics/seckill.purchase.answers" statuses status
	statuses=$(curl -s --max-time 5 "$base" | grep -o '"tag":"status","values":\[[^]]*\]' | grep -o '[0-9][0-9][0-9]' || true)
	for status in $statuses; do
		printf '%s %s\n' "$status" "$(curl -s --max-time 5 "$base?tag=status:$status" |
			grep -o '"statistic":"COUNT","value":[0-9.E]*' | sed 's/.*://' | awk '{ printf "%d", $1 }')"
	done
}

# CPU time (user + system, clock ticks) a process has used so far; 0 when it is gone.
bench_cpu_ticks() { # pid
	[[ -n $1 && -r /proc/$1/stat ]] || { echo 0; return; }
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# The CPU each process of the system used, "name ticks" per line: CPU per request is far less
# disturbed by other load on the machine than requests per second are.
bench_cpu() {
	local service
	for service in ingress reservation-worker order-worker; do
		printf '%s %s\n' "$service" "$(bench_cpu_ticks "$(service_pid "$service" || true)")"
	done
	printf 'redis-master %s\n' "$(bench_cpu_ticks "$(cat "$STATE/redis/redis-$BENCH_MASTER_PORT.pid" 2>/dev/null || true)")"
	# The broker and the database are shared with anything else on this machine; in a bench
	# run nothing else should use them.
	printf 'rabbitmq %s\n' "$(bench_cpu_ticks_of beam.smp)"
	printf 'mariadb %s\n' "$(bench_cpu_ticks_of mariadbd)"
}

# CPU time of every process with this command name, summed (clock ticks).
bench_cpu_ticks_of() { # process-name
	local pid total=0
	for pid in $(pgrep -x "$1" || true); do
		total=$((total + $(bench_cpu_ticks "$pid")))
	done
	echo "$total"
}

bench_delta_json() { # before after [scale]: {"name": after - before, ...} for positive deltas
	awk -v scale="${3:-1}" 'NR == FNR { before[$1] = $2; next }
		{ n = ($2 - before[$1]) * scale; if (n > 0) { out = out sep "\"" $1 "\":" n; sep = "," } }
		END { print "{" out "}" }' <(echo "$1") <(echo "$2")
}

# Runs a phase between two counts of the answers and of the CPU used; writes
# <name>-statuses.json and <name>-cpu.json (milliseconds of CPU per process).
bench_counted() { # name command...
	local name=$1 before after cpu_before cpu_after tick_ms
	shift
	tick_ms=$((1000 / $(getconf CLK_TCK)))
	before=$(bench_statuses)
	cpu_before=$(bench_cpu)
	"$@" || return $?
	cpu_after=$(bench_cpu)
	after=$(bench_statuses)
	bench_delta_json "$before" "$after" >"$BENCH_DIR/$name-statuses.json"
	bench_delta_json "$cpu_before" "$cpu_after" "$tick_ms" >"$BENCH_DIR/$name-cpu.json"
}

bench_phase_on() { [[ ,$BENCH_ONLY, == *",$1,"* ]]; }

bench_ensure_tools() {
	if ! command -v wrk >/dev/null; then
		if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
			say "Installing wrk (apt-get install -y wrk)"
			apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; } ||
				die "could not install wrk; install it (Debian: apt-get install wrk) and run ./seckill bench again"
		else
			die "wrk is not installed; install it (Debian: sudo apt-get install wrk) and run ./seckill bench again"
		fi
	fi
	need redis-benchmark "for the Redis ceiling (Debian: apt-get install redis-tools)"
	need redis-cli "to find the Redis master and sample the stock"
	need curl "to create the bench sales"
}

bench_main() {
	local seconds=${SECKILL_BENCH_SECONDS:-10} warmup=${SECKILL_BENCH_WARMUP:-3}
	local drain_timeout=${SECKILL_BENCH_DRAIN_TIMEOUT:-30} rates=${SECKILL_BENCH_RATES:-auto}
	local open_seconds=${SECKILL_BENCH_OPEN_SECONDS:-10} users=${SECKILL_BENCH_USERS:-20000} note=""
	local out="$ROOT/target/bench" jar host port rate purchase_rate rc=0
	local sale_buy sale_sold sale_open stock=10000000 due
	BENCH_CONCURRENCY=${SECKILL_BENCH_CONCURRENCY:-64}
	BENCH_THREADS_N=${SECKILL_BENCH_THREADS:-2}
	BENCH_REDIS_REQUESTS=100000
	BENCH_ONLY=baseline,sold-out,redis,purchase,open-loop
	while [[ $# -gt 0 ]]; do
		case $1 in
			--seconds) seconds=${2:?}; shift 2 ;;
			--concurrency) BENCH_CONCURRENCY=${2:?}; shift 2 ;;
			--threads) BENCH_THREADS_N=${2:?}; shift 2 ;;
			--users) users=${2:?}; shift 2 ;;
			--warmup) warmup=${2:?}; shift 2 ;;
			--drain-timeout) drain_timeout=${2:?}; shift 2 ;;
			--rate | --rates) rates=${2:?}; shift 2 ;;
			--open-seconds) open_seconds=${2:?}; shift 2 ;;
			--redis-requests) BENCH_REDIS_REQUESTS=${2:?}; shift 2 ;;
			--only) BENCH_ONLY=${2:?}; shift 2 ;;
			--out) out=${2:?}; shift 2 ;;
			--note) note=${2:?}; shift 2 ;;
			-h | --help) echo "$BENCH_USAGE"; return 0 ;;
			*) die "unknown bench option: $1 (./seckill bench --help)" ;;
		esac
	done
	for value in "$seconds" "$BENCH_CONCURRENCY" "$BENCH_THREADS_N" "$users" "$warmup" "$drain_timeout" "$open_seconds" "$BENCH_REDIS_REQUESTS"; do
		[[ $value =~ ^[0-9]+$ ]] || die "bench options take whole numbers, not '$value'"
	done
	[[ $rates =~ ^(auto|none|[0-9]+(,[0-9]+)*)$ ]] || die "--rate is auto, none or a comma list of rates, not '$rates'"
	((BENCH_THREADS_N >= 1 && BENCH_CONCURRENCY >= BENCH_THREADS_N)) || die "--concurrency must be at least --threads"
	bench_ensure_tools
	cmd_up
	jar=$(loadgen_jar)
	read -r host port <<<"$(bench_master)" || die "no sentinel of $SECKILL_REDIS_SENTINELS names the master $SECKILL_REDIS_MASTER"
	BENCH_URL="http://127.0.0.1:$SECKILL_HTTP_PORT"
	# The ingress's actuator (metrics, heap) is on its management port.
	BENCH_MANAGEMENT_URL=${SECKILL_BENCH_MANAGEMENT_URL:-http://127.0.0.1:$SECKILL_INGRESS_MANAGEMENT_PORT}
	BENCH_MASTER_PORT=$port
	BENCH_DIR=$out
	BENCH_RUN=$(date -u +%Y%m%d%H%M%S)
	BENCH_STARTED=$SECONDS
	rm -rf "$BENCH_DIR"
	mkdir -p "$BENCH_DIR/logs"
	sale_buy="bench-buy-$BENCH_RUN"
	sale_sold="bench-soldout-$BENCH_RUN"
	sale_open="bench-open-$BENCH_RUN"
	say "Bench run $BENCH_RUN: $seconds s per phase, concurrency $BENCH_CONCURRENCY, $users shoppers, Redis master $host:$port"
	BENCH_ADMIN=$(tool_java -jar "$jar" token --user bench-admin --admin)
	tool_java -jar "$jar" bench-tokens --users "$users" --out "$BENCH_DIR/tokens.txt" ||
		die "could not write the shoppers' tokens"
	bench_create_sale "$sale_buy" "$stock" 100
	bench_create_sale "$sale_sold" 1 1
	bench_create_sale "$sale_open" "$stock" 100
	curl -s -o /dev/null -X POST "$BENCH_URL/api/sales/$sale_sold/purchases" -H "Authorization: Bearer $(head -n 1 "$BENCH_DIR/tokens.txt")" \
		-H 'Content-Type: application/json' -H "Idempotency-Key: bench-$BENCH_RUN-last-item" -d '{"quantity":1}'

	due=$(bench_due_within 10)
	if ((due > 0)); then
		warn "$due orders of earlier runs fall due for payment within 10 minutes: their expiry will run beside this bench and the phases it meets are flagged; for figures to compare, wait until they have expired, or run on a database of its own (SECKILL_DB_NAME) or with a payment timeout longer than the session (SECKILL_PAYMENT_TIMEOUT)"
	fi
	trap 'bench_cleanup' EXIT
	if ((warmup > 0)); then
		bench_run_phase "warm-up (purchase)" "$warmup" "$BENCH_DIR/logs/warmup-purchase.log" \
			bench_wrk warm-buy purchase "$BENCH_URL" "$warmup" "$BENCH_DIR/logs/warmup-purchase.json" "/api/sales/$sale_open/purchases"
		bench_run_phase "warm-up (sold-out)" "$warmup" "$BENCH_DIR/logs/warmup-soldout.log" \
			bench_wrk warm-sold purchase "$BENCH_URL" "$warmup" "$BENCH_DIR/logs/warmup-soldout.json" "/api/sales/$sale_sold/purchases"
		bench_run_phase "warm-up (baseline)" "$warmup" "$BENCH_DIR/logs/warmup-baseline.log" \
			bench_wrk warm-base get "$BENCH_URL/actuator/health/liveness" "$warmup" "$BENCH_DIR/logs/warmup-baseline.json"
		# The warm-up's purchases drain before anything is measured, so they do not compete.
		bench_run_phase "warm-up drain" "$drain_timeout" "$BENCH_DIR/logs/warmup-drain.log" \
			bench_wait_drain "$sale_open" "$stock" "$drain_timeout" "$host" "$port"
	fi
	local started_at
	started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	if bench_phase_on baseline; then
		bench_run_phase "baseline (liveness)" "$seconds" "$BENCH_DIR/logs/baseline.log" \
			bench_counted baseline bench_wrk baseline get "$BENCH_URL/actuator/health/liveness" "$seconds" "$BENCH_DIR/baseline.json"
	fi
	if bench_phase_on sold-out; then
		bench_run_phase "sold-out path" "$seconds" "$BENCH_DIR/logs/soldout.log" \
			bench_counted soldout bench_wrk soldout purchase "$BENCH_URL" "$seconds" "$BENCH_DIR/soldout.json" "/api/sales/$sale_sold/purchases"
	fi
	if bench_phase_on redis; then
		bench_run_phase "redis ceiling (EVALSHA)" 3 "$BENCH_DIR/logs/redis.log" \
			bench_counted redis bench_redis_ceiling "$host" "$port"
	fi
	local purchase_start=0 purchase_end=0
	if bench_phase_on purchase; then
		bench_sampler "$sale_buy" "$stock" "$host" "$port" &
		BENCH_SAMPLER=$!
		purchase_start=$(bench_now_ms)
		bench_run_phase "purchase path" "$seconds" "$BENCH_DIR/logs/purchase.log" \
			bench_counted purchase bench_wrk purchase purchase "$BENCH_URL" "$seconds" "$BENCH_DIR/purchase.json" "/api/sales/$sale_buy/purchases"
		purchase_end=$(bench_now_ms)
		# The drain's CPU too: with the purchase phase's, what the whole pipeline spent on
		# its purchases.
		bench_run_phase "drain" "$drain_timeout" "$BENCH_DIR/logs/drain.log" \
			bench_counted drain bench_wait_drain "$sale_buy" "$stock" "$drain_timeout" "$host" "$port"
		sleep 1
		kill "$BENCH_SAMPLER" 2>/dev/null || true
		wait "$BENCH_SAMPLER" 2>/dev/null || true
		BENCH_SAMPLER=""
	fi
	if bench_phase_on open-loop && [[ $rates != none ]]; then
		if [[ $rates == auto ]]; then
			purchase_rate=$(grep -o '"requests":[0-9]*,"durationMicros":[0-9]*' "$BENCH_DIR/purchase.json" 2>/dev/null |
				awk -F'[:,]' '{ printf "%d", $2 / ($4 / 1e6) }' || true)
			[[ -n $purchase_rate && $purchase_rate -gt 0 ]] || purchase_rate=1000
			rates="$((purchase_rate / 2)),$((purchase_rate * 4 / 5))"
		fi
		IFS=, read -r -a rate_list <<<"$rates"
		for rate in "${rate_list[@]}"; do
			((rate > 0)) || continue
			bench_run_phase "open loop $rate/s" "$open_seconds" "$BENCH_DIR/logs/openloop-$rate.log" \
				tool_java -jar "$jar" open-loop --url "$BENCH_URL" --sale-id "$sale_open" \
				--tokens "$BENCH_DIR/tokens.txt" --rate "$rate" --seconds "$open_seconds" \
				--connections "$BENCH_CONCURRENCY" --run "$BENCH_RUN-$rate" --progress none \
				--json "$BENCH_DIR/openloop-$rate.json" || rc=1
		done
	fi
	cat >"$BENCH_DIR/meta.json" <<EOF
{"run":"$BENCH_RUN","startedAt":"$started_at","seconds":$seconds,"openSeconds":$open_seconds,"concurrency":$BENCH_CONCURRENCY,
"wrkThreads":$BENCH_THREADS_N,"redisRequests":$BENCH_REDIS_REQUESTS,"users":$users,"cores":$(nproc),"loadAverage":"$(cut -d' ' -f1-3 /proc/loadavg)",
"redisMaster":"$host:$port","purchaseStartMs":$purchase_start,"purchaseEndMs":$purchase_end,
"sales":{"purchase":"$sale_buy","soldOut":"$sale_sold","openLoop":"$sale_open"},
"commit":"$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)",
"javaOpts":"$(printf '%s' "${SECKILL_JAVA_OPTS:-}" | tr -d '"\\')","note":"$(printf '%s' "$note" | tr -d '"\\')"}
EOF
	rm -f "$BENCH_DIR/tokens.txt"
	echo >&2
	tool_java -jar "$jar" bench-report --dir "$BENCH_DIR" || die "the report could not be written"
	echo
	echo "HTML report: ${BENCH_DIR#"$ROOT"/}/index.html   raw numbers: ${BENCH_DIR#"$ROOT"/}/report.json"
	echo "The bench sales stay in the database; the system keeps running (./seckill down stops it)."
	return "$rc"
}

bench_cleanup() {
	[[ -n ${BENCH_SAMPLER:-} ]] && kill "$BENCH_SAMPLER" 2>/dev/null
	rm -f "${BENCH_DIR:-/nonexistent}/tokens.txt"
	return 0
}
