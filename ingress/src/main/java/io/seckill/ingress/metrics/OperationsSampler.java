package io.seckill.ingress.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.RedisMaster;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SentinelEventLog;
import io.seckill.ingress.metrics.OperationsSnapshot.QueueDepth;
import io.seckill.ingress.metrics.OperationsSnapshot.SaleFigures;
import io.seckill.ingress.order.OrderRepository.Tally;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Samples the pipeline once a second and publishes an {@link OperationsSnapshot} (for the
 * dashboard) and gauges (for Prometheus). Scrapes and dashboard polls read the last
 * sample: however many of them come during a sale, Redis, RabbitMQ and MySQL see one
 * round of small queries a second per ingress. Each source is sampled on its own, so one
 * that does not answer leaves gaps in its own figures only.
 *
 * <p>
 * The MySQL counts grow with the sales (every order of the watched sales is counted) and
 * with the history (the orders by status), so each takes at most
 * 1/{@link #DATABASE_SHARE_INVERSE} of the time: a count that took 40 ms is taken again
 * after 2 s, not every second, and the database's cost stays bounded however large the
 * sales and the orders table get. The stock, queues and outbox are read every second.
 */
public class OperationsSampler {

	static final String STOCK_METRIC = "seckill.sale.stock.remaining";

	static final String SALE_ITEMS_METRIC = "seckill.sale.items";

	static final String OUTBOX_BACKLOG_METRIC = "seckill.outbox.backlog";

	static final String OUTBOX_PENDING_METRIC = "seckill.outbox.pending";

	static final String QUEUE_READY_METRIC = "seckill.queue.messages.ready";

	static final String QUEUE_CONSUMERS_METRIC = "seckill.queue.consumers";

	static final String ORDERS_METRIC = "seckill.orders";

	/** Largest share of the time the database counts may take (their wall time). */
	static final int DATABASE_SHARE_INVERSE = 50;

	/**
	 * The order count by status counts every order the database holds (an index scan that
	 * grows with the history: 120 ms for 630,000 orders here): every fifth second at
	 * most, and within the same share of the time as the sale counts.
	 */
	static final Duration ORDER_COUNT_INTERVAL = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(OperationsSampler.class);

	private final SaleProbe sales;

	private final QueueProbe queues;

	private final SeckillRedis redis;

	private final SentinelEventLog sentinelEvents;

	private final CircuitBreakerRegistry breakers;

	private final PurchaseLatency latency;

	private final MeterRegistry meters;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	private final GaugeRows stockGauge;

	private final GaugeRows saleItemsGauge;

	private final GaugeRows ordersGauge;

	private volatile OperationsSnapshot latest;

	/** Latency percentiles cover this many ticks: one second holds too few calls. */
	static final int LATENCY_WINDOW = 5;

	private final Deque<PurchaseLatency.Histogram> latencyWindow = new ArrayDeque<>(LATENCY_WINDOW + 1);

	private Map<String, Long> previousPurchases = Map.of();

	private long previousUnavailable;

	private Map<String, Long> previousReservations = Map.of();

	private Map<String, Long> previousOrders = Map.of();

	private Map<String, Long> orderCounts = Map.of();

	private SaleProbe.@Nullable Database database;

	private Instant databaseAt = Instant.EPOCH;

	private Instant nextDatabaseSample = Instant.EPOCH;

	private @Nullable Double reservationRate;

	private @Nullable Double orderRate;

	private Instant nextOrderCount = Instant.EPOCH;

	private final ReentrantLock ticking = new ReentrantLock();

	OperationsSampler(SaleProbe sales, QueueProbe queues, SeckillRedis redis, SentinelEventLog sentinelEvents,
			CircuitBreakerRegistry breakers, PurchaseLatency latency, MeterRegistry meters,
			ApplicationEventPublisher publisher, Clock clock) {
		this.sales = sales;
		this.queues = queues;
		this.redis = redis;
		this.sentinelEvents = sentinelEvents;
		this.breakers = breakers;
		this.latency = latency;
		this.meters = meters;
		this.publisher = publisher;
		this.clock = clock;
		this.latest = new OperationsSnapshot(clock.instant(), List.of(),
				queues.queues().stream().map((queue) -> new QueueDepth(queue, null, null)).toList(), null, null,
				Map.of(), Map.of(), 0, null, null, null, null, Map.of(), Map.of(), null, null, 0);
		this.stockGauge = new GaugeRows(STOCK_METRIC,
				"Items Redis still lets shoppers take, per open or recently ended sale", meters);
		this.saleItemsGauge = new GaugeRows(SALE_ITEMS_METRIC,
				"Items per open or recently ended sale by state (sold, paid, expired), from MySQL", meters);
		this.ordersGauge = new GaugeRows(ORDERS_METRIC, "Orders in the database by status", meters);
		registerGauges(meters);
	}

	/**
	 * The last sample.
	 * @return the snapshot
	 */
	public OperationsSnapshot latest() {
		return this.latest;
	}

	// With virtual threads the scheduler starts each run on a thread of its own, so a
	// slow run (Redis timing out) would overlap the next one: skip that one instead.
	@Scheduled(fixedRate = 1000)
	void tick() {
		if (!this.ticking.tryLock()) {
			return;
		}
		try {
			sample();
		}
		finally {
			this.ticking.unlock();
		}
	}

	private void sample() {
		Instant now = this.clock.instant();
		double seconds = Math.max(0.001,
				Duration.between(this.latest.at(), now).toNanos() / (double) TimeUnit.SECONDS.toNanos(1));
		List<SaleFigures> saleFigures = sampleSales(now);
		List<QueueDepth> queueDepths = this.queues.sample();
		Long[] outbox = sampleOutbox();
		Map<String, Long> purchases = purchaseCounts();
		long unavailable = this.latency.answered(503);
		PurchaseLatency.Histogram histogram = this.latency.histogram();
		PurchaseLatency.Histogram windowStart = this.latencyWindow.peekFirst();
		Double p50 = (windowStart != null) ? histogram.quantileSince(windowStart, 0.50) : null;
		Double p99 = (windowStart != null) ? histogram.quantileSince(windowStart, 0.99) : null;
		this.latencyWindow.addLast(histogram);
		if (this.latencyWindow.size() > LATENCY_WINDOW) {
			this.latencyWindow.removeFirst();
		}
		if (!now.isBefore(this.nextOrderCount)) {
			Instant started = this.clock.instant();
			this.orderCounts = sampleOrderCounts();
			this.nextOrderCount = nextCount(now, started, ORDER_COUNT_INTERVAL);
		}
		RedisMaster master = this.redis.currentMaster();
		OperationsSnapshot snapshot = new OperationsSnapshot(now, (saleFigures != null) ? saleFigures : List.of(),
				queueDepths, outbox[0], outbox[1], purchases, perSecond(this.previousPurchases, purchases, seconds),
				Math.max(0, unavailable - this.previousUnavailable) / seconds, p50, p99, this.reservationRate,
				this.orderRate, this.orderCounts, breakerStates(),
				(master != null) ? master.address().toString() : null, (master != null) ? master.fencedBecause() : null,
				this.sentinelEvents.failovers());
		this.previousPurchases = purchases;
		this.previousUnavailable = unavailable;
		this.latest = snapshot;
		updateGauges(snapshot);
		this.publisher.publishEvent(snapshot);
	}

	private @Nullable List<SaleFigures> sampleSales(Instant now) {
		if (this.database == null || !now.isBefore(this.nextDatabaseSample)) {
			sampleDatabase(now);
		}
		SaleProbe.Database current = this.database;
		if (current == null) {
			return null;
		}
		try {
			return this.sales.sample(current, now);
		}
		catch (RuntimeException ex) {
			logger.debug("Sales not sampled: " + ex);
			return null;
		}
	}

	/**
	 * When a database count may run again: once 1/{@link #DATABASE_SHARE_INVERSE} of the
	 * time has gone to it, and not before {@code atLeast}.
	 * @param now the tick's time
	 * @param started when the count began
	 * @param atLeast the shortest interval
	 * @return the earliest tick to count again
	 */
	private Instant nextCount(Instant now, Instant started, Duration atLeast) {
		Duration share = Duration.between(started, this.clock.instant()).multipliedBy(DATABASE_SHARE_INVERSE);
		return now.plus((share.compareTo(atLeast) > 0) ? share : atLeast);
	}

	private void sampleDatabase(Instant now) {
		Instant started = this.clock.instant();
		SaleProbe.Database sampled;
		try {
			sampled = this.sales.database(now);
		}
		catch (RuntimeException ex) {
			logger.debug("Sales not sampled from the database: " + ex);
			this.database = null;
			this.reservationRate = null;
			this.orderRate = null;
			return;
		}
		this.nextDatabaseSample = nextCount(now, started, Duration.ZERO);
		Map<String, Long> reservations = new HashMap<>();
		Map<String, Long> orders = new HashMap<>();
		sampled.reservations()
			.forEach((sale, byStatus) -> reservations.put(sale,
					byStatus.values().stream().mapToLong(Long::longValue).sum()));
		sampled.orders()
			.forEach((sale, byStatus) -> orders.put(sale, byStatus.values().stream().mapToLong(Tally::orders).sum()));
		double seconds = Duration.between(this.databaseAt, now).toNanos() / (double) TimeUnit.SECONDS.toNanos(1);
		boolean previous = this.database != null && seconds > 0;
		this.reservationRate = previous ? rate(this.previousReservations, reservations, seconds) : null;
		this.orderRate = previous ? rate(this.previousOrders, orders, seconds) : null;
		this.previousReservations = reservations;
		this.previousOrders = orders;
		this.database = sampled;
		this.databaseAt = now;
	}

	private Map<String, Long> sampleOrderCounts() {
		try {
			return this.sales.ordersByStatus();
		}
		catch (RuntimeException ex) {
			logger.debug("Order counts not sampled: " + ex);
			return this.orderCounts;
		}
	}

	private @Nullable Long[] sampleOutbox() {
		Long backlog = null;
		Long pending = null;
		try {
			backlog = this.redis.sync().xlen(RedisKeys.OUTBOX);
			pending = this.redis.sync().xpending(RedisKeys.OUTBOX, RedisKeys.OUTBOX_GROUP).getCount();
		}
		catch (RedisException ex) {
			// NOGROUP before the relay's first start, or Redis unavailable: a gap.
			logger.debug("Outbox not sampled: " + ex);
		}
		return new Long[] { backlog, pending };
	}

	private Map<String, Long> purchaseCounts() {
		Map<String, Long> counts = new TreeMap<>();
		for (Counter counter : this.meters.find("seckill.purchases").counters()) {
			String outcome = counter.getId().getTag("outcome");
			if (outcome != null) {
				counts.merge(outcome, (long) counter.count(), Long::sum);
			}
		}
		return counts;
	}

	private Map<String, String> breakerStates() {
		Map<String, String> states = new TreeMap<>();
		for (CircuitBreaker breaker : this.breakers.getAllCircuitBreakers()) {
			states.put(breaker.getName(), breaker.getState().name());
		}
		return states;
	}

	private void registerGauges(MeterRegistry meters) {
		Gauge.builder(OUTBOX_BACKLOG_METRIC, this, (sampler) -> orNaN(sampler.latest.outboxBacklog()))
			.description("Entries in the Redis outbox stream not yet confirmed by RabbitMQ")
			.register(meters);
		Gauge.builder(OUTBOX_PENDING_METRIC, this, (sampler) -> orNaN(sampler.latest.outboxPending()))
			.description("Outbox entries a relay has read and not yet acknowledged")
			.register(meters);
		for (String queue : this.queues.queues()) {
			Gauge.builder(QUEUE_READY_METRIC, this, (sampler) -> orNaN(sampler.depth(queue).ready()))
				.description("Messages ready in the queue (passive declare; unacknowledged ones not included)")
				.tag("queue", queue)
				.register(meters);
			Gauge.builder(QUEUE_CONSUMERS_METRIC, this, (sampler) -> orNaN(sampler.depth(queue).consumers()))
				.description("Consumers attached to the queue")
				.tag("queue", queue)
				.register(meters);
		}
	}

	private QueueDepth depth(String queue) {
		return this.latest.queues()
			.stream()
			.filter((depth) -> depth.queue().equals(queue))
			.findFirst()
			.orElse(new QueueDepth(queue, null, null));
	}

	private void updateGauges(OperationsSnapshot snapshot) {
		Map<Tags, Long> stock = new HashMap<>();
		Map<Tags, Long> items = new HashMap<>();
		for (SaleFigures sale : snapshot.sales()) {
			if (sale.remaining() != null) {
				stock.put(Tags.of("sale", sale.saleId()), sale.remaining());
			}
			items.put(Tags.of("sale", sale.saleId(), "state", "sold"), sale.sold());
			items.put(Tags.of("sale", sale.saleId(), "state", "paid"), sale.paid());
			items.put(Tags.of("sale", sale.saleId(), "state", "expired"), sale.expired());
		}
		this.stockGauge.update(stock);
		this.saleItemsGauge.update(items);
		Map<Tags, Long> orders = new HashMap<>();
		snapshot.orders().forEach((status, count) -> orders.put(Tags.of("status", status), count));
		this.ordersGauge.update(orders);
	}

	private static Map<String, Double> perSecond(Map<String, Long> before, Map<String, Long> now, double seconds) {
		Map<String, Double> rates = new LinkedHashMap<>();
		now.forEach((key, count) -> rates.put(key, Math.max(0, count - before.getOrDefault(key, count)) / seconds));
		return rates;
	}

	private static Double rate(Map<String, Long> before, Map<String, Long> now, double seconds) {
		long delta = 0;
		for (Map.Entry<String, Long> entry : now.entrySet()) {
			delta += Math.max(0, entry.getValue() - before.getOrDefault(entry.getKey(), entry.getValue()));
		}
		return delta / seconds;
	}

	private static double orNaN(@Nullable Long value) {
		return (value != null) ? value : Double.NaN;
	}

}
