package io.seckill.ingress.purchase;

import java.util.Optional;

import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.purchase.PurchaseStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the system of record knows about a purchase: its order, or its reservation.
 */
@Repository
class PurchaseRecords {

	private static final String ORDER = """
			SELECT order_id, sale_id, user_id, status FROM orders WHERE purchase_id = :purchaseId
			""";

	private static final String RESERVATION = """
			SELECT sale_id, user_id, status, reason FROM reservations WHERE purchase_id = :purchaseId
			""";

	private final JdbcClient jdbc;

	PurchaseRecords(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The purchase as the database has it.
	 * @param purchaseId the purchase
	 * @return its view and owner, if the database has seen it
	 */
	Optional<Owned> find(String purchaseId) {
		Optional<Owned> order = this.jdbc.sql(ORDER)
			.param("purchaseId", purchaseId)
			.query((rs, row) -> new Owned(rs.getString("user_id"), new PurchaseView(purchaseId, rs.getString("sale_id"),
					OrderStatus.valueOf(rs.getString("status")).purchaseStatus(), rs.getString("order_id"), null)))
			.optional();
		if (order.isPresent()) {
			return order;
		}
		return this.jdbc.sql(RESERVATION).param("purchaseId", purchaseId).query((rs, row) -> {
			boolean rejected = "REJECTED".equals(rs.getString("status"));
			PurchaseStatus status = rejected ? PurchaseStatus.REJECTED : PurchaseStatus.PENDING;
			return new Owned(rs.getString("user_id"), new PurchaseView(purchaseId, rs.getString("sale_id"), status,
					null, rejected ? rs.getString("reason") : null));
		}).optional();
	}

	/**
	 * A purchase view with the shopper it belongs to.
	 *
	 * @param userId the owner
	 * @param view the purchase
	 */
	record Owned(String userId, PurchaseView view) {
	}

}
