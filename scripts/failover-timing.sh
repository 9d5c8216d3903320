#!/usr/bin/env bash
# Measures Redis Sentinel failovers: N times, kill -9 of the current master and the time
# from the kill to the first +switch-master any sentinel publishes (issue 12, item 7).
#
# Usage: scripts/failover-timing.sh [topology options] [--out FILE] [--settle S] [--max-ms MS] N
#
# The topology is the one scripts/redis-topology.sh manages with the same options and
# REDIS_TOPOLOGY_* variables (--profile test by default, so never the dev topology's
# services by accident); it is started when it is not running, and stopped again at the end
# when this script started it. Between runs the topology must be healthy again (its
# supervisor brings the killed master back as a replica) and settle for --settle seconds.
#
# Output: one line per run and a summary (p50, p95, max, split votes, load average); the raw
# timings as TSV in --out (default target/failover-timing/<UTC time>.tsv), each sentinel event
# with its time in the .events file beside it. --max-ms: exit 1 if the slowest run took longer.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOPOLOGY=$ROOT/scripts/redis-topology.sh

die() {
	echo "failover-timing: $*" >&2
	exit 1
}

topology_args=()
out=""
settle=2
max_ms=""
runs=""
profile_given=false
while [[ $# -gt 0 ]]; do
	case $1 in
		--profile) topology_args+=("$1" "${2:?}"); profile_given=true; shift 2 ;;
		--dir | --master-port | --sentinel-port | --name) topology_args+=("$1" "${2:?}"); shift 2 ;;
		--out) out=${2:?--out needs a file}; shift 2 ;;
		--settle) settle=${2:?--settle needs seconds}; shift 2 ;;
		--max-ms) max_ms=${2:?--max-ms needs milliseconds}; shift 2 ;;
		-h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		-*) die "unknown option $1 (--help)" ;;
		*) [[ -z $runs ]] || die "one run count"; runs=$1; shift ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "usage: scripts/failover-timing.sh [options] N (--help)"
[[ -z $max_ms || $max_ms =~ ^[0-9]+$ ]] || die "--max-ms takes whole milliseconds"
$profile_given || topology_args=(--profile test "${topology_args[@]}")

topology() { "$TOPOLOGY" "${topology_args[@]}" "$@"; }

started_here=false
watchers=()
cleanup() {
	local pid
	for pid in "${watchers[@]}"; do
		kill -- "-$pid" 2>/dev/null || true
	done
	if $started_here; then
		topology stop >/dev/null || true
	fi
}
trap cleanup EXIT

if ! topology status >/dev/null 2>&1; then
	if [[ $(topology status 2>/dev/null | tail -n 1) == *stopped* ]]; then
		started_here=true
	fi
	topology start >/dev/null
fi

