# shellcheck shell=bash
# Sourced by ./seckill and .ci/run: makes sure the machine's RabbitMQ and MariaDB answer,
# starting them when they are installed but down. Seckill never stops them, except the
# outage tests (system-tests DependencyOutageIntegrationTests), which stop them for ten seconds
# and start them again with ensure_mariadb / rabbitmqctl start_app.

: "${SECKILL_RABBITMQ_HOST:=127.0.0.1}" "${SECKILL_RABBITMQ_PORT:=5672}"
: "${SECKILL_DB_HOST:=127.0.0.1}" "${SECKILL_DB_PORT:=3306}" "${SECKILL_DB_USER:=root}"

port_open() { # host port
	(exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

wait_port() { # host port seconds
	local deadline=$((SECONDS + $3))
	until port_open "$1" "$2"; do
		[[ $SECONDS -lt $deadline ]] || return 1
		sleep 1
	done
}

is_local() { # host
	[[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]
}

ensure_rabbitmq() {
	local host=$SECKILL_RABBITMQ_HOST port=$SECKILL_RABBITMQ_PORT
	port_open "$host" "$port" && return 0
	if ! is_local "$host"; then
		echo "RabbitMQ does not answer on $host:$port (SECKILL_RABBITMQ_HOST/PORT); start it there and try again." >&2
		return 1
	fi
	if ! command -v rabbitmq-server >/dev/null; then
		echo "RabbitMQ is not running on $host:$port and is not installed here; install it (apt-get install rabbitmq-server) or point SECKILL_RABBITMQ_HOST/PORT at one." >&2
		return 1
	fi
	echo "Starting RabbitMQ (rabbitmq-server -detached)..."
	rabbitmq-server -detached >/dev/null 2>&1 || true
	if ! wait_port "$host" "$port" 90; then
		echo "RabbitMQ did not start listening on $host:$port within 90s; see /var/log/rabbitmq/." >&2
		return 1
	fi
	# The port opens a little before the broker accepts logins.
	if command -v rabbitmqctl >/dev/null; then
		timeout 60 rabbitmqctl -q await_startup >/dev/null 2>&1 || true
	fi
}

# Creates the vhost (if missing) and gives guest full permissions on it.
ensure_rabbitmq_vhost() { # vhost
	local out
	command -v rabbitmqctl >/dev/null || { echo "rabbitmqctl is not installed; cannot create vhost $1" >&2; return 1; }
	if ! out=$(timeout 60 rabbitmqctl -q add_vhost "$1" 2>&1) && [[ $out != *already\ exists* ]]; then
		echo "rabbitmqctl add_vhost $1 failed: $out" >&2
		return 1
	fi
	timeout 60 rabbitmqctl -q set_permissions -p "$1" "${SECKILL_RABBITMQ_USER:-guest}" ".*" ".*" ".*" >/dev/null
}

mariadb_client() {
	local client
	client=$(command -v mariadb || command -v mysql) || { echo "no mariadb or mysql client installed (apt-get install mariadb-client)" >&2; return 1; }
	"$client" -h"$SECKILL_DB_HOST" -P"$SECKILL_DB_PORT" -u"$SECKILL_DB_USER" ${SECKILL_DB_PASSWORD:+-p"$SECKILL_DB_PASSWORD"} "$@"
}

ensure_mariadb() {
	local host=$SECKILL_DB_HOST port=$SECKILL_DB_PORT daemon
	port_open "$host" "$port" && return 0
	if ! is_local "$host"; then
		echo "MariaDB/MySQL does not answer on $host:$port (SECKILL_DB_HOST/PORT); start it there and try again." >&2
		return 1
	fi
	for daemon in "$(command -v mariadbd || true)" /usr/sbin/mariadbd "$(command -v mysqld || true)" /usr/sbin/mysqld ""; do
		[[ -n $daemon && -x $daemon ]] && break
	done
	if [[ -z $daemon ]]; then
		echo "MariaDB is not running on $host:$port and is not installed here; install it (apt-get install mariadb-server) or point SECKILL_DB_HOST/PORT at a MySQL/MariaDB." >&2
		return 1
	fi
	echo "Starting MariaDB ($daemon)..."
	if id mysql >/dev/null 2>&1; then
		install -d -o mysql -g mysql /run/mysqld
	fi
	start-stop-daemon --start --oknodo --background --exec "$daemon"
	if ! wait_port "$host" "$port" 60; then
		echo "MariaDB did not start listening on $host:$port within 60s; see /var/log/mysql/ or the journal." >&2
		return 1
	fi
}

ensure_database() { # name
	[[ $1 =~ ^[A-Za-z0-9_]+$ ]] || { echo "bad database name: $1" >&2; return 1; }
	mariadb_client -e "CREATE DATABASE IF NOT EXISTS \`$1\`"
}
