package io.seckill.reservation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
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

	private static final String FIND_RESERVATIONS = """
			SELECT purchase_id, sale_id, user_id, quantity, status, reason
			FROM reservations
			WHERE purchase_id IN (:purchaseIds)
			""";

	private static final String LOCK_QUOTAS = """
			SELECT user_id, bought
			FROM user_quotas
			WHERE sale_id = :saleId AND user_id IN (:userIds)
			FOR UPDATE
			""";

	private static final String LOCK_SALES = """
			SELECT sale_id, per_user_limit, stock - reserved AS remaining
			FROM sales
			WHERE sale_id IN (:saleIds)
			ORDER BY sale_id
			FOR UPDATE
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

	private final NamedParameterJdbcTemplate batches;

	ReservationRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batches) {
		this.jdbc = jdbc;
		this.batches = batches;
	}

	/**
	 * The decisions recorded for any of the purchases.
	 * @param purchaseIds the purchases
	 * @return their reservation rows by purchase id; purchases never decided are absent
	 */
	Map<String, Reservation> findReservations(Collection<String> purchaseIds) {
		Map<String, Reservation> found = new HashMap<>();
		this.jdbc.sql(FIND_RESERVATIONS)
			.param("purchaseIds", purchaseIds)
			.query(ReservationRepository::reservation)
			.list()
			.forEach((reservation) -> found.put(reservation.purchaseId(), reservation));
		return found;
	}

	/**
	 * Creates the missing quota rows and locks them all, in the order given, which must
	 * be sorted. Call it with the sales' rows locked ({@link #lockSales}): concurrent
	 * batches of a sale then queue behind its row instead of meeting in the quota index.
	 * @param quotas sorted shoppers' quotas
	 * @return items each shopper has bought so far, read under the lock
	 */
	Map<Quota, Integer> lockQuotas(List<Quota> quotas) {
		// One multi-row upsert (rewriteBatchedStatements): it creates what is missing and
		// locks what exists.
		this.batches.batchUpdate(OPEN_QUOTA,
				quotas.stream()
					.map((quota) -> new MapSqlParameterSource().addValue("saleId", quota.saleId())
						.addValue("userId", quota.userId()))
					.toArray(SqlParameterSource[]::new));
		Map<String, List<String>> usersBySale = new TreeMap<>();
		quotas.forEach((quota) -> usersBySale.computeIfAbsent(quota.saleId(), (sale) -> new ArrayList<>())
			.add(quota.userId()));
		Map<Quota, Integer> bought = new HashMap<>();
		usersBySale.forEach((saleId, userIds) -> this.jdbc.sql(LOCK_QUOTAS)
			.param("saleId", saleId)
			.param("userIds", userIds)
			.query((row, rowNum) -> Map.entry(new Quota(saleId, row.getString("user_id")), row.getInt("bought")))
			.list()
			.forEach((quota) -> bought.put(quota.getKey(), quota.getValue())));
		return bought;
	}

	/**
	 * Locks the sales' rows until the transaction ends, in sale id order, and reads them:
	 * a batch takes its sales before its quotas, as every other writer of these rows
	 * does, so none of them can deadlock.
	 * @param saleIds the sales
	 * @return each sale's limit and stock not yet reserved; sales that do not exist are
	 * absent
	 */
	Map<String, SaleStock> lockSales(Collection<String> saleIds) {
		Map<String, SaleStock> sales = new HashMap<>();
		this.jdbc.sql(LOCK_SALES)
			.param("saleIds", saleIds)
			.query((row, rowNum) -> Map.entry(row.getString("sale_id"),
					new SaleStock(row.getInt("per_user_limit"), row.getLong("remaining"))))
			.list()
			.forEach((sale) -> sales.put(sale.getKey(), sale.getValue()));
		return sales;
	}

	/**
	 * Counts items against shoppers' quotas: one statement per sale, whatever the number
	 * of shoppers. The statement keeps each shopper's limit condition, so the database
	 * refuses to go above it, whatever the caller computed; a shopper without room leaves
	 * the row unchanged and the count of changed rows short.
	 * @param takes items per shopper, with the sale's limit
	 * @return whether every quota had room
	 */
	boolean takeQuotas(List<QuotaTake> takes) {
		Map<String, List<QuotaTake>> bySale = new TreeMap<>();
		takes.forEach((take) -> bySale.computeIfAbsent(take.quota().saleId(), (sale) -> new ArrayList<>()).add(take));
		for (Map.Entry<String, List<QuotaTake>> sale : bySale.entrySet()) {
			if (!takeQuotas(sale.getKey(), sale.getValue())) {
				return false;
			}
		}
		return true;
	}

	private boolean takeQuotas(String saleId, List<QuotaTake> takes) {
		// UPDATE user_quotas SET bought = bought + CASE user_id WHEN ? THEN ? ... END
		// WHERE sale_id = ? AND user_id IN (?, ...) AND bought + CASE ... END <= ?
		StringBuilder cases = new StringBuilder("CASE user_id");
		List<Object> caseParameters = new ArrayList<>(takes.size() * 2);
		for (QuotaTake take : takes) {
			cases.append(" WHEN ? THEN ?");
			caseParameters.add(take.quota().userId());
			caseParameters.add(take.quantity());
		}
		cases.append(" END");
		String users = String.join(", ", Collections.nCopies(takes.size(), "?"));
		String sql = "UPDATE user_quotas SET bought = bought + " + cases + " WHERE sale_id = ? AND user_id IN (" + users
				+ ") AND bought + " + cases + " <= ?";
		List<Object> parameters = new ArrayList<>(caseParameters.size() * 2 + takes.size() + 2);
		parameters.addAll(caseParameters);
		parameters.add(saleId);
		takes.forEach((take) -> parameters.add(take.quota().userId()));
		parameters.addAll(caseParameters);
		parameters.add(takes.get(0).perUserLimit());
		return this.jdbc.sql(sql).params(parameters).update() == takes.size();
	}

	/**
	 * Records decisions, one multi-row insert.
	 * @param reservations the decisions
	 * @param createdAt when they were taken
	 * @throws org.springframework.dao.DuplicateKeyException if a concurrent delivery of
	 * one of the purchases recorded its decision first
	 */
	void insertAll(List<Reservation> reservations, Instant createdAt) {
		this.batches.batchUpdate(INSERT_RESERVATION,
				reservations.stream()
					.map((reservation) -> insertParameters(reservation, createdAt))
					.toArray(SqlParameterSource[]::new));
	}

	Optional<Reservation> findReservation(String purchaseId) {
		return this.jdbc.sql(FIND_RESERVATION)
			.param("purchaseId", purchaseId)
			.query(ReservationRepository::reservation)
			.optional();
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
		this.jdbc.sql(INSERT_RESERVATION).paramSource(insertParameters(reservation, createdAt)).update();
	}

	private static SqlParameterSource insertParameters(Reservation reservation, Instant createdAt) {
		RejectionReason reason = reservation.reason();
		return new MapSqlParameterSource().addValue("purchaseId", reservation.purchaseId())
			.addValue("saleId", reservation.saleId())
			.addValue("userId", reservation.userId())
			.addValue("quantity", reservation.quantity())
			.addValue("status", reservation.status().name())
			.addValue("reason", (reason != null) ? reason.name() : null)
			.addValue("createdAt", utc(createdAt));
	}

	/**
	 * A shopper's quota in a sale; sorts by sale, then shopper, the order rows are locked
	 * in.
	 *
	 * @param saleId the sale
	 * @param userId the shopper
	 */
	record Quota(String saleId, String userId) implements Comparable<Quota> {

		@Override
		public int compareTo(Quota other) {
			int bySale = this.saleId.compareTo(other.saleId);
			return (bySale != 0) ? bySale : this.userId.compareTo(other.userId);
		}

	}

	/**
	 * A sale as a batch decides against it.
	 *
	 * @param perUserLimit items one shopper may buy
	 * @param remaining stock not yet reserved
	 */
	record SaleStock(int perUserLimit, long remaining) {
	}

	/**
	 * Items to count against a quota.
	 *
	 * @param quota the shopper's quota
	 * @param quantity items
	 * @param perUserLimit the sale's limit
	 */
	record QuotaTake(Quota quota, int quantity, int perUserLimit) {
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
