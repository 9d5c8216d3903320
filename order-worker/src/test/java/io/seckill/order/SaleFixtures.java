package io.seckill.order;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.seckill.common.purchase.OrderStatus;

/**
 * Sales and orders in the test database, as the reservation-worker and the order-worker
 * would have left them, and clean-up of everything made here.
 */
final class SaleFixtures {

	private final JdbcClient jdbc;

	private final List<String> saleIds = new ArrayList<>();

	SaleFixtures(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	String createSale(int stock) {
		String saleId = "ow-" + UUID.randomUUID();
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		this.jdbc.sql("""
				INSERT INTO sales (sale_id, item, stock, reserved, per_user_limit, starts_at, ends_at, created_at)
				VALUES (?, 'Test item', ?, 0, 5, ?, ?, ?)
				""").params(saleId, stock, now, now.plusHours(1), now).update();
		this.saleIds.add(saleId);
		return saleId;
	}

	/**
	 * An order whose stock and quota are reserved, as after both workers processed its
	 * purchase.
	 */
	Order createOrder(String saleId, String userId, int quantity, OrderStatus status, Instant paymentDeadline) {
		Order order = new Order(UUID.randomUUID().toString(), UUID.randomUUID().toString(), saleId, userId, quantity,
				status, paymentDeadline);
		this.jdbc.sql("UPDATE sales SET reserved = reserved + ? WHERE sale_id = ?").params(quantity, saleId).update();
		this.jdbc.sql("""
				INSERT INTO user_quotas (sale_id, user_id, bought) VALUES (?, ?, ?)
				ON DUPLICATE KEY UPDATE bought = bought + VALUES(bought)
				""").params(saleId, userId, quantity).update();
		this.jdbc.sql("""
				INSERT INTO orders (order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline,
					created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				""")
			.params(order.orderId(), order.purchaseId(), saleId, userId, quantity, status.name(), utc(paymentDeadline),
					utc(paymentDeadline.minusSeconds(900)))
			.update();
		return order;
	}

	int reserved(String saleId) {
		return this.jdbc.sql("SELECT reserved FROM sales WHERE sale_id = ?")
			.param(saleId)
			.query(Integer.class)
			.single();
	}

	int bought(String saleId, String userId) {
		return this.jdbc.sql("SELECT bought FROM user_quotas WHERE sale_id = ? AND user_id = ?")
			.params(saleId, userId)
			.query(Integer.class)
			.single();
	}

	OrderStatus status(String orderId) {
		return OrderStatus.valueOf(this.jdbc.sql("SELECT status FROM orders WHERE order_id = ?")
			.param(orderId)
			.query(String.class)
			.single());
	}

	boolean restockPending(String orderId) {
		return this.jdbc.sql("SELECT restock_pending FROM orders WHERE order_id = ?")
			.param(orderId)
			.query(Boolean.class)
			.single();
	}

	int orderRows(String purchaseId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM orders WHERE purchase_id = ?")
			.param(purchaseId)
			.query(Integer.class)
			.single();
	}

	void deleteAll() {
		for (String saleId : this.saleIds) {
			this.jdbc.sql("DELETE FROM orders WHERE sale_id = ?").param(saleId).update();
			this.jdbc.sql("DELETE FROM user_quotas WHERE sale_id = ?").param(saleId).update();
			this.jdbc.sql("DELETE FROM sales WHERE sale_id = ?").param(saleId).update();
		}
		this.saleIds.clear();
	}

	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
