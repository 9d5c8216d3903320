package io.seckill.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.purchase.OrderTransitions;

/**
 * Orders as the order-worker needs them: stored for reservations, found when due; their
 * transitions are {@link OrderTransitions}'.
 */
@Repository
class OrderRepository {

	private static final String FIND_BY_PURCHASE = """
			SELECT order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline
			FROM orders
			WHERE purchase_id = :purchaseId
			""";

	private static final String FIND_BY_PURCHASES = """
			SELECT order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline
			FROM orders
			WHERE purchase_id IN (:purchaseIds)
			""";

	private static final String INSERT_ORDER = """
			INSERT INTO orders (order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline,
				created_at)
			VALUES (:orderId, :purchaseId, :saleId, :userId, :quantity, :status, :paymentDeadline, :createdAt)
			""";

	private static final String FIND_DUE = """
			SELECT order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline
			FROM orders
			WHERE status = :awaitingPayment AND payment_deadline <= :now
			ORDER BY payment_deadline
			LIMIT :limit
			""";

	private static final String FIND_RESTOCK_PENDING = """
			SELECT order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline
			FROM orders
			WHERE restock_pending = TRUE
			LIMIT :limit
			""";

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate batches;

	private final OrderTransitions transitions;

	OrderRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batches) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.transitions = new OrderTransitions(jdbc);
	}

	Optional<Order> findByPurchase(String purchaseId) {
		return this.jdbc.sql(FIND_BY_PURCHASE).param("purchaseId", purchaseId).query(OrderRepository::order).optional();
	}

	/**
	 * Stores the order unless its purchase has one already.
	 * @param order a new order
	 * @param createdAt when it was created
	 * @return the purchase's order: the given one if stored now, else the earlier one
	 * @throws org.springframework.dao.DuplicateKeyException if a concurrent delivery of
	 * the same purchase stored its order first; calling again returns that order
	 */
	@Transactional
	PlacedOrder insertIfAbsent(Order order, Instant createdAt) {
		Optional<Order> earlier = findByPurchase(order.purchaseId());
		if (earlier.isPresent()) {
			return new PlacedOrder(earlier.get(), false);
		}
		this.jdbc.sql(INSERT_ORDER).paramSource(insertParameters(order, createdAt)).update();
		return new PlacedOrder(order, true);
	}

	/**
	 * Stores the orders whose purchases have none yet, in one transaction: one multi-row
	 * insert; only if a purchase has its order already, one query for the orders that
	 * exist and one multi-row insert for the rest.
	 * @param orders new orders, at most one per purchase
	 * @param createdAt when they were created
	 * @return each purchase's order, in the order given
	 * @throws org.springframework.dao.DuplicateKeyException if a concurrent delivery of
	 * one of the purchases stored its order first; nothing of the batch is then stored
	 */
	@Transactional
	List<PlacedOrder> insertAllIfAbsent(List<Order> orders, Instant createdAt) {
		if (orders.isEmpty()) {
			return List.of();
		}
		try {
			// Nearly every batch is new: one multi-row INSERT and no read. It fails as a
			// whole on any purchase that has its order, and leaves the transaction
			// usable.
			this.batches.batchUpdate(INSERT_ORDER,
					orders.stream()
						.map((order) -> insertParameters(order, createdAt))
						.toArray(SqlParameterSource[]::new));
			return orders.stream().map((order) -> new PlacedOrder(order, true)).toList();
		}
		catch (DuplicateKeyException ex) {
			// A redelivery: keep the orders that exist, store the rest.
		}
		Map<String, Order> earlier = new HashMap<>();
		this.jdbc.sql(FIND_BY_PURCHASES)
			.param("purchaseIds", orders.stream().map(Order::purchaseId).toList())
			.query(OrderRepository::order)
			.list()
			.forEach((order) -> earlier.put(order.purchaseId(), order));
		List<PlacedOrder> placed = new ArrayList<>(orders.size());
		List<SqlParameterSource> inserts = new ArrayList<>(orders.size());
		for (Order order : orders) {
			Order existing = earlier.get(order.purchaseId());
			if (existing != null) {
				placed.add(new PlacedOrder(existing, false));
			}
			else {
				placed.add(new PlacedOrder(order, true));
				inserts.add(insertParameters(order, createdAt));
			}
		}
		if (!inserts.isEmpty()) {
			// rewriteBatchedStatements turns the batch into one multi-row INSERT.
			this.batches.batchUpdate(INSERT_ORDER, inserts.toArray(SqlParameterSource[]::new));
		}
		return placed;
	}

	/**
	 * Orders still awaiting payment whose deadline has passed, oldest deadline first.
	 * @param now the current time
	 * @param limit at most this many
	 * @return the orders
	 */
	List<Order> findDue(Instant now, int limit) {
		return this.jdbc.sql(FIND_DUE)
			.param("awaitingPayment", OrderStatus.AWAITING_PAYMENT.name())
			.param("now", utc(now))
			.param("limit", limit)
			.query(OrderRepository::order)
			.list();
	}

	/**
	 * Expires the order in one transaction, as {@link OrderTransitions#expire} states.
	 * @param order an order from {@link #findDue}
	 * @param now the current time
	 * @return whether this call expired it; {@code false} if it was paid or expired by
	 * another worker meanwhile
	 */
	@Transactional
	boolean expire(Order order, Instant now) {
		return this.transitions
			.expire(new OrderTransitions.Held(order.orderId(), order.saleId(), order.userId(), order.quantity()), now);
	}

	/**
	 * Expired orders whose stock Redis has not been given back yet.
	 * @param limit at most this many
	 * @return the orders
	 */
	List<Order> findRestockPending(int limit) {
		return this.jdbc.sql(FIND_RESTOCK_PENDING).param("limit", limit).query(OrderRepository::order).list();
	}

	@Transactional
	void markRestocked(String orderId) {
		this.transitions.markRestocked(orderId);
	}

	private static SqlParameterSource insertParameters(Order order, Instant createdAt) {
		return new MapSqlParameterSource().addValue("orderId", order.orderId())
			.addValue("purchaseId", order.purchaseId())
			.addValue("saleId", order.saleId())
			.addValue("userId", order.userId())
			.addValue("quantity", order.quantity())
			.addValue("status", order.status().name())
			.addValue("paymentDeadline", utc(order.paymentDeadline()))
			.addValue("createdAt", utc(createdAt));
	}

	private static Order order(ResultSet row, int rowNum) throws SQLException {
		return new Order(row.getString("order_id"), row.getString("purchase_id"), row.getString("sale_id"),
				row.getString("user_id"), row.getInt("quantity"), OrderStatus.valueOf(row.getString("status")),
				row.getObject("payment_deadline", LocalDateTime.class).toInstant(ZoneOffset.UTC));
	}

	// DATETIME has no zone; the schema's convention is UTC. Truncated because MySQL
	// rounds
	// extra digits where MariaDB cuts them.
	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
	}

	/**
	 * The order that stands for a purchase.
	 *
	 * @param order the order
	 * @param created whether this call created it
	 */
	record PlacedOrder(Order order, boolean created) {
	}

}
