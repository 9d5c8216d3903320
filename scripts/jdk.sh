# shellcheck shell=bash
# Sourced by ./seckill and .ci/run: finds a JDK 21 or newer and exports JAVA_HOME for it.
# Order: $JAVA_HOME, then the java on PATH, then the newest under /usr/lib/jvm.

SECKILL_MIN_JAVA=21

# Feature release of a java binary (8 for "1.8", 25 for "25"), or nothing when it does not run.
java_major() { # path-to-java
	local spec
	spec=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java\.specification\.version/ { print $2; exit }') || return 1
	spec=${spec#1.}
	spec=${spec%%.*}
	[[ $spec =~ ^[0-9]+$ ]] || return 1
	echo "$spec"
}

java_home_of() { # path-to-java
	local real
	real=$(readlink -f "$1")
	dirname "$(dirname "$real")"
}

# Sets and exports JAVA_HOME (and puts its bin first on PATH), or fails with a sentence.
select_jdk() {
	local major candidate best="" best_major=0
	if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
		major=$(java_major "$JAVA_HOME/bin/java" || echo 0)
		if [[ $major -ge $SECKILL_MIN_JAVA ]]; then
			best=$JAVA_HOME
		else
			echo "note: JAVA_HOME=$JAVA_HOME is Java $major; Seckill needs $SECKILL_MIN_JAVA+, looking further" >&2
		fi
	fi
	if [[ -z $best ]] && candidate=$(command -v java); then
		major=$(java_major "$candidate" || echo 0)
		if [[ $major -ge $SECKILL_MIN_JAVA ]]; then
			best=$(java_home_of "$candidate")
		fi
	fi
	if [[ -z $best ]]; then
		for candidate in /usr/lib/jvm/*/bin/java; do
			[[ -x $candidate ]] || continue
			major=$(java_major "$candidate" || echo 0)
			if [[ $major -ge $SECKILL_MIN_JAVA && $major -gt $best_major ]]; then
				best=$(java_home_of "$candidate")
				best_major=$major
			fi
		done
	fi
	if [[ -z $best ]]; then
		echo "Seckill needs a JDK $SECKILL_MIN_JAVA or newer, and none was found (JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
		echo "Install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
		return 1
	fi
	export JAVA_HOME=$best
	export PATH="$JAVA_HOME/bin:$PATH"
}

# The JVM of the project's own short-lived tools (loadgen: the demo and bench clients, the
# launcher's start/wait/check steps). They run on the cores they measure, beside the services,
# so their start-up cost is the services' latency: C2 compiling the demo client took about
# 2 s of CPU of a 5 s demo on a 2-core box, and the c = 1000 demo's p99 went from 240-455 ms
# to 83-116 ms with C1 alone (docs/scaling.md, fifth pass). SECKILL_TOOL_JAVA_OPTS replaces
# the default ("" for the JVM's own).
tool_java() { # java-argument...
	local options
	read -r -a options <<<"${SECKILL_TOOL_JAVA_OPTS--XX:TieredStopAtLevel=1}"
	"$JAVA_HOME/bin/java" "${options[@]}" "$@"
}
