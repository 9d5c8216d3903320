package io.seckill.common.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Follows the sentinels' own announcements instead of waiting for timeouts: subscribes to
 * every sentinel's events ({@code PSUBSCRIBE *}) and moves the shared connection the
 * moment one of them publishes {@code +switch-master} for our master. Needed because a
 * connection to a frozen ({@code SIGSTOP}) master stays open: nothing in Lettuce would
 * notice that the sentinels moved on.
 *
 * <p>
 * While a failover is in progress (from {@code +try-failover} to {@code +switch-master}),
 * commands are fenced off: the old master keeps accepting writes until the sentinels
 * demote it, and the failover throws those writes away.
 *
 * <p>
 * A poll of the sentinels every {@link SentinelWatchProperties#verifyInterval()} is the
 * safety net for a missed announcement (no sentinel reachable at that moment) and the way
 * a service that started without Redis finds its master.
 */
class SentinelWatcher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SentinelWatcher.class);

	/** Announcements that a failover of the master has begun. */
	private static final Set<String> FAILOVER_STARTED = Set.of("+try-failover", "+elected-leader",
			"+failover-state-select-slave", "+selected-slave", "+failover-state-send-slaveof-noone",
			"+failover-state-wait-promotion", "+promoted-slave");

	private final SeckillRedis redis;

	private final SentinelEventLog events;

	private final ApplicationEventPublisher publisher;

	private final SentinelWatchProperties properties;

	private final String masterName;

	private final Map<HostAndPort, StatefulRedisPubSubConnection<String, String>> subscriptions = new ConcurrentHashMap<>();

	// Announcements are handled on their own thread, never queued behind a slow poll.
	private final ScheduledExecutorService announcements = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("redis-sentinel-events").daemon().factory());

	private final ScheduledExecutorService poller = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("redis-sentinel-poll").daemon().factory());

	private volatile boolean running;

	private volatile Instant lastSwitch = Instant.EPOCH;

	SentinelWatcher(SeckillRedis redis, SentinelEventLog events, ApplicationEventPublisher publisher,
			SentinelWatchProperties properties) {
		this.redis = redis;
		this.events = events;
		this.publisher = publisher;
		this.properties = properties;
		this.masterName = redis.properties().masterName();
	}

	@Override
	public void start() {
		this.running = true;
		this.poller.scheduleWithFixedDelay(this::verify, 0, this.properties.verifyInterval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		this.poller.shutdownNow();
		this.announcements.shutdownNow();
		this.subscriptions.values().forEach(StatefulRedisPubSubConnection::closeAsync);
		this.subscriptions.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	void on(String sentinel, String channel, String message) {
		if (channel.startsWith("__")) {
			return;
		}
		SentinelEvent event = SentinelEvent.parse(Instant.now(), sentinel, channel, message);
		if (!event.concerns(this.masterName)) {
			return;
		}
		this.events.record(event);
		if ("+switch-master".equals(channel)) {
			this.announcements.execute(() -> follow(event));
		}
		else if (FAILOVER_STARTED.contains(channel)) {
			this.announcements.execute(() -> fence(event));
		}
		else if (channel.startsWith("-failover-abort")) {
			this.announcements.execute(() -> unfence(event.type()));
		}
	}

	private void follow(SentinelEvent announcement) {
		HostAndPort to;
		try {
			to = announcement.switchedTo();
		}
		catch (IllegalArgumentException ex) {
			logger.warn(ex.getMessage());
			return;
		}
		switchTo(to, announcement.at(), "+switch-master from " + announcement.source());
	}

	private void switchTo(HostAndPort to, Instant announcedAt, String detectedBy) {
		RedisMaster before = this.redis.currentMaster();
		try {
			if (!this.redis.switchTo(to)) {
				return;
			}
		}
		catch (RedisException ex) {
			logger.warn("Cannot reach the new Redis master " + to + " (" + detectedBy + "): " + ex.getMessage()
					+ "; the sentinel poll retries");
			return;
		}
		this.lastSwitch = Instant.now();
		RedisMasterSwitched switched = new RedisMasterSwitched(this.masterName,
				(before != null) ? before.address() : null, to, announcedAt, this.lastSwitch, detectedBy);
		if (before != null) {
			this.events.switched(switched);
		}
		this.publisher.publishEvent(switched);
	}

	private void fence(SentinelEvent announcement) {
		if (!aboutCurrentMaster(announcement)) {
			// A late announcement (another sentinel's, or one delivered after the
			// +switch-master it led to) about the master we already left: fencing would
			// hold back the healthy new master until the fence times out (issue 12).
			this.events.note(new SentinelEvent(Instant.now(), SentinelEvent.SELF, "ignored",
					announcement.type() + " about "
							+ announcement.masterAddress().map(HostAndPort::toString).orElse("?")
							+ ", not the current master",
					this.masterName));
			return;
		}
		if (this.redis.fence(announcement.type() + " from " + announcement.source())) {
			long generation = this.redis.generation();
			this.events.note(new SentinelEvent(Instant.now(), SentinelEvent.SELF, "fenced",
					"commands held back until the new master is known (" + announcement.type() + ")", this.masterName));
			this.announcements.schedule(() -> {
				if (this.redis.generation() == generation) {
					unfence("no +switch-master within " + this.properties.fenceTimeout().toMillis() + " ms");
				}
			}, this.properties.fenceTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private boolean aboutCurrentMaster(SentinelEvent announcement) {
		RedisMaster current = this.redis.currentMaster();
		Optional<HostAndPort> about = announcement.masterAddress();
		return current == null || about.isEmpty() || about.get().equals(current.address());
	}

	private void unfence(String why) {
		if (this.redis.unfence()) {
			this.events.note(new SentinelEvent(Instant.now(), SentinelEvent.SELF, "unfenced",
					"commands flow to the same master again (" + why + ")", this.masterName));
		}
	}

	private void verify() {
		try {
			subscribeMissing();
			followPoll();
		}
		catch (RuntimeException ex) {
			logger.debug("Sentinel poll failed; the next one tries again", ex);
		}
	}

	private void followPoll() {
		if (Duration.between(this.lastSwitch, Instant.now()).compareTo(this.properties.switchGrace()) < 0) {
			return;
		}
		RedisMaster current = this.redis.currentMaster();
		Optional<HostAndPort> named = this.redis.sentinels().newestMaster(1);
		if (named.isPresent() && (current == null || !current.address().equals(named.get()))) {
			Instant now = Instant.now();
			this.announcements.execute(() -> switchTo(named.get(), now, "sentinel poll"));
		}
	}

	private void subscribeMissing() {
		for (HostAndPort sentinel : this.redis.sentinels().addresses()) {
			if (this.running && !this.subscriptions.containsKey(sentinel)) {
				StatefulRedisPubSubConnection<String, String> connection = subscribe(sentinel);
				if (connection != null) {
					this.subscriptions.put(sentinel, connection);
				}
			}
		}
	}

	private @Nullable StatefulRedisPubSubConnection<String, String> subscribe(HostAndPort sentinel) {
		RedisURI uri = RedisURI.builder()
			.withHost(sentinel.host())
			.withPort(sentinel.port())
			.withTimeout(this.redis.properties().timeout())
			.build();
		try {
			StatefulRedisPubSubConnection<String, String> connection = this.redis.client().connectPubSub(uri);
			String source = sentinel.toString();
			connection.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void message(String pattern, String channel, String message) {
					on(source, channel, message);
				}

			});
			// Lettuce subscribes again by itself whenever this connection reconnects.
			connection.sync().psubscribe("*");
			logger.info("Watching the events of sentinel " + sentinel + " for master '" + this.masterName + "'");
			return connection;
		}
		catch (RedisException ex) {
			logger.debug("Sentinel " + sentinel + " cannot be watched yet: " + ex.getMessage());
			return null;
		}
	}

}