# Sentinel ports and master name, as the topology script resolves them.
read -r name dir < <(topology status 2>/dev/null | head -n 1 | sed -E "s/^Redis topology '([^']*)' \((.*)\)$/\1 \2/")
[[ -n ${name:-} && -n ${dir:-} ]] || die "cannot read the topology's name and dir from redis-topology.sh status"
mapfile -t sentinel_ports < <(topology status 2>/dev/null | awk '$1 == "sentinel" { print $2 }')
[[ ${#sentinel_ports[@]} -eq 3 ]] || die "expected three sentinels in redis-topology.sh status"

: "${out:=$ROOT/target/failover-timing/$(date -u +%Y%m%dT%H%M%SZ).tsv}"
mkdir -p "$(dirname "$out")"
events=${out%.tsv}.events

now_ms() {
	local t=${EPOCHREALTIME/./}
	echo "${t:0:13}"
}



# Every sentinel event, stamped in ms when it arrived: "<ms> <sentinel> <type> <details>".
# No process is forked per line: a busy sentinel's burst of events would queue behind the forks
# and be stamped late.
stamp_events() { # sentinel-port
	local line t
	while IFS= read -r line; do
		t=${EPOCHREALTIME/./}
		printf '%s %s %s\n' "${t:0:13}" "$1" "$line"
	done
}
: >"$events"
# Each watcher is a process group of its own (job control on while it starts), so that the
# cleanup ends the whole pipeline, redis-cli included, not only its last process.
for port in "${sentinel_ports[@]}"; do
	set -m
	{
		redis-cli -p "$port" --csv PSUBSCRIBE '*' 2>/dev/null |
			awk -F'","' '$1 == "\"pmessage" && $3 !~ /^__/ { gsub(/"/, "", $4); print $3, $4; fflush() }' |
			stamp_events "$port" >>"$events"
	} </dev/null >/dev/null 2>&1 &
	watchers+=($!)
	set +m
done
sleep 1

# ms from t0 to the first event of this type (optionally whose details match) after t0.
first_after() { # t0 type [details-regex]
	awk -v t0="$1" -v type="$2" -v re="${3:-}" '$1 >= t0 && $3 == type && (re == "" || $0 ~ re) { print $1 - t0; exit }' "$events"
}

count_after() { # t0 t1 type
	awk -v t0="$1" -v t1="$2" -v type="$3" '$1 >= t0 && $1 <= t1 && $3 == type { n++ } END { print n + 0 }' "$events"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
printf 'run\tkilled\tnew_master\tsdown_ms\todown_ms\ttry_failover_ms\telected_ms\tpromoted_ms\tswitch_ms\ttry_failovers\tnot_elected_aborts\tload1\n' >"$out"
echo "Failover timing: $runs x kill -9 of the master of '$name' (sentinels ${sentinel_ports[*]}), raw timings in ${out#"$ROOT"/}"
for ((run = 1; run <= runs; run++)); do
	topology start >/dev/null
	sleep "$settle"
	read -r _ killed < <(topology master)
	pid=$(cat "$dir/redis-$killed.pid")
	t0=$(now_ms)
	kill -9 "$pid"
	deadline=$((t0 + 60000))
	until switch=$(first_after "$t0" +switch-master " $name 127[.]0[.]0[.]1 $killed ") && [[ -n $switch ]]; do
		[[ $(now_ms) -lt $deadline ]] || die "run $run: no +switch-master within 60 s of killing redis $killed"
		sleep 0.05
	done
	new=$(awk -v t0="$t0" '$1 >= t0 && $3 == "+switch-master" { print $8; exit }' "$events")
	tries=$(count_after "$t0" $((t0 + switch)) +try-failover)
	aborts=$(count_after "$t0" $((t0 + switch)) -failover-abort-not-elected)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$killed" "$new" \
		"$(first_after "$t0" +sdown "master $name ")" "$(first_after "$t0" +odown "master $name ")" \
		"$(first_after "$t0" +try-failover)" "$(first_after "$t0" +elected-leader)" \
		"$(first_after "$t0" +promoted-slave)" "$switch" "$tries" "$aborts" "$(cut -d' ' -f1 /proc/loadavg)" >>"$out"
	printf '  run %2d: killed %s -> %s, +switch-master after %5d ms (%d try-failover, %d not elected)\n' \
		"$run" "$killed" "$new" "$switch" "$tries" "$aborts"
done
topology start >/dev/null

# Nearest-rank percentiles of the switch times.
summary=$(awk -F'\t' 'NR > 1 { print $9 }' "$out" | sort -n | awk '
	{ v[NR] = $1 }
	END {
		p50 = v[int((NR * 50 + 99) / 100)]; p95 = v[int((NR * 95 + 99) / 100)]
		printf "%d %d %d %d %d\n", NR, v[1], p50, p95, v[NR]
	}')
read -r n min p50 p95 max <<<"$summary"
splits=$(awk -F'\t' 'NR > 1 && $11 > 0 { n++ } END { print n + 0 }' "$out")
echo "kill -9 -> +switch-master over $n runs: min $min ms, p50 $p50 ms, p95 $p95 ms, max $max ms;" \
	"runs with a split vote (-failover-abort-not-elected): $splits; load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n $max_ms && $max -gt $max_ms ]]; then
	echo "failover-timing: the slowest failover took $max ms, more than --max-ms $max_ms" >&2
	exit 1
fi
