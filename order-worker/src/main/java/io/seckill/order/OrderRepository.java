package io.seckill.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.seckill.common.purchase.OrderStatus;

/**
 * Orders, and the stock and quota an expired order gives back.
 */
@Repository
class OrderRepository {

	private static final String FIND_BY_PURCHASE = """
			SELECT order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline
			FROM orders
			WHERE purchase_id = :purchaseId
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

	// The conditions make each expiry happen once, however many workers sweep, and never
	// to an order the ingress marked paid, which it does only before the deadline.
	private static final String EXPIRE = """
			UPDATE orders
			SET status = :expired, expired_at = :now, restock_pending = TRUE
			WHERE order_id = :orderId AND status = :awaitingPayment AND payment_deadline <= :now
			""";

	private static final String GIVE_BACK_QUOTA = """
			UPDATE user_quotas
			SET bought = bought - :quantity
			WHERE sale_id = :saleId AND user_id = :userId
			""";

	private static final String GIVE_BACK_STOCK = """
			UPDATE sales
			SET reserved = reserved - :quantity
			WHERE sale_id = :saleId
			""";

	private static final String FIND_RESTOCK_PENDING = """
			SELECT order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline
			FROM orders
			WHERE restock_pending = TRUE
			LIMIT :limit
			""";

	private static final String MARK_RESTOCKED = """
			UPDATE orders
			SET restock_pending = FALSE
			WHERE order_id = :orderId
			""";

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
		this.jdbc.sql(INSERT_ORDER)
			.param("orderId", order.orderId())
			.param("purchaseId", order.purchaseId())
			.param("saleId", order.saleId())
			.param("userId", order.userId())
			.param("quantity", order.quantity())
			.param("status", order.status().name())
			.param("paymentDeadline", utc(order.paymentDeadline()))
			.param("createdAt", utc(createdAt))
			.update();
		return new PlacedOrder(order, true);
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
	 * Expires the order if it is still unpaid past its deadline, and gives its stock and
	 * the shopper's quota back to the sale, so another shopper, or the same one, can buy.
	 * The order is then marked as owing Redis its restock.
	 * <p>
	 * Locks the quota row before the sale row, as the reservation-worker does, so the two
	 * cannot deadlock.
	 * @param order an order from {@link #findDue}
	 * @param now the current time
	 * @return whether this call expired it; {@code false} if it was paid or expired by
	 * another worker meanwhile
	 */
	@Transactional
	boolean expire(Order order, Instant now) {
		int expired = this.jdbc.sql(EXPIRE)
			.param("expired", OrderStatus.EXPIRED.name())
			.param("awaitingPayment", OrderStatus.AWAITING_PAYMENT.name())
			.param("now", utc(now))
			.param("orderId", order.orderId())
			.update();
		if (expired == 0) {
			return false;
		}
		this.jdbc.sql(GIVE_BACK_QUOTA)
			.param("saleId", order.saleId())
			.param("userId", order.userId())
			.param("quantity", order.quantity())
			.update();
		this.jdbc.sql(GIVE_BACK_STOCK).param("saleId", order.saleId()).param("quantity", order.quantity()).update();
		return true;
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
		this.jdbc.sql(MARK_RESTOCKED).param("orderId", orderId).update();
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
