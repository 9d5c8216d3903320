package io.seckill.ingress.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.purchase.OrderTransitions;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Orders as the ingress needs them: read one, mark it paid
 * ({@link OrderTransitions#pay}).
 */
@Repository
class OrderRepository {

	private static final String FIND = """
			SELECT order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline, paid_at
			FROM orders WHERE order_id = :orderId
			""";

	private final JdbcClient jdbc;

	private final OrderTransitions transitions;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.transitions = new OrderTransitions(jdbc);
	}

	Optional<Order> find(String orderId) {
		return this.jdbc.sql(FIND).param("orderId", orderId).query(OrderRepository::mapOrder).optional();
	}

	boolean markPaid(String orderId, Instant now) {
		return this.transitions.pay(orderId, now);
	}

	private static Order mapOrder(ResultSet rs, int row) throws SQLException {
		Timestamp paidAt = rs.getTimestamp("paid_at");
		return new Order(rs.getString("order_id"), rs.getString("purchase_id"), rs.getString("sale_id"),
				rs.getString("user_id"), rs.getInt("quantity"), OrderStatus.valueOf(rs.getString("status")),
				rs.getTimestamp("payment_deadline").toInstant(), (paidAt != null) ? paidAt.toInstant() : null);
	}

}
