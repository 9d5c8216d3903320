package io.seckill.ingress.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import io.seckill.ingress.metrics.OperationsSnapshot;
import io.seckill.ingress.metrics.OperationsSnapshot.QueueDepth;

import org.springframework.context.event.EventListener;

/**
 * The last {@link #WINDOW} of samples, one point a second, in memory: a freshly opened
 * dashboard draws the minutes before it was opened. About 300 bytes a point.
 */
class DashboardHistory {

	static final Duration WINDOW = Duration.ofMinutes(10);

	private final int capacity;

	private final Deque<Point> points;

	DashboardHistory() {
		this.capacity = (int) WINDOW.toSeconds();
		this.points = new ArrayDeque<>(this.capacity);
	}

	@EventListener
	void on(OperationsSnapshot snapshot) {
		Map<String, @Nullable Long> ready = new TreeMap<>();
		for (QueueDepth depth : snapshot.queues()) {
			ready.put(depth.queue(), depth.ready());
		}
		Point point = new Point(snapshot.at(), snapshot.purchasesPerSecond(), snapshot.unavailablePerSecond(),
				snapshot.latencyP50(), snapshot.latencyP99(), ready, snapshot.outboxBacklog(),
				snapshot.reservationsPerSecond(), snapshot.ordersPerSecond(), snapshot.redisMaster());
		synchronized (this.points) {
			if (this.points.size() == this.capacity) {
				this.points.removeFirst();
			}
			this.points.addLast(point);
		}
	}

	/**
	 * The points after a time, oldest first.
	 * @param after exclusive lower bound, or {@code null} for all
	 * @return a copy
	 */
	List<Point> since(@Nullable Instant after) {
		synchronized (this.points) {
			return this.points.stream().filter((point) -> after == null || point.at().isAfter(after)).toList();
		}
	}

	/**
	 * One second of the pipeline.
	 *
	 * @param at sample time
	 * @param purchases purchase answers per second by outcome
	 * @param unavailable purchase calls answered {@code 503} per second
	 * @param p50 median purchase latency over the five seconds before, ms
	 * @param p99 99th percentile purchase latency over the five seconds before, ms
	 * @param ready ready messages per queue
	 * @param outbox outbox backlog
	 * @param reservations reservations written per second
	 * @param orders orders created per second
	 * @param master the Redis master written to
	 */
	record Point(Instant at, Map<String, Double> purchases, double unavailable, @Nullable Double p50,
			@Nullable Double p99, Map<String, @Nullable Long> ready, @Nullable Long outbox,
			@Nullable Double reservations, @Nullable Double orders, @Nullable String master) {
	}

}
