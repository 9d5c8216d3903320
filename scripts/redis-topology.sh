#!/usr/bin/env bash
# A local Redis Sentinel topology from the machine's redis-server: one master, two replicas,
# three sentinels (quorum 2), all on 127.0.0.1, daemonized with pidfiles and logs in a state dir.
#
# A supervisor started with the topology brings dead nodes back by themselves (see "supervise").
#
# Usage: scripts/redis-topology.sh [--profile dev|test] [options] start|stop|status|master|wait|supervise
# Run with "help" for the options and the environment variables.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
	cat <<EOF
Usage: scripts/redis-topology.sh [--profile dev|test] [options] <command>

Commands
  start    start the topology, or the nodes of it that are down (paused ones are resumed),
           and wait until the sentinels agree on the master and each sees 2 replicas and
           2 other sentinels; a clean start (no node running) regenerates every config
           file. Also starts the supervisor, unless --no-supervisor.
  stop     stop the supervisor, then kill every node by its pidfile (paused nodes included)
  status   one line per node, the master each sentinel names; exit 0 only when healthy
  master   print the current master as "host port", asked from the sentinels
  wait     wait until the topology is healthy (as start does)
  supervise
           run the supervisor in the foreground: every half second, a dead sentinel is
           started again with the config it rewrote, and a dead data node as a replica
           of the current master, once the sentinels name a healthy one (a dead master
           only after the failover). A paused (SIGSTOP) node is left alone.

Options (each also read from the environment variable in brackets)
  --profile dev|test     presets: dev  = master 6380, sentinels 26380.., name seckill,
                                         state .seckill/redis (default)
                                  test = master 6390, sentinels 26390.., name seckill-test,
                                         state .seckill/test-redis
  --dir DIR              state dir: pidfiles, logs, configs     [REDIS_TOPOLOGY_DIR]
  --master-port PORT     initial master; replicas on PORT+1 and PORT+2
                                                                [REDIS_TOPOLOGY_MASTER_PORT]
  --sentinel-port PORT   sentinels on PORT, PORT+1, PORT+2     [REDIS_TOPOLOGY_SENTINEL_PORT]
  --name NAME            master name the sentinels monitor     [REDIS_TOPOLOGY_MASTER_NAME]
  --timeout SECONDS      how long start/wait wait (default 60) [REDIS_TOPOLOGY_TIMEOUT]
  --no-supervisor        start does not start the supervisor  [REDIS_TOPOLOGY_SUPERVISOR=off]

The supervisor brings a dead data node back REDIS_TOPOLOGY_REJOIN_DELAY seconds (default 8)
after it saw it dead, or at once when the master has no replica left (it refuses writes
then). A rejoining node needs a full resync: the master forks and streams its whole data set,
a core busy for seconds. Right after a failover those seconds belong to the shoppers coming
back; on shared cores the rejoin waits until the switch is behind (0: at once).
EOF
}

die() {
	echo "redis-topology: $*" >&2
	exit 1
}

say() {
	echo "redis-topology[$NAME]: $*"
}

PROFILE=${REDIS_TOPOLOGY_PROFILE:-dev}
DIR=${REDIS_TOPOLOGY_DIR:-}
MASTER_PORT=${REDIS_TOPOLOGY_MASTER_PORT:-}
SENTINEL_PORT=${REDIS_TOPOLOGY_SENTINEL_PORT:-}
NAME=${REDIS_TOPOLOGY_MASTER_NAME:-}
TIMEOUT=${REDIS_TOPOLOGY_TIMEOUT:-60}
SUPERVISOR=${REDIS_TOPOLOGY_SUPERVISOR:-on}
REJOIN_DELAY=${REDIS_TOPOLOGY_REJOIN_DELAY:-8}
COMMAND=

while [[ $# -gt 0 ]]; do
	case $1 in
		--profile) PROFILE=${2:?--profile needs dev or test}; shift 2 ;;
		--dir) DIR=${2:?--dir needs a directory}; shift 2 ;;
		--master-port) MASTER_PORT=${2:?--master-port needs a port}; shift 2 ;;
		--sentinel-port) SENTINEL_PORT=${2:?--sentinel-port needs a port}; shift 2 ;;
		--name) NAME=${2:?--name needs a master name}; shift 2 ;;
		--timeout) TIMEOUT=${2:?--timeout needs seconds}; shift 2 ;;
		--no-supervisor) SUPERVISOR=off; shift ;;
		-h | --help | help) usage; exit 0 ;;
		start | stop | status | master | wait | supervise)
			[[ -z $COMMAND ]] || die "one command at a time ($COMMAND, $1)"
			COMMAND=$1; shift ;;
		*) usage >&2; die "unknown argument: $1" ;;
	esac
