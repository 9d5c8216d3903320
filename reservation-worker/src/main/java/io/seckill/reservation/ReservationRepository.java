package io.seckill.reservation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.seckill.common.purchase.RejectionReason;

/**
 * Stock, per-user quotas and reservation rows. Each method is one step of
 * {@link StockKeeper#reserve} and only makes sense inside its transaction, so none may
 * run without one.
 */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
class ReservationRepository {

	private static final String FIND_RESERVATION = """
			SELECT purchase_id, sale_id, user_id, quantity, status, reason
			FROM reservations
			WHERE purchase_id = :purchaseId
			""";

	private static final String FIND_PER_USER_LIMIT = """
			SELECT per_user_limit
			FROM sales
			WHERE sale_id = :saleId
			""";

	private static final String OPEN_QUOTA = """
			INSERT INTO user_quotas (sale_id, user_id, bought)
			VALUES (:saleId, :userId, 0)
			ON DUPLICATE KEY UPDATE bought = bought
			""";

	private static final String TAKE_QUOTA = """
			UPDATE user_quotas
			SET bought = bought + :quantity
			WHERE sale_id = :saleId AND user_id = :userId AND bought + :quantity <= :perUserLimit
			""";

	private static final String GIVE_BACK_QUOTA = """
			UPDATE user_quotas
			SET bought = bought - :quantity
			WHERE sale_id = :saleId AND user_id = :userId
			""";

	private static final String TAKE_STOCK = """
			UPDATE sales
			SET reserved = reserved + :quantity
			WHERE sale_id = :saleId AND reserved + :quantity <= stock
			""";

	private static final String REMAINING_STOCK = """
			SELECT stock - reserved
			FROM sales
			WHERE sale_id = :saleId
			FOR UPDATE
			""";

	private static final String INSERT_RESERVATION = """
			INSERT INTO reservations (purchase_id, sale_id, user_id, quantity, status, reason, created_at)
			VALUES (:purchaseId, :saleId, :userId, :quantity, :status, :reason, :createdAt)
			""";

	private final JdbcClient jdbc;

	ReservationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Reservation> findReservation(String purchaseId) {
		return this.jdbc.sql(FIND_RESERVATION)
			.param("purchaseId", purchaseId)
			.query(ReservationRepository::reservation)
			.optional();
	}

	/**
	 * The sale's per-user limit, which never changes once the sale exists: a plain read,
	 * so it takes no lock on the sale's row that everybody updates.
	 * @param saleId the sale
	 * @return the limit, or empty if there is no such sale
	 */
	OptionalInt findPerUserLimit(String saleId) {
		return this.jdbc.sql(FIND_PER_USER_LIMIT)
			.param("saleId", saleId)
			.query(Integer.class)
			.optional()
			.map(OptionalInt::of)
			.orElseGet(OptionalInt::empty);
	}

	/**
	 * Counts items against the shopper's quota if the limit allows it.
	 * @param saleId the sale
	 * @param userId the shopper
	 * @param quantity items to count
	 * @param perUserLimit the sale's limit
	 * @return whether the quota had room
	 */
	boolean takeQuota(String saleId, String userId, int quantity, int perUserLimit) {
		// An upsert rather than INSERT IGNORE: IGNORE would also turn a too-long user id
		// into
		// a silently truncated one instead of an error.
		this.jdbc.sql(OPEN_QUOTA).param("saleId", saleId).param("userId", userId).update();
		return this.jdbc.sql(TAKE_QUOTA)
			.param("saleId", saleId)
			.param("userId", userId)
			.param("quantity", quantity)
			.param("perUserLimit", perUserLimit)
			.update() == 1;
	}

	void giveBackQuota(String saleId, String userId, int quantity) {
		this.jdbc.sql(GIVE_BACK_QUOTA)
			.param("saleId", saleId)
			.param("userId", userId)
			.param("quantity", quantity)
			.update();
	}

	/**
	 * Reserves stock if enough is left. The condition in the statement, not a prior read,
	 * is what keeps concurrent workers from overselling.
	 * @param saleId the sale
	 * @param quantity items to reserve
	 * @return whether the stock was reserved
	 */
	boolean takeStock(String saleId, int quantity) {
		return this.jdbc.sql(TAKE_STOCK).param("saleId", saleId).param("quantity", quantity).update() == 1;
	}

	/**
	 * Stock not yet reserved, read with a lock: a plain read would answer from the
	 * transaction's snapshot, which may predate other workers' reservations.
	 * @param saleId the sale
	 * @return the remaining stock, or empty if there is no such sale
	 */
	OptionalLong remainingStock(String saleId) {
		return this.jdbc.sql(REMAINING_STOCK)
			.param("saleId", saleId)
			.query(Long.class)
			.optional()
			.map(OptionalLong::of)
			.orElseGet(OptionalLong::empty);
	}

	/**
	 * Records the decision.
	 * @param reservation the decision
	 * @param createdAt when it was taken
	 * @throws org.springframework.dao.DuplicateKeyException if a concurrent delivery of
	 * the same purchase recorded its decision first
	 */
	void insert(Reservation reservation, Instant createdAt) {
		RejectionReason reason = reservation.reason();
		this.jdbc.sql(INSERT_RESERVATION)
			.param("purchaseId", reservation.purchaseId())
			.param("saleId", reservation.saleId())
			.param("userId", reservation.userId())
			.param("quantity", reservation.quantity())
			.param("status", reservation.status().name())
			.param("reason", (reason != null) ? reason.name() : null)
			.param("createdAt", utc(createdAt))
			.update();
	}

	private static Reservation reservation(ResultSet row, int rowNum) throws SQLException {
		@Nullable String reason = row.getString("reason");
		return new Reservation(row.getString("purchase_id"), row.getString("sale_id"), row.getString("user_id"),
				row.getInt("quantity"), Reservation.Status.valueOf(row.getString("status")),
				(reason != null) ? RejectionReason.valueOf(reason) : null);
	}

	// DATETIME has no zone; the schema's convention is UTC. Truncated because MySQL
	// rounds
	// extra digits where MariaDB cuts them.
	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
	}

}
