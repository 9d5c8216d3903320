package io.seckill.ingress.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.KeyValue;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.metrics.OperationsSnapshot.SaleFigures;
import io.seckill.ingress.order.OrderRepository;
import io.seckill.ingress.order.OrderRepository.Tally;
import io.seckill.ingress.reservation.ReservationRepository;
import io.seckill.ingress.sale.Sale;
import io.seckill.ingress.sale.SaleRepository;
import io.seckill.ingress.sale.SaleRepository.StoredSale;

/**
 * Per-sale figures for the sales an operator watches: those open now, about to open, or
 * ended in the last minutes, newest first and at most {@link #LIMIT} of them, so the
 * gauges keep a bounded number of series. Remaining stock from Redis (one MGET), the rest
 * from MySQL (three indexed queries, each its table's repository's).
 */
class SaleProbe {

	static final int LIMIT = 20;

	/** Ended sales stay on the dashboard this long, so the end of a sale can be seen. */
	static final Duration RECENT = Duration.ofMinutes(15);

	/** Scheduled sales appear this long before they open. */
	static final Duration UPCOMING = Duration.ofHours(1);

	private final SaleRepository sales;

	private final OrderRepository orders;

	private final ReservationRepository reservations;

	private final SeckillRedis redis;

	SaleProbe(SaleRepository sales, OrderRepository orders, ReservationRepository reservations, SeckillRedis redis) {
		this.sales = sales;
		this.orders = orders;
		this.reservations = reservations;
		this.redis = redis;
	}

	/**
	 * What MySQL knows of the watched sales: the costly part of a sample (counts over
	 * every order and reservation of up to {@link #LIMIT} sales), so it is taken less
	 * often than the stock (see {@link OperationsSampler}).
	 * @param now the tick's time
	 * @return the figures
	 */
	Database database(Instant now) {
		List<StoredSale> rows = this.sales.watched(now.minus(RECENT), now.plus(UPCOMING), LIMIT);
		if (rows.isEmpty()) {
			return new Database(List.of(), Map.of(), Map.of());
		}
		List<String> saleIds = rows.stream().map((row) -> row.sale().saleId()).toList();
		return new Database(rows, this.orders.tallyBySale(saleIds), this.reservations.countBySale(saleIds));
	}

	/**
	 * The watched sales as the database last had them, with their stock read from Redis
	 * now.
	 * @param database the last figures from MySQL
	 * @param now the tick's time
	 * @return per sale, newest first
	 */
	List<SaleFigures> sample(Database database, Instant now) {
		List<StoredSale> rows = database.rows();
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<String, Long> remaining = remaining(rows.stream().map((row) -> row.sale().saleId()).toList());
		return rows.stream().map((row) -> {
			Sale sale = row.sale();
			Map<String, Tally> byStatus = database.orders().getOrDefault(sale.saleId(), Map.of());
			Map<String, Long> decided = database.reservations().getOrDefault(sale.saleId(), Map.of());
			long paid = items(byStatus, "PAID");
			long sold = items(byStatus, "AWAITING_PAYMENT") + paid;
			long expired = items(byStatus, "EXPIRED") + items(byStatus, "CANCELLED");
			Long left = remaining.get(sale.saleId());
			return new SaleFigures(sale.saleId(), sale.item(), sale.stock(), left, row.reserved(), sold, paid, expired,
					decided.getOrDefault("REJECTED", 0L), status(sale, left, now), sale.startsAt(), sale.endsAt());
		}).toList();
	}

	/**
	 * Every order by status. A count over the status index; sampled less often than the
	 * rest.
	 * @return order counts by status
	 */
	Map<String, Long> ordersByStatus() {
		return this.orders.countByStatus();
	}

	private Map<String, Long> remaining(List<String> saleIds) {
		Map<String, Long> remaining = new HashMap<>();
		try {
			List<KeyValue<String, String>> values = this.redis.sync()
				.mget(saleIds.stream().map(RedisKeys::remaining).toArray(String[]::new));
			for (int i = 0; i < values.size(); i++) {
				KeyValue<String, String> value = values.get(i);
				if (value.hasValue()) {
					remaining.put(saleIds.get(i), Long.parseLong(value.getValue()));
				}
			}
		}
		catch (RuntimeException ex) {
			// Redis down or failing over: the dashboard shows the stock as unknown.
		}
		return remaining;
	}

	private static long items(Map<String, Tally> byStatus, String status) {
		Tally tally = byStatus.get(status);
		return (tally != null) ? tally.items() : 0;
	}

	private static String status(Sale sale, @Nullable Long remaining, Instant now) {
		if (now.isBefore(sale.startsAt())) {
			return "SCHEDULED";
		}
		if (!now.isBefore(sale.endsAt())) {
			return "ENDED";
		}
		return (remaining != null && remaining <= 0) ? "SOLD_OUT" : "OPEN";
	}

	/**
	 * The watched sales as MySQL had them.
	 *
	 * @param rows the sales, newest first
	 * @param orders per sale, orders and items by status
	 * @param reservations per sale, reservations by status
	 */
	record Database(List<StoredSale> rows, Map<String, Map<String, Tally>> orders,
			Map<String, Map<String, Long>> reservations) {
	}

}