done

case $PROFILE in
	dev) : "${DIR:=$ROOT/.seckill/redis}" "${MASTER_PORT:=6380}" "${SENTINEL_PORT:=26380}" "${NAME:=seckill}" ;;
	test) : "${DIR:=$ROOT/.seckill/test-redis}" "${MASTER_PORT:=6390}" "${SENTINEL_PORT:=26390}" "${NAME:=seckill-test}" ;;
	*) die "unknown profile '$PROFILE' (dev or test)" ;;
esac
[[ -n $COMMAND ]] || { usage >&2; exit 2; }
[[ $MASTER_PORT =~ ^[0-9]+$ && $SENTINEL_PORT =~ ^[0-9]+$ ]] || die "ports must be numbers"
[[ $TIMEOUT =~ ^[0-9]+$ ]] || die "--timeout must be a whole number of seconds"
[[ $SUPERVISOR == on || $SUPERVISOR == off ]] || die "REDIS_TOPOLOGY_SUPERVISOR must be on or off"
[[ $REJOIN_DELAY =~ ^[0-9]+$ ]] || die "REDIS_TOPOLOGY_REJOIN_DELAY must be whole seconds, not '$REJOIN_DELAY'"
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

DATA_PORTS=("$MASTER_PORT" $((MASTER_PORT + 1)) $((MASTER_PORT + 2)))
SENTINEL_PORTS=("$SENTINEL_PORT" $((SENTINEL_PORT + 1)) $((SENTINEL_PORT + 2)))

command -v redis-server >/dev/null || die "redis-server is not installed (apt-get install redis-server)"
command -v redis-cli >/dev/null || die "redis-cli is not installed (apt-get install redis-tools)"

# --- nodes -------------------------------------------------------------------------------

node_name() { # port
	if [[ $1 -ge $SENTINEL_PORT && $1 -le $((SENTINEL_PORT + 2)) ]]; then
		echo "sentinel-$1"
	else
		echo "redis-$1"
	fi
}

pidfile() { echo "$DIR/$(node_name "$1").pid"; }
logfile() { echo "$DIR/$(node_name "$1").log"; }
conffile() { echo "$DIR/$(node_name "$1").conf"; }

# The pid of our node on this port, if its pidfile names a live redis-server serving that port,
# in NODE_PID. A stale pidfile whose pid was reused by another program does not count. Bash
# builtins only: the supervisor asks twice a second for every node.
find_node_pid() { # port
	local file pid args
	if [[ $1 -ge $SENTINEL_PORT && $1 -le $((SENTINEL_PORT + 2)) ]]; then
		file=$DIR/sentinel-$1.pid
	else
		file=$DIR/redis-$1.pid
	fi
	NODE_PID=
	[[ -f $file ]] || return 1
	read -r pid <"$file" || [[ -n $pid ]] || return 1
	[[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
	mapfile -d '' args <"/proc/$pid/cmdline" 2>/dev/null || return 1
	[[ "${args[*]}" =~ redis-server.*:$1([^0-9]|$) ]] || return 1
	NODE_PID=$pid
}

node_pid() { # port
	find_node_pid "$1" || return 1
	echo "$NODE_PID"
}

# "running", "paused" (SIGSTOP, e.g. by a fault test) or "down", in NODE_STATE (builtins only).
find_node_state() { # port
	local stat
	NODE_STATE=down
	find_node_pid "$1" || return 0
	read -r stat <"/proc/$NODE_PID/stat" 2>/dev/null || return 0
	stat=${stat##*) }
	case ${stat%% *} in
		T | t) NODE_STATE=paused ;;
		Z | X) NODE_STATE=down ;;
		*) NODE_STATE=running ;;
	esac
}

node_state() { # port
	find_node_state "$1"
	echo "$NODE_STATE"
}

# redis-cli with a deadline: a paused node would otherwise hang it forever.
rcli() { # port args...
	local port=$1
	shift
	timeout 2 redis-cli --no-auth-warning -h 127.0.0.1 -p "$port" "$@" 2>/dev/null
}

