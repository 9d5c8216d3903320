package io.seckill.ingress.metrics;

import java.sql.Timestamp;
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

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Per-sale figures for the sales an operator watches: those open now, about to open, or
 * ended in the last minutes, newest first and at most {@link #LIMIT} of them, so the
 * gauges keep a bounded number of series. Remaining stock from Redis (one MGET), the rest
 * from MySQL (three indexed queries).
 */
class SaleProbe {

	static final int LIMIT = 20;

	/** Ended sales stay on the dashboard this long, so the end of a sale can be seen. */
	static final Duration RECENT = Duration.ofMinutes(15);

	/** Scheduled sales appear this long before they open. */
	static final Duration UPCOMING = Duration.ofHours(1);

	private static final String SALES = """
			SELECT sale_id, item, stock, reserved, starts_at, ends_at FROM sales
			WHERE ends_at > :endedAfter AND starts_at < :startsBefore
			ORDER BY created_at DESC, sale_id LIMIT :limit
			""";

	private static final String ORDERS_BY_SALE = """
			SELECT sale_id, status, COUNT(*) AS orders, SUM(quantity) AS items FROM orders
			WHERE sale_id IN (:saleIds) GROUP BY sale_id, status
			""";

	private static final String RESERVATIONS_BY_SALE = """
			SELECT sale_id, status, COUNT(*) AS reservations FROM reservations
			WHERE sale_id IN (:saleIds) GROUP BY sale_id, status
			""";

	private static final String ORDERS_BY_STATUS = """
			SELECT status, COUNT(*) AS orders FROM orders GROUP BY status
			""";

	private final JdbcClient jdbc;

	private final SeckillRedis redis;

	SaleProbe(JdbcClient jdbc, SeckillRedis redis) {
		this.jdbc = jdbc;
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
		List<SaleRow> rows = this.jdbc.sql(SALES)
			.param("endedAfter", Timestamp.from(now.minus(RECENT)))
			.param("startsBefore", Timestamp.from(now.plus(UPCOMING)))
			.param("limit", LIMIT)
			.query((rs, row) -> new SaleRow(rs.getString("sale_id"), rs.getString("item"), rs.getLong("stock"),
					rs.getLong("reserved"), rs.getTimestamp("starts_at").toInstant(),
					rs.getTimestamp("ends_at").toInstant()))
			.list();
		if (rows.isEmpty()) {
			return new Database(List.of(), Map.of(), Map.of());
		}
		List<String> saleIds = rows.stream().map(SaleRow::saleId).toList();
		Map<String, Map<String, long[]>> orders = new HashMap<>();
		this.jdbc.sql(ORDERS_BY_SALE).param("saleIds", saleIds).query((rs) -> {
			orders.computeIfAbsent(rs.getString("sale_id"), (id) -> new HashMap<>())
				.put(rs.getString("status"), new long[] { rs.getLong("orders"), rs.getLong("items") });
		});
		Map<String, Map<String, Long>> reservations = new HashMap<>();
		this.jdbc.sql(RESERVATIONS_BY_SALE).param("saleIds", saleIds).query((rs) -> {
			reservations.computeIfAbsent(rs.getString("sale_id"), (id) -> new HashMap<>())
				.put(rs.getString("status"), rs.getLong("reservations"));
		});
		return new Database(rows, orders, reservations);
	}

	/**
	 * The watched sales as the database last had them, with their stock read from Redis
	 * now.
	 * @param database the last figures from MySQL
	 * @param now the tick's time
	 * @return per sale, newest first
	 */
	List<SaleFigures> sample(Database database, Instant now) {
		List<SaleRow> rows = database.rows();
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<String, Long> remaining = remaining(rows.stream().map(SaleRow::saleId).toList());
		return rows.stream().map((row) -> {
			Map<String, long[]> byStatus = database.orders().getOrDefault(row.saleId(), Map.of());
			Map<String, Long> decided = database.reservations().getOrDefault(row.saleId(), Map.of());
			long paid = items(byStatus, "PAID");
			long sold = items(byStatus, "AWAITING_PAYMENT") + paid;
			long expired = items(byStatus, "EXPIRED") + items(byStatus, "CANCELLED");
			Long left = remaining.get(row.saleId());
			return new SaleFigures(row.saleId(), row.item(), row.stock(), left, row.reserved(), sold, paid, expired,
					decided.getOrDefault("REJECTED", 0L), status(row, left, now), row.startsAt(), row.endsAt());
		}).toList();
	}

	/**
	 * Every order by status. A count over the status index; sampled less often than the
	 * rest.
	 * @return order counts by status
	 */
	Map<String, Long> ordersByStatus() {
		Map<String, Long> counts = new HashMap<>();
		this.jdbc.sql(ORDERS_BY_STATUS).query((rs) -> {
			counts.put(rs.getString("status"), rs.getLong("orders"));
		});
		return counts;
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

	private static long items(Map<String, long[]> byStatus, String status) {
		long[] counts = byStatus.get(status);
		return (counts != null) ? counts[1] : 0;
	}

	private static String status(SaleRow row, @Nullable Long remaining, Instant now) {
		if (now.isBefore(row.startsAt())) {
			return "SCHEDULED";
		}
		if (!now.isBefore(row.endsAt())) {
			return "ENDED";
		}
		return (remaining != null && remaining <= 0) ? "SOLD_OUT" : "OPEN";
	}

	/**
	 * A sale as the table has it.
	 *
	 * @param saleId the sale
	 * @param item what it sells
	 * @param stock items put on sale
	 * @param reserved items reserved in MySQL
	 * @param startsAt when it opens
	 * @param endsAt when it closes
	 */
	record SaleRow(String saleId, String item, long stock, long reserved, Instant startsAt, Instant endsAt) {
	}

	/**
	 * The watched sales as MySQL had them.
	 *
	 * @param rows the sales, newest first
	 * @param orders per sale, orders and items by status
	 * @param reservations per sale, reservations by status
	 */
	record Database(List<SaleRow> rows, Map<String, Map<String, long[]>> orders,
			Map<String, Map<String, Long>> reservations) {
	}

}
