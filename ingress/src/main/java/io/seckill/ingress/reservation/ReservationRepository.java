package io.seckill.ingress.reservation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.seckill.common.purchase.RejectionReason;
import io.seckill.common.redis.PurchaseItems;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ingress's every query of the {@code reservations} table, which the
 * reservation-worker writes: one row per purchase it decided.
 */
@Repository
public class ReservationRepository {

	private static final String FIND = """
			SELECT sale_id, user_id, status, reason FROM reservations WHERE purchase_id = :purchaseId
			""";

	private static final String REJECTED_SINCE = """
			SELECT r.purchase_id, r.sale_id, r.user_id, r.quantity, r.reason, s.stock - s.reserved AS remaining
			FROM reservations r JOIN sales s ON s.sale_id = r.sale_id
			WHERE r.status = 'REJECTED' AND r.created_at >= :since
			""";

	private static final String COUNT_BY_SALE = """
			SELECT sale_id, status, COUNT(*) AS reservations FROM reservations
			WHERE sale_id IN (:saleIds) GROUP BY sale_id, status
			""";

	private final JdbcClient jdbc;

	ReservationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The decision recorded for a purchase.
	 * @param purchaseId the purchase
	 * @return the decision, if the reservation-worker made one
	 */
	public Optional<Decision> find(String purchaseId) {
		return this.jdbc.sql(FIND)
			.param("purchaseId", purchaseId)
			.query((rs, row) -> new Decision(rs.getString("sale_id"), rs.getString("user_id"),
					"REJECTED".equals(rs.getString("status")), rs.getString("reason")))
			.optional();
	}

	/**
	 * Purchases the database refused, with their sale's stock now.
	 * @param since decided at or after this time
	 * @return the rejections
	 */
	public List<Rejection> rejectedSince(Instant since) {
		return this.jdbc.sql(REJECTED_SINCE)
			.param("since", Timestamp.from(since))
			.query((rs, row) -> new Rejection(
					new PurchaseItems(rs.getString("purchase_id"), rs.getString("sale_id"), rs.getString("user_id"),
							rs.getInt("quantity")),
					RejectionReason.valueOf(rs.getString("reason")), rs.getLong("remaining")))
			.list();
	}

	/**
	 * Decisions per sale and status: a count over every reservation of the sales.
	 * @param saleIds the sales, at least one
	 * @return per sale, reservations per status name
	 */
	public Map<String, Map<String, Long>> countBySale(Collection<String> saleIds) {
		Map<String, Map<String, Long>> counts = new HashMap<>();
		this.jdbc.sql(COUNT_BY_SALE).param("saleIds", saleIds).query((rs) -> {
			counts.computeIfAbsent(rs.getString("sale_id"), (id) -> new HashMap<>())
				.put(rs.getString("status"), rs.getLong("reservations"));
		});
		return counts;
	}

	/**
	 * What the reservation-worker decided for a purchase.
	 *
	 * @param saleId the sale
	 * @param userId the shopper
	 * @param rejected whether the database refused it
	 * @param reason why, if refused
	 */
	public record Decision(String saleId, String userId, boolean rejected, @Nullable String reason) {
	}

	/**
	 * A purchase the database refused.
	 *
	 * @param purchase the items it asked for
	 * @param reason why
	 * @param saleRemaining items the sale has left in the database now
	 */
	public record Rejection(PurchaseItems purchase, RejectionReason reason, long saleRemaining) {
	}

}
