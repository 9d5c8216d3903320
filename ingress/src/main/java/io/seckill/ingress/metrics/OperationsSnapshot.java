package io.seckill.ingress.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the ingress sampled in one tick (once a second). A figure is {@code null} when its
 * source did not answer in that tick: the dashboard shows a gap rather than a made-up
 * zero.
 *
 * @param at when the tick started
 * @param sales open and recently ended sales, newest first
 * @param queues every pipeline queue, dead-letter queues included
 * @param outboxBacklog entries in the outbox stream (accepted, not yet confirmed by
 * RabbitMQ)
 * @param outboxPending of those, entries a relay has read and not yet acknowledged
 * @param purchases purchase answers of this ingress since it started, by outcome
 * @param purchasesPerSecond the same, per second since the previous tick
 * @param unavailablePerSecond purchase calls answered {@code 503} per second (Redis
 * unavailable or its breaker open), which have no outcome
 * @param latencyP50 median purchase latency over the last five seconds, milliseconds
 * @param latencyP99 99th percentile purchase latency over the last five seconds,
 * milliseconds
 * @param reservationsPerSecond reservations the reservation-workers wrote for the sales
 * shown, per second
 * @param ordersPerSecond orders the order-workers created for the sales shown, per second
 * @param orders every order in the database by status (sampled every few seconds)
 * @param breakers circuit breaker states by name
 * @param redisMaster the Redis master this ingress writes to
 * @param redisFenced why writes are held back, while a failover is in progress
 * @param failovers master switches this ingress followed since it started
 */
public record OperationsSnapshot(Instant at, List<SaleFigures> sales, List<QueueDepth> queues,
		@Nullable Long outboxBacklog, @Nullable Long outboxPending, Map<String, Long> purchases,
		Map<String, Double> purchasesPerSecond, double unavailablePerSecond, @Nullable Double latencyP50,
		@Nullable Double latencyP99, @Nullable Double reservationsPerSecond, @Nullable Double ordersPerSecond,
		Map<String, Long> orders, Map<String, String> breakers, @Nullable String redisMaster,
		@Nullable String redisFenced, long failovers) {

	/**
	 * One sale's figures: Redis for what shoppers may still take, MySQL for what was
	 * decided.
	 *
	 * @param saleId the sale
	 * @param item its item
	 * @param stock items on sale
	 * @param remaining items Redis still lets shoppers take
	 * @param reserved items the database reserved (live orders and those on their way)
	 * @param sold items in orders awaiting payment or paid
	 * @param paid items in paid orders
	 * @param expired items in orders that expired unpaid (given back)
	 * @param rejected purchases the database rejected
	 * @param status {@code SCHEDULED}, {@code OPEN}, {@code SOLD_OUT} or {@code ENDED}
	 * @param startsAt opening time
	 * @param endsAt closing time
	 */
	public record SaleFigures(String saleId, String item, long stock, @Nullable Long remaining, long reserved,
			long sold, long paid, long expired, long rejected, String status, Instant startsAt, Instant endsAt) {
	}

	/**
	 * A queue as a passive declare reports it.
	 *
	 * @param queue the queue
	 * @param ready messages waiting for a consumer (unacknowledged ones are not counted)
	 * @param consumers consumers attached
	 */
	public record QueueDepth(String queue, @Nullable Long ready, @Nullable Long consumers) {
	}

}
