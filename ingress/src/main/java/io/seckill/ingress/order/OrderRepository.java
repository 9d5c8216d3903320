package io.seckill.ingress.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.purchase.OrderTransitions;
import io.seckill.common.redis.PurchaseItems;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Orders as the ingress needs them, its every query of the {@code orders} table: read
 * one, mark it paid ({@link OrderTransitions#pay}), the expiries a failover may have lost
 * in Redis, and the counts operators watch. The order-worker stores them and expires
 * them.
 */
@Repository
public class OrderRepository {

	private static final String COLUMNS = """
			SELECT order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline, paid_at
			FROM orders
			""";

	private static final String FIND = COLUMNS + "WHERE order_id = :orderId";

	private static final String FIND_BY_PURCHASE = COLUMNS + "WHERE purchase_id = :purchaseId";

	// restock_pending orders are still the expiry sweeper's to give back.
	private static final String EXPIRED_SINCE = """
			SELECT purchase_id, sale_id, user_id, quantity
			FROM orders
			WHERE status = 'EXPIRED' AND restock_pending = FALSE AND expired_at >= :since
			""";

	private static final String TALLY_BY_SALE = """
			SELECT sale_id, status, COUNT(*) AS orders, SUM(quantity) AS items FROM orders
			WHERE sale_id IN (:saleIds) GROUP BY sale_id, status
			""";

	private static final String COUNT_BY_STATUS = """
			SELECT status, COUNT(*) AS orders FROM orders GROUP BY status
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

	/**
	 * The order made for a purchase.
	 * @param purchaseId the purchase
	 * @return its order, if the order-worker made one
	 */
	public Optional<Order> findByPurchase(String purchaseId) {
		return this.jdbc.sql(FIND_BY_PURCHASE)
			.param("purchaseId", purchaseId)
			.query(OrderRepository::mapOrder)
			.optional();
	}

	boolean markPaid(String orderId, Instant now) {
		return this.transitions.pay(orderId, now);
	}

	/**
	 * Orders that expired unpaid and whose stock went back in the database.
	 * @param since expired at or after this time
	 * @return the items each gave back
	 */
	public List<PurchaseItems> expiredSince(Instant since) {
		return this.jdbc.sql(EXPIRED_SINCE)
			.param("since", Timestamp.from(since))
			.query((rs, row) -> new PurchaseItems(rs.getString("purchase_id"), rs.getString("sale_id"),
					rs.getString("user_id"), rs.getInt("quantity")))
			.list();
	}

	/**
	 * Orders and their items per sale and status: a count over every order of the sales.
	 * @param saleIds the sales, at least one
	 * @return per sale, per status name
	 */
	public Map<String, Map<String, Tally>> tallyBySale(Collection<String> saleIds) {
		Map<String, Map<String, Tally>> tallies = new HashMap<>();
		this.jdbc.sql(TALLY_BY_SALE).param("saleIds", saleIds).query((rs) -> {
			tallies.computeIfAbsent(rs.getString("sale_id"), (id) -> new HashMap<>())
				.put(rs.getString("status"), new Tally(rs.getLong("orders"), rs.getLong("items")));
		});
		return tallies;
	}

	/**
	 * Every order by status: a count over the status index.
	 * @return orders per status name
	 */
	public Map<String, Long> countByStatus() {
		Map<String, Long> counts = new HashMap<>();
		this.jdbc.sql(COUNT_BY_STATUS).query((rs) -> {
			counts.put(rs.getString("status"), rs.getLong("orders"));
		});
		return counts;
	}

	/**
	 * Orders of one status and the items they hold.
	 *
	 * @param orders how many orders
	 * @param items the items they hold
	 */
	public record Tally(long orders, long items) {
	}

	private static Order mapOrder(ResultSet rs, int row) throws SQLException {
		Timestamp paidAt = rs.getTimestamp("paid_at");
		return new Order(rs.getString("order_id"), rs.getString("purchase_id"), rs.getString("sale_id"),
				rs.getString("user_id"), rs.getInt("quantity"), OrderStatus.valueOf(rs.getString("status")),
				rs.getTimestamp("payment_deadline").toInstant(), (paidAt != null) ? paidAt.toInstant() : null);
	}

}
