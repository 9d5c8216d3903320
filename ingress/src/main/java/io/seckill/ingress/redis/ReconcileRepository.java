package io.seckill.ingress.redis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.seckill.common.purchase.RejectionReason;
import io.seckill.common.redis.PurchaseItems;
import io.seckill.ingress.sale.Sale;
import io.seckill.ingress.sale.WaitingRoom;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the database decided that Redis must reflect: open sales, and the recent decisions
 * whose Redis side a failover may have lost.
 */
@Repository
class ReconcileRepository {

	private static final String OPEN_SALES = """
			SELECT sale_id, item, stock, stock - reserved AS remaining, per_user_limit, starts_at, ends_at,
			       waiting_room, room_rate, room_prequeue_secs, room_admission_secs
			FROM sales
			WHERE ends_at > :now
			""";

	private static final String RECENT_REJECTIONS = """
			SELECT r.purchase_id, r.sale_id, r.user_id, r.quantity, r.reason, s.stock - s.reserved AS remaining
			FROM reservations r JOIN sales s ON s.sale_id = r.sale_id
			WHERE r.status = 'REJECTED' AND r.created_at >= :since
			""";

	// restock_pending orders are still the expiry sweeper's to give back.
	private static final String RECENT_EXPIRIES = """
			SELECT purchase_id, sale_id, user_id, quantity
			FROM orders
			WHERE status = 'EXPIRED' AND restock_pending = FALSE AND expired_at >= :since
			""";

	private final JdbcClient jdbc;

	ReconcileRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<OpenSale> openSales(Instant now) {
		return this.jdbc.sql(OPEN_SALES)
			.param("now", Timestamp.from(now))
			.query((rs, row) -> new OpenSale(new Sale(rs.getString("sale_id"), rs.getString("item"), rs.getInt("stock"),
					rs.getInt("per_user_limit"), rs.getTimestamp("starts_at").toInstant(),
					rs.getTimestamp("ends_at").toInstant(), WaitingRoom.of(rs)), rs.getLong("remaining")))
			.list();
	}

	List<Rejection> rejectionsSince(Instant since) {
		return this.jdbc.sql(RECENT_REJECTIONS)
			.param("since", Timestamp.from(since))
			.query((rs, row) -> new Rejection(purchaseItems(rs), RejectionReason.valueOf(rs.getString("reason")),
					rs.getLong("remaining")))
			.list();
	}

	/**
	 * Orders that expired unpaid and whose stock went back in the database.
	 * @param since expired at or after this time
	 * @return the items each gave back
	 */
	List<PurchaseItems> expiriesSince(Instant since) {
		return this.jdbc.sql(RECENT_EXPIRIES)
			.param("since", Timestamp.from(since))
			.query((rs, row) -> purchaseItems(rs))
			.list();
	}

	private static PurchaseItems purchaseItems(ResultSet rs) throws SQLException {
		return new PurchaseItems(rs.getString("purchase_id"), rs.getString("sale_id"), rs.getString("user_id"),
				rs.getInt("quantity"));
	}

	/**
	 * A sale that has not ended.
	 *
	 * @param sale the sale
	 * @param remaining items the database has not reserved
	 */
	record OpenSale(Sale sale, long remaining) {
	}

	/**
	 * A purchase the database refused.
	 *
	 * @param purchase the items it asked for
	 * @param reason why
	 * @param saleRemaining items the sale has left in the database now
	 */
	record Rejection(PurchaseItems purchase, RejectionReason reason, long saleRemaining) {
	}

}