port_in_use() { # port
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# --- sentinel queries ---------------------------------------------------------------------

# One sentinel's view of the master: "config-epoch ip port flags", or nothing.
sentinel_view() { # sentinel-port
	{ rcli "$1" SENTINEL master "$NAME" || true; } | awk '
		prev == "ip" { ip = $0 } prev == "port" { port = $0 } prev == "flags" { flags = $0 }
		prev == "config-epoch" { epoch = $0 } { prev = $0 }
		END { if (ip != "" && port != "") print (epoch == "" ? 0 : epoch), ip, port, flags }'
}

# "ip port flags" of the master as the sentinel with the newest configuration (highest
# config-epoch) names it: right after +switch-master the other sentinels may name the old
# master for another publish period, and a node restarted as a replica of that one would
# have to be moved again.
newest_master_view() {
	local port view best="" best_epoch=-1 epoch
	for port in "${SENTINEL_PORTS[@]}"; do
		view=$(sentinel_view "$port")
		[[ -n $view ]] || continue
		epoch=${view%% *}
		if [[ $epoch =~ ^[0-9]+$ && $epoch -gt $best_epoch ]]; then
			best_epoch=$epoch
			best=${view#* }
		fi
	done
	[[ -n $best ]] || return 1
	echo "$best"
}

# "host port" of the master, as the sentinels with the newest configuration name it.
current_master() {
	local view
	view=$(newest_master_view) || return 1
	[[ $view =~ ^([0-9.]+)\ ([0-9]+) ]] || return 1
	echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
}

# Ports of the entries of a SENTINEL replicas/sentinels answer whose flags show them healthy,
# space-separated and padded with spaces.
healthy_ports() { # sentinel-port subcommand expected-flag
	{ rcli "$1" SENTINEL "$2" "$NAME" || true; } | awk -v want="$3" '
		$0 == "name" { port = ""; flags = "" }
		prev == "port" { port = $0 }
		prev == "flags" { flags = $0 }
		port != "" && flags != "" { if (flags == want) ports = ports " " port; port = ""; flags = "" }
		{ prev = $0 }
		END { print ports " " }'
}

master_flags() { # sentinel-port
	{ rcli "$1" SENTINEL master "$NAME" || true; } | awk 'prev == "flags" { print; exit } { prev = $0 }'
}

# Empty when healthy, else a sentence saying what is not yet right.
health_problem() {
	local port peer answer master="" flags replicas sentinels connected
	for port in "${SENTINEL_PORTS[@]}"; do
		answer=$(rcli "$port" SENTINEL get-master-addr-by-name "$NAME" | paste -sd' ' || true)
		[[ $answer =~ ^[0-9.]+\ [0-9]+$ ]] || { echo "sentinel $port does not answer"; return; }
		if [[ -z $master ]]; then
			master=$answer
		elif [[ $answer != "$master" ]]; then
			echo "sentinels disagree on the master ($master vs $answer)"
			return
		fi
		flags=$(master_flags "$port")
		[[ $flags == master ]] || { echo "sentinel $port flags the master '$flags'"; return; }
		# Every expected peer must be seen healthy; a stale extra entry (sentinels remember
		# peers whose config was regenerated) does not make the topology unhealthy.
		replicas=$(healthy_ports "$port" replicas slave)
		for peer in "${DATA_PORTS[@]}"; do
			[[ $peer == "${master#* }" || $replicas == *" $peer "* ]] ||
				{ echo "sentinel $port does not see replica $peer healthy"; return; }
		done
		sentinels=$(healthy_ports "$port" sentinels sentinel)
		for peer in "${SENTINEL_PORTS[@]}"; do
			[[ $peer == "$port" || $sentinels == *" $peer "* ]] ||
				{ echo "sentinel $port does not see sentinel $peer"; return; }
		done
	done
	connected=$({ rcli "${master#* }" INFO replication || true; } | tr -d '\r' | grep -c '^slave[0-9]*:.*state=online' || true)
	[[ $connected -eq 2 ]] || { echo "master ${master/ /:} has $connected online replicas"; return; }
}

wait_healthy() {
	local deadline=$((SECONDS + TIMEOUT)) problem
	while true; do
		problem=$(health_problem)
		[[ -n $problem ]] || return 0
		if [[ $SECONDS -ge $deadline ]]; then
			die "not healthy after ${TIMEOUT}s: $problem (logs in $DIR)"
		fi
		sleep 0.5
	done
}

# --- starting -----------------------------------------------------------------------------

write_data_conf() { # port
	local port=$1
	mkdir -p "$DIR/$(node_name "$port")"
	# Regenerated on every start of the node: sentinel rewrites it (replicaof) and a restarted
	# node must come up in the role we choose, not the one it had when it died.
	cat >"$(conffile "$port")" <<EOF
port $port
bind 127.0.0.1
daemonize yes
pidfile $(pidfile "$port")
logfile $(logfile "$port")
dir $DIR/$(node_name "$port")
save ""
appendonly no
# A master refuses writes while no replica is attached and acknowledging (NOREPLICAS): what an
# isolated or just-resumed old master accepts would be thrown away by the failover (issue 3).
# The services WAIT for one replica before answering; replicas ignore these until promoted.
min-replicas-to-write 1
min-replicas-max-lag 5
# A replica that must fully resync after a failover (it had replicated further than the
# promoted one) would otherwise wait 5 s for companions before the transfer starts, and
# the new master refuses writes until it is attached.
repl-diskless-sync-delay 0
# A replica that falls behind by seconds (one still loading a full resync when its master
# dies, say) comes back to the new master by a partial resync only if the new master's
# backlog still holds what it missed: the default 1 MB is under a second of a sale's writes,
# and a full resync leaves the new master without an in-sync replica (no writes) for as long
# as it takes. 32 MB holds about 10 s of a 2-core sale's writes (3 MB/s measured).
repl-backlog-size 32mb
EOF
}

# Failover timings (issue 12, item 7; compose/redis/sentinel.conf has the same values and
# ComposeDeploymentUnitTests keeps them equal). From a dead master to +switch-master: sdown
# (down-after) + odown (two sentinels agree) + a leader vote + the promotion (the sentinels read
# the promoted replica's INFO once a second during a failover) + the announcement; about 3 s.
#
# down-after-milliseconds, per sentinel: 1500 for the first two, 3500 for the third, the
# tiebreaker. A failover starts once two sentinels call the master down; a sentinel that starts
# one votes for itself and asks the others, who vote for the first request they get. When all
# three start within the same instant, each holds only its own vote, none has the majority, and
# the retry waits 2 x failover-timeout: the 10 s of issue 12. The tiebreaker calls the master
# down 2 s after the other two, by which time one of them has asked it for its vote: two votes
# always agree, there is no split. 1500 ms for the other two, not 1000: on this loaded 2-core
# machine (load average 14-20) a leader whose first PING to the master it had just promoted took
# 1.05 s called it down, and as it still held the others' "down" answers about the old master
# (a sentinel keeps them 5 s) it failed the new master over alone, once in 40 measured runs.
# The cost: with a fast sentinel dead as well, a failover waits for the tiebreaker's 3.5 s (the
# supervisor restarts a dead sentinel within a second or two).
DOWN_AFTER_MS=(1500 1500 3500)
# failover-timeout 3000: how long the promoted replica may take to report itself master (its
# INFO is read once a second: 3 s leaves room on a loaded machine), and what an attempt that
# failed (not elected, promotion timed out) waits before the retry: 2 x 3 s, not 2 x 5 s. Also
# how long a replica may follow a wrong master before a sentinel moves it. The services hold
# commands back from +try-failover for up to seckill.redis.watch.fence-timeout (10 s), which
# covers a whole attempt: the vote and the promotion, each at most failover-timeout.
FAILOVER_TIMEOUT_MS=3000
# parallel-syncs 2 (every replica at once): the services never read from replicas, so none has
# to keep serving while the others resync, and the new master refuses writes until one replica
# is attached (min-replicas-to-write 1): the fastest must not wait behind a slow full resync.
PARALLEL_SYNCS=2

write_sentinel_conf() { # port master-host master-port
	cat >"$(conffile "$1")" <<EOF
port $1
bind 127.0.0.1
daemonize yes
pidfile $(pidfile "$1")
logfile $(logfile "$1")
dir $DIR
sentinel resolve-hostnames no
sentinel monitor $NAME $2 $3 2
sentinel down-after-milliseconds $NAME ${DOWN_AFTER_MS[$(($1 - SENTINEL_PORT))]}
sentinel failover-timeout $NAME $FAILOVER_TIMEOUT_MS
sentinel parallel-syncs $NAME $PARALLEL_SYNCS
EOF
}

# Who listens on a port, when ss can tell: "pid 123 (redis-server 127.0.0.1:6391, cwd /tmp/x)".
port_holder() { # port
	local pid
	command -v ss >/dev/null || return 0
	pid=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
	[[ -n $pid ]] || return 0
	printf ' by pid %s (%s, cwd %s)' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | sed 's/ *$//')" \
		"$(readlink "/proc/$pid/cwd" 2>/dev/null || echo '?')"
}

ensure_port_free() { # port
	if port_in_use "$1"; then
		die "port $1 is taken$(port_holder "$1"), not by a node of this topology (no live pidfile in $DIR)"
	fi
}

wait_for_pid() { # port
	for _ in $(seq 1 50); do
		node_pid "$1" >/dev/null && rcli "$1" PING | grep -q PONG && return 0
		sleep 0.1
	done
	die "$(node_name "$1") did not start; last lines of $(logfile "$1"):
$(tail -n 20 "$(logfile "$1")" 2>/dev/null)"
}

start_data_node() { # port [master-host master-port]
	local port=$1
	ensure_port_free "$port"
	write_data_conf "$port"
	if [[ $# -eq 3 ]]; then
		redis-server "$(conffile "$port")" --replicaof "$2" "$3" 7>&- 8>&- 9>&-
		say "started redis $port as a replica of $2:$3"
	else
		redis-server "$(conffile "$port")" 7>&- 8>&- 9>&-
		say "started redis $port as master"
	fi
	wait_for_pid "$port"
}

start_sentinel() { # port master-host master-port
	ensure_port_free "$1"
	if [[ ! -f $(conffile "$1") ]]; then
		write_sentinel_conf "$@"
	fi
	redis-server "$(conffile "$1")" --sentinel 7>&- 8>&- 9>&-
	say "started sentinel $1"
	wait_for_pid "$1"
}

wait_replicas_linked() { # master-port
	local deadline=$((SECONDS + TIMEOUT)) online
	while true; do
		online=$({ rcli "$1" INFO replication || true; } | tr -d '\r' | grep -c '^slave[0-9]*:.*state=online' || true)
		[[ $online -lt 2 ]] || return 0
		[[ $SECONDS -lt $deadline ]] || die "replicas did not link to the master on $1 within ${TIMEOUT}s"
		sleep 0.2
	done
}

clean_start() {
	local port
	for port in "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"; do
		ensure_port_free "$port"
	done
	say "clean start in $DIR"
	rm -rf "${DIR:?}"/redis-* "${DIR:?}"/sentinel-*
	start_data_node "$MASTER_PORT"
	start_data_node "${DATA_PORTS[1]}" 127.0.0.1 "$MASTER_PORT"
	start_data_node "${DATA_PORTS[2]}" 127.0.0.1 "$MASTER_PORT"
	# Sentinels learn the replicas from the master's INFO; starting them once the replicas
	# are linked saves waiting for the next 10-second INFO round.
	wait_replicas_linked "$MASTER_PORT"
	for port in "${SENTINEL_PORTS[@]}"; do
		write_sentinel_conf "$port" 127.0.0.1 "$MASTER_PORT"
		start_sentinel "$port" 127.0.0.1 "$MASTER_PORT"
	done
}

# The master among the live data nodes, when no sentinel can tell us.
master_from_data_nodes() {
	local port
	for port in "${DATA_PORTS[@]}"; do
		[[ $(node_state "$port") == running ]] || continue
		if [[ $(rcli "$port" INFO replication | tr -d '\r') == *$'\n'role:master$'\n'* ]]; then
			echo "127.0.0.1 $port"
			return 0
		fi
	done
	return 1
}

# A dead master that comes back empty (nothing is persisted) must not be master again while a
# replica holds the data: give the sentinels time to promote one first.
await_failover_from() { # port
	local deadline=$((SECONDS + 20)) master
	say "redis $1 was the master; waiting for the sentinels to fail over before restarting it" >&2
	while [[ $SECONDS -lt $deadline ]]; do
		master=$(current_master) || true
		if [[ -n $master && $master != "127.0.0.1 $1" ]]; then
			echo "$master"
			return 0
		fi
		sleep 0.5
	done
	return 1
}

# --- locking ------------------------------------------------------------------------------

# start, stop and the supervisor change nodes under this lock (fd 9), so that two of them
# never start the same node at once. Started nodes never inherit it (7>&- 8>&- 9>&-).
lock_topology() { # [--try]
	exec 9>"$DIR/.lock"
	if [[ ${1:-} == --try ]]; then
		flock -n 9
	else
		flock 9
	fi
}

unlock_topology() {
	exec 9>&-
}

# --- repairing ----------------------------------------------------------------------------

# Why the last round left a node down (the supervisor logs it once, not every round).
WAITING=

# Starts the dead nodes: sentinels first (a failover needs two of them), then data nodes as
# replicas of the master the newest sentinel configuration names. A data node restarts with
# a regenerated config and an empty data set (nothing is persisted), so it must never come
# back as a master while another node holds the data:
#   - a dead master is started only after the sentinels promoted another node;
#   - while the sentinels flag the master down or fail it over, nothing starts (the replica
#     would follow a master about to be replaced);
#   - only when no data node is left at all does the master come back, empty.
# Mode "wait" (start): waits up to 20 s for a failover, then restarts a dead master empty,
# as an operator asked for a whole topology. Mode "once" (supervisor): leaves what cannot be
# started safely yet for the next round and says why in WAITING.
restart_down_nodes() { # wait|once
	local mode=$1 port view="" master="" master_host master_port flags="" down=() live=0
	WAITING=
	for port in "${SENTINEL_PORTS[@]}"; do
		[[ $(node_state "$port") == down ]] || continue
		if [[ ! -f $(conffile "$port") ]]; then
			master=$(current_master || master_from_data_nodes || echo "127.0.0.1 $MASTER_PORT")
		fi
		start_sentinel "$port" "${master% *}" "${master#* }"
	done
	for port in "${DATA_PORTS[@]}"; do
		if [[ $(node_state "$port") == down ]]; then
			down+=("$port")
		else
			live=$((live + 1))
			rm -f "$DIR/.down-since-$port"
		fi
	done
	[[ ${#down[@]} -gt 0 ]] || return 0
	if view=$(newest_master_view); then
		read -r master_host master_port flags <<<"$view"
		master="$master_host $master_port"
	elif master=$(master_from_data_nodes); then
		flags=master
	elif [[ $live -eq 0 ]]; then
		master="127.0.0.1 $MASTER_PORT"
		flags=master
	else
		WAITING="no sentinel names a master and no running data node is one"
		[[ $mode == once ]] && return 0
		die "$WAITING; run stop, then start"
	fi
	if [[ " ${down[*]} " == *" ${master#* } "* ]]; then
		if [[ $live -eq 0 ]]; then
			say "no data node is left: starting redis ${master#* } as an empty master"
			start_data_node "${master#* }"
		elif [[ $mode == once ]]; then
			WAITING="redis ${master#* } was the master; waiting for the sentinels to promote a replica"
			return 0
		elif master=$(await_failover_from "${master#* }"); then
			flags=master
		else
			say "no failover happened; restarting redis ${master#* } as an empty master"
			start_data_node "${master#* }"
		fi
	elif [[ $mode == once && $flags =~ (s_down|o_down|failover_in_progress) ]]; then
		WAITING="the sentinels flag master ${master/ /:} '$flags'; waiting for it to be replaced or back"
		return 0
	fi
	for port in "${down[@]}"; do
		[[ $(node_state "$port") == down ]] || continue
		if [[ $mode == once ]] && ! rejoin_due "$port" "${master#* }"; then
			continue
		fi
		rm -f "$DIR/.down-since-$port"
		start_data_node "$port" "${master% *}" "${master#* }"
	done
}

# Whether the supervisor may bring a dead data node back now: REJOIN_DELAY seconds after it
# first saw it dead, or at once when the master has no replica attached (see usage).
rejoin_due() { # port master-port
	local port=$1 master_port=$2 since file="$DIR/.down-since-$1" replicas
	((REJOIN_DELAY > 0)) || return 0
	replicas=$(rcli "$master_port" INFO replication | tr -d '\r' | sed -n 's/^connected_slaves://p')
	[[ ${replicas:-0} -gt 0 ]] || return 0
	[[ -f $file ]] || printf '%s' "$EPOCHSECONDS" >"$file"
	since=$(<"$file")
	if ((EPOCHSECONDS - since < REJOIN_DELAY)); then
		WAITING="redis $port rejoins ${REJOIN_DELAY}s after it died (the master has $replicas replica(s) meanwhile)"
		return 1
	fi
}

repair() {
	local port
	for port in "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"; do
		if [[ $(node_state "$port") == paused ]]; then
			kill -CONT "$(node_pid "$port")"
			say "resumed paused $(node_name "$port")"
		fi
	done
	restart_down_nodes wait
}

all_ports_in_use() {
	local port
	for port in "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"; do
		port_in_use "$port" || return 1
	done
}

cmd_start() {
	local port any_up=false
	lock_topology
	for port in "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"; do
		[[ $(node_state "$port") == down ]] || any_up=true
	done
	if $any_up; then
		repair
	elif all_ports_in_use && [[ -z $(health_problem) ]]; then
		# Started from another checkout or state dir: healthy and serving the same master name,
		# so it is as good as ours. It is left alone, and stop will not touch it either (nor
		# does a supervisor of ours: that checkout's own supervisor looks after it).
		unlock_topology
		say "a healthy topology not started from $DIR already serves these ports; using it"
		return 0
	else
		clean_start
	fi
	unlock_topology
	start_supervisor
	wait_healthy
	say "healthy: master $(current_master | tr ' ' ':'), replicas 2, sentinels ${SENTINEL_PORTS[*]}"
}

# --- supervisor ---------------------------------------------------------------------------

SUPERVISE_INTERVAL=0.5

supervisor_pidfile() { echo "$DIR/supervisor.pid"; }

# The pid of this state dir's supervisor, if it runs.
supervisor_pid() {
	local pid
	pid=$(cat "$(supervisor_pidfile)" 2>/dev/null) || return 1
	[[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
	[[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *redis-topology.sh*"--dir $DIR "*supervise* ]] || return 1
	echo "$pid"
}

start_supervisor() {
	local pid
	[[ $SUPERVISOR == on ]] || return 0
	if pid=$(supervisor_pid); then
		return 0
	fi
	# Its own session, so that the shell that ran start (and its Ctrl-C) can go; its output
	# goes to a log, never to the caller's pipes (a test reading them to the end would hang).
	setsid "$BASH" "$ROOT/scripts/redis-topology.sh" --dir "$DIR" --master-port "$MASTER_PORT" \
		--sentinel-port "$SENTINEL_PORT" --name "$NAME" supervise \
		</dev/null >>"$DIR/supervisor.log" 2>&1 7>&- 8>&- 9>&- &
	for _ in $(seq 1 50); do
		pid=$(supervisor_pid) && break
		sleep 0.1
	done
	[[ -n $pid ]] || die "the supervisor did not start; see $DIR/supervisor.log"
	say "supervisor running (pid $pid, log $DIR/supervisor.log)"
}

stop_supervisor() {
	local pid
	pid=$(supervisor_pid) || { rm -f "$(supervisor_pidfile)"; return 0; }
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 1 100); do
		[[ -r /proc/$pid/cmdline ]] || break
		sleep 0.1
	done
	if [[ -r /proc/$pid/cmdline ]]; then
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$(supervisor_pidfile)"
	say "stopped the supervisor (pid $pid)"
}

cmd_supervise() {
	local port down last_waiting="" stamp pidfile owner
	# One supervisor per state dir: it holds this lock (fd 8) as long as it runs.
	exec 8>"$DIR/.supervisor.lock"
	flock -n 8 || die "another supervisor already looks after $DIR"
	pidfile=$(supervisor_pidfile)
	echo $$ >"$pidfile"
	exec 7<> <(:)
	trap 'say "supervisor (pid $$) stopped"; exit 0' TERM INT
	say "supervisor (pid $$) started: restarting dead nodes every ${SUPERVISE_INTERVAL}s"
	while true; do
		# Stopped some other way (stop removed the pidfile, or every node is gone): a
		# supervisor that brought a stopped topology back would fight the operator.
		owner=
		read -r owner <"$pidfile" 2>/dev/null || true
		[[ $owner == "$$" ]] || { say "pidfile gone; supervisor exits"; exit 0; }
		down=false
		for port in "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"; do
			find_node_state "$port"
			[[ $NODE_STATE == down ]] && down=true
		done
		if $down; then
			if ! any_node_up; then
				say "no node of the topology runs any more; supervisor exits (start brings it back)"
				rm -f "$(supervisor_pidfile)"
				exit 0
			fi
			if lock_topology --try; then
				stamp=$(date -u +%H:%M:%S.%3N)
				# A failure to start one node (a port taken...) is logged, and the next round tries again.
				(restart_down_nodes once && printf '%s' "$WAITING" >"$DIR/.supervisor.waiting") 2>&1 |
					sed "s/^/$stamp /" || true
				WAITING=$(cat "$DIR/.supervisor.waiting" 2>/dev/null || true)
				rm -f "$DIR/.supervisor.waiting"
				unlock_topology
				if [[ -n $WAITING && $WAITING != "$last_waiting" ]]; then
					echo "$stamp redis-topology[$NAME]: $WAITING"
				fi
				last_waiting=$WAITING
			fi
		else
			last_waiting=""
		fi
		# A builtin sleep: read with a timeout from a pipe nobody writes to (no fork per round).
		read -r -t "$SUPERVISE_INTERVAL" -u 7 || true
	done
}

any_node_up() {
	local port
	for port in "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"; do
		[[ $(node_state "$port") == down ]] || return 0
	done
	return 1
}

# --- stopping -----------------------------------------------------------------------------

stop_node() { # port
	local port=$1 pid
	pid=$(node_pid "$port") || { rm -f "$(pidfile "$port")"; return 0; }
	# SIGCONT around SIGKILL: a paused process dies on SIGKILL, but resuming it first and after
	# leaves nothing frozen behind if the kill races with another SIGSTOP.
	kill -CONT "$pid" 2>/dev/null || true
	kill -KILL "$pid" 2>/dev/null || true
	kill -CONT "$pid" 2>/dev/null || true
	for _ in $(seq 1 50); do
		node_pid "$port" >/dev/null || break
		sleep 0.1
	done
	node_pid "$port" >/dev/null && die "$(node_name "$port") (pid $pid) did not die"
	rm -f "$(pidfile "$port")"
	say "stopped $(node_name "$port") (pid $pid)"
}

cmd_stop() {
	local port
	# The supervisor first: it would start again what this kills.
	stop_supervisor
	lock_topology
	# Sentinels first, so that they do not start a failover while the data nodes go away.
	for port in "${SENTINEL_PORTS[@]}" "${DATA_PORTS[@]}"; do
		stop_node "$port"
	done
	unlock_topology
	for port in "${SENTINEL_PORTS[@]}" "${DATA_PORTS[@]}"; do
		if port_in_use "$port"; then
			echo "redis-topology[$NAME]: warning: port $port is still in use by a process this script did not start" >&2
		fi
	done
}

# --- status -------------------------------------------------------------------------------

cmd_status() {
	local port state pid role answer problem running=0
	echo "Redis topology '$NAME' ($DIR)"
	for port in "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"; do
		[[ $(node_state "$port") == down ]] || running=$((running + 1))
	done
	if [[ $running -eq 0 ]]; then
		echo "  stopped: no node runs (ports ${DATA_PORTS[*]}, sentinels ${SENTINEL_PORTS[*]})"
		return 3
	fi
	for port in "${DATA_PORTS[@]}"; do
		state=$(node_state "$port")
		pid=$(node_pid "$port" || echo -)
		role=
		if [[ $state == running ]]; then
			role=$({ rcli "$port" INFO replication || true; } | tr -d '\r' | awk -F: '
				$1 == "role" { role = $2 } $1 == "master_port" { mp = $2 }
				$1 == "master_link_status" { link = $2 } $1 == "connected_slaves" { n = $2 }
				END { if (role == "master") print "master, " n " replicas"; else print "replica of " mp " (link " link ")" }')
		fi
		printf '  redis     %-6s %-8s pid %-8s %s\n' "$port" "$state" "$pid" "$role"
	done
	for port in "${SENTINEL_PORTS[@]}"; do
		state=$(node_state "$port")
		pid=$(node_pid "$port" || echo -)
		answer=
		if [[ $state == running ]]; then
			answer=$(rcli "$port" SENTINEL get-master-addr-by-name "$NAME" | paste -sd: || true)
			answer="master ${answer:-?}"
		fi
		printf '  sentinel  %-6s %-8s pid %-8s %s\n' "$port" "$state" "$pid" "$answer"
	done
	if pid=$(supervisor_pid); then
		printf '  %-16s %-8s pid %-8s %s\n' supervisor running "$pid" "restarts dead nodes (log supervisor.log)"
	else
		printf '  %-16s %-8s\n' supervisor stopped
	fi
	problem=$(health_problem)
	if [[ -z $problem ]]; then
		echo "  healthy: master $(current_master | tr ' ' ':')"
	else
		echo "  not healthy: $problem"
		return 1
	fi
}

cmd_master() {
	current_master || die "no sentinel on ${SENTINEL_PORTS[*]} names a master for '$NAME'"
}

case $COMMAND in
	start) cmd_start ;;
	stop) cmd_stop ;;
	status) cmd_status ;;
	master) cmd_master ;;
	wait) wait_healthy ;;
	supervise) cmd_supervise ;;
esac
