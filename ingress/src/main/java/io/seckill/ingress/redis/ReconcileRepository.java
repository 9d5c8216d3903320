package io.seckill.ingress.redis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.seckill.common.purchase.RejectionReason;
import io.seckill.common.redis.PurchaseItems;
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
			.query((rs, row) -> new OpenSale(rs.getString("sale_id"), rs.getString("item"), rs.getInt("stock"),
					rs.getLong("remaining"), rs.getInt("per_user_limit"), rs.getTimestamp("starts_at").toInstant(),
					rs.getTimestamp("ends_at").toInstant(), WaitingRoom.of(rs)))
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
	 * @param saleId the sale
	 * @param item what is sold
	 * @param stock items in total
	 * @param remaining items the database has not reserved
	 * @param perUserLimit items per shopper
	 * @param startsAt opening
	 * @param endsAt closing
	 * @param waitingRoom its waiting room, if it has one
	 */
	record OpenSale(String saleId, String item, int stock, long remaining, int perUserLimit, Instant startsAt,
			Instant endsAt, @Nullable WaitingRoom waitingRoom) {

		OpenSale(String saleId, String item, int stock, long remaining, int perUserLimit, Instant startsAt,
				Instant endsAt) {
			this(saleId, item, stock, remaining, perUserLimit, startsAt, endsAt, null);
		}

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
