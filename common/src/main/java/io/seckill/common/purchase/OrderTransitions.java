package io.seckill.common.purchase;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The writes of the order state machine, in one place: an order
 * {@link OrderStatus#AWAITING_PAYMENT} becomes {@link OrderStatus#PAID} (the ingress,
 * while the payment deadline is ahead) or {@link OrderStatus#EXPIRED} (the order-worker's
 * sweeper, once it has passed), which gives its stock and the shopper's quota back to the
 * sale and leaves Redis owed the restock. The deadline is in both conditions, so payment
 * and expiry can never both win, whichever process runs first.
 *
 * <p>
 * Runs inside the caller's transaction: {@link #expire} must be called in one, so the
 * order and what it gives back change together.
 */
public final class OrderTransitions {

	private static final String PAY = """
			UPDATE orders SET status = 'PAID', paid_at = :now
			WHERE order_id = :orderId AND status = 'AWAITING_PAYMENT' AND payment_deadline > :now
			""";

	// Once per order, however many workers sweep.
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

	private static final String MARK_RESTOCKED = """
			UPDATE orders
			SET restock_pending = FALSE
			WHERE order_id = :orderId
			""";

	private final JdbcClient jdbc;

	/**
	 * The transitions on the given connection pool.
	 * @param jdbc the database
	 */
	public OrderTransitions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Marks the order paid if it awaits payment and its deadline is ahead.
	 * @param orderId the order
	 * @param now the current time
	 * @return whether this call paid it
	 */
	public boolean pay(String orderId, Instant now) {
		// Bound as the ingress always bound it (a Timestamp, not truncated like
		// expire's).
		return this.jdbc.sql(PAY).param("orderId", orderId).param("now", Timestamp.from(now)).update() == 1;
	}

	/**
	 * Expires the order if it is still unpaid past its deadline, and gives its stock and
	 * the shopper's quota back to the sale, so another shopper, or the same one, can buy.
	 * The order is then marked as owing Redis its restock. Locks the sale row before the
	 * quota row, as the reservation-worker does, so the two cannot deadlock.
	 * @param order the order and what it holds
	 * @param now the current time
	 * @return whether this call expired it; {@code false} if it was paid or expired by
	 * another worker meanwhile
	 */
	public boolean expire(Held order, Instant now) {
		int expired = this.jdbc.sql(EXPIRE)
			.param("expired", OrderStatus.EXPIRED.name())
			.param("awaitingPayment", OrderStatus.AWAITING_PAYMENT.name())
			.param("now", utc(now))
			.param("orderId", order.orderId())
			.update();
		if (expired == 0) {
			return false;
		}
		this.jdbc.sql(GIVE_BACK_STOCK).param("saleId", order.saleId()).param("quantity", order.quantity()).update();
		this.jdbc.sql(GIVE_BACK_QUOTA)
			.param("saleId", order.saleId())
			.param("userId", order.userId())
			.param("quantity", order.quantity())
			.update();
		return true;
	}

	/**
	 * Records that Redis was given an expired order's stock back.
	 * @param orderId the order
	 */
	public void markRestocked(String orderId) {
		this.jdbc.sql(MARK_RESTOCKED).param("orderId", orderId).update();
	}

	// DATETIME has no zone; the schema's convention is UTC. Truncated because MySQL
	// rounds
	// extra digits where MariaDB cuts them.
	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
	}

	/**
	 * An order and what it holds of its sale.
	 *
	 * @param orderId the order
	 * @param saleId its sale
	 * @param userId its shopper
	 * @param quantity items it holds
	 */
	public record Held(String orderId, String saleId, String userId, int quantity) {
	}

}
