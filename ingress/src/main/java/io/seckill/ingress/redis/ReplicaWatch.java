package io.seckill.ingress.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.HostAndPort;
import io.seckill.common.redis.RedisMaster;
import io.seckill.common.redis.SeckillRedis;

import org.springframework.context.SmartLifecycle;

/**
 * Raises an alert when the Redis master has fewer replicas than expected (issue 12, item
 * 6). The master refuses writes without a replica (min-replicas-to-write 1), so with one
 * replica gone the next failure of a node stops every sale; with both gone, it already
 * has. Once a second this reads the master's {@code INFO replication} (the master itself
 * drops a killed replica at once, while the sentinels take their down-after time) and
 * keeps {@code seckill_redis_replicas{state="connected"|"expected"}}. A shortfall that
 * lasts longer than the grace is logged at WARN and posted as a
 * {@code redis.replicas_missing} notice, again whenever the count changes; its end as
 * {@code redis.replicas_restored}. While no master is known, a failover is in progress or
 * the master does not answer, the count is unknown ({@code NaN}) and nothing is reported:
 * the failover has its own notice.
 */
class ReplicaWatch implements SmartLifecycle {

	static final String METRIC = "seckill.redis.replicas";

	private static final Log logger = LogFactory.getLog(ReplicaWatch.class);

	private final String masterName;

	private final Supplier<@Nullable Reading> master;

	private final int expected;

	private final Duration interval;

	private final Duration grace;

	private final AlertWebhook alerts;

	private final Clock clock;

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("redis-replica-watch").daemon().factory());

	private volatile double connected = Double.NaN;

	private volatile boolean running;

	private @Nullable Instant shortSince;

	private int reportedMissing;

	/**
	 * Creates the watch; {@link #start()} starts the readings.
	 * @param masterName the master name the sentinels monitor
	 * @param master takes a reading of the master, {@code null} when unknown
	 * ({@link #masterOf})
	 * @param properties expected replicas, interval, grace
	 * @param alerts where notices go
	 * @param meters where the gauges go
	 * @param clock the time of readings
	 */
	ReplicaWatch(String masterName, Supplier<@Nullable Reading> master, ReplicaAlertProperties properties,
			AlertWebhook alerts, MeterRegistry meters, Clock clock) {
		this.masterName = masterName;
		this.master = master;
		this.expected = properties.expected();
		this.interval = properties.interval();
		this.grace = properties.grace();
		this.alerts = alerts;
		this.clock = clock;
		Gauge.builder(METRIC, this, (watch) -> watch.connected)
			.description("Replicas attached to the Redis master and online, as the master reports them")
			.tag("state", "connected")
			.register(meters);
		Gauge.builder(METRIC, this, (watch) -> watch.expected)
			.description("Replicas the Redis master should have (seckill.redis.replicas.expected)")
			.tag("state", "expected")
			.register(meters);
	}

	@Override
	public void start() {
		this.running = true;
		if (this.expected > 0) {
			this.timer.scheduleWithFixedDelay(this::check, this.interval.toMillis(), this.interval.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.timer.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	void check() {
		try {
			observe(this.master.get(), this.clock.instant());
		}
		catch (RuntimeException ex) {
			// The timer must keep running: a failed round is an unknown count, not the
			// end.
			logger.debug("Replica check failed", ex);
		}
	}

	/**
	 * Takes one reading.
	 * @param master the master and its online replicas, or {@code null} if unknown
	 * @param now when it was taken
	 */
	synchronized void observe(@Nullable Reading master, Instant now) {
		if (master == null) {
			this.connected = Double.NaN;
			return;
		}
		int online = master.replicas().size();
		this.connected = online;
		int missing = Math.max(0, this.expected - online);
		Instant since = this.shortSince;
		if (missing == 0) {
			this.shortSince = null;
			if (this.reportedMissing > 0) {
				this.reportedMissing = 0;
				report("redis.replicas_restored", master, (since != null) ? since : now, now);
			}
			return;
		}
		if (since == null) {
			since = now;
			this.shortSince = now;
		}
		if (missing != this.reportedMissing && !now.isBefore(since.plus(this.grace))) {
			this.reportedMissing = missing;
			report("redis.replicas_missing", master, since, now);
		}
	}

	/**
	 * Readings of the master the shared connection writes to: its
	 * {@code INFO replication}.
	 * @param redis the shared connection
	 * @return the reader; a reading is {@code null} while no master is known, a failover
	 * is in progress, the master does not answer or the node no longer is a master
	 */
	static Supplier<@Nullable Reading> masterOf(SeckillRedis redis) {
		return () -> {
			RedisMaster master = redis.currentMaster();
			if (master == null || master.fenced()) {
				return null;
			}
			try {
				ReplicationInfo info = ReplicationInfo.parse(master.connection().sync().info("replication"));
				return info.master() ? new Reading(master.address(), info.onlineReplicas()) : null;
			}
			catch (RedisException ex) {
				return null;
			}
		};
	}

	private void report(String event, Reading master, Instant since, Instant now) {
		Notice notice = new Notice(event, this.masterName, master.address().toString(), master.replicas().size(),
				this.expected, master.replicas(), since, now, "ingress", this.alerts.instance());
		String line = "redis_replicas event=" + event + " master=" + notice.master() + " connected="
				+ notice.connected() + " expected=" + notice.expected() + " online=" + notice.replicas() + " since="
				+ since;
		if (event.equals("redis.replicas_restored")) {
			logger.info(line);
		}
		else if (notice.connected() == 0) {
			logger.warn(line + ": the master refuses every write until a replica is back (min-replicas-to-write)");
		}
		else {
			logger.warn(line + ": fewer copies of every purchase, and fewer nodes left to fail over to");
		}
		this.alerts.post(notice);
	}

	/**
	 * One reading of the master.
	 *
	 * @param address the master
	 * @param replicas its online replicas, {@code host:port}
	 */
	record Reading(HostAndPort address, List<String> replicas) {
	}

	/**
	 * The JSON notice.
	 *
	 * @param event {@code redis.replicas_missing} or {@code redis.replicas_restored}
	 * @param masterName the master name the sentinels monitor
	 * @param master the master's address
	 * @param connected replicas attached and online
	 * @param expected replicas it should have
	 * @param replicas the attached ones
	 * @param since when the shortfall began
	 * @param at when this was seen
	 * @param service always {@code ingress}
	 * @param instance this process
	 */
	record Notice(String event, String masterName, String master, int connected, int expected, List<String> replicas,
			Instant since, Instant at, String service, String instance) {
	}

}
