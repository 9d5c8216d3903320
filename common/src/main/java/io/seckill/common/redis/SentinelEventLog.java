package io.seckill.common.redis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The recent sentinel events, bounded, newest last; each one also a log line and a count
 * by type ({@code seckill_redis_sentinel_events_total{type}}). Master switches are
 * counted as {@code seckill_redis_failovers_total}.
 */
public class SentinelEventLog {

	private static final Log logger = LogFactory.getLog(SentinelEventLog.class);

	/** Events an operator should notice; the rest are logged at INFO. */
	private static final Set<String> ALARMING = Set.of("+sdown", "+odown", "+switch-master", "-no-good-slave", "+tilt",
			"+try-failover", "-failover-abort-no-good-slave", "-failover-abort-not-elected",
			"-failover-abort-slave-timeout");

	private final int capacity;

	private final MeterRegistry meters;

	private final Deque<SentinelEvent> events;

	private final Counter failovers;

	SentinelEventLog(int capacity, MeterRegistry meters) {
		this.capacity = capacity;
		this.meters = meters;
		this.events = new ArrayDeque<>(capacity);
		this.failovers = Counter.builder("seckill.redis.failovers")
			.description("Times this process moved its Redis connection to a new master")
			.register(meters);
	}

	void record(SentinelEvent event) {
		append(event);
		Counter.builder("seckill.redis.sentinel.events")
			.description("Sentinel events received, by type")
			.tag("type", event.type())
			.register(this.meters)
			.increment();
		String line = "sentinel_event type=" + event.type() + " sentinel=" + event.source() + " master="
				+ event.masterName() + " detail=\"" + event.detail() + "\"";
		if (ALARMING.contains(event.type())) {
			logger.warn(line);
		}
		else {
			logger.info(line);
		}
	}

	void note(SentinelEvent event) {
		append(event);
		logger.warn("redis_master type=" + event.type() + " master=" + event.masterName() + " detail=\""
				+ event.detail() + "\"");
	}

	void switched(RedisMasterSwitched switched) {
		this.failovers.increment();
		note(new SentinelEvent(
				switched.switchedAt(), SentinelEvent.SELF, "switched", switched.from() + " -> " + switched.to() + " ("
						+ switched.detectedBy() + ", " + switched.took().toMillis() + " ms after it was known)",
				switched.masterName()));
	}

	/**
	 * The events kept, oldest first.
	 * @return a copy
	 */
	public List<SentinelEvent> recent() {
		synchronized (this.events) {
			return List.copyOf(this.events);
		}
	}

	/**
	 * Master switches since this process started.
	 * @return the count
	 */
	public long failovers() {
		return (long) this.failovers.count();
	}

	private void append(SentinelEvent event) {
		synchronized (this.events) {
			if (this.events.size() == this.capacity) {
				this.events.removeFirst();
			}
			this.events.addLast(event);
		}
	}

}
