package io.seckill.ingress.sale;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sales in the system of record: the ingress's every query of the {@code sales} table
 * (the reservation-worker's stock writes and the expiry's give-back are
 * {@code ReservationRepository}'s and {@code OrderTransitions}').
 */
@Repository
public class SaleRepository {

	private static final String INSERT = """
			INSERT INTO sales (sale_id, item, stock, reserved, per_user_limit, starts_at, ends_at, created_at,
			                   waiting_room, room_rate, room_prequeue_secs, room_admission_secs)
			VALUES (:saleId, :item, :stock, 0, :perUserLimit, :startsAt, :endsAt, :createdAt,
			        :waitingRoom, :roomRate, :roomPrequeue, :roomAdmission)
			""";

	private static final String COLUMNS = """
			SELECT sale_id, item, stock, stock - reserved AS remaining, per_user_limit, starts_at, ends_at,
			       waiting_room, room_rate, room_prequeue_secs, room_admission_secs
			FROM sales
			""";

	private static final String FIND = COLUMNS + "WHERE sale_id = :saleId";

	private static final String OPEN = COLUMNS + "WHERE ends_at > :now";

	private static final String WATCHED = COLUMNS + """
			WHERE ends_at > :endedAfter AND starts_at < :startsBefore
			ORDER BY created_at DESC, sale_id LIMIT :limit
			""";

	private static final String REMAINING = """
			SELECT stock - reserved FROM sales WHERE sale_id = :saleId
			""";

	private final JdbcClient jdbc;

	SaleRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts a sale.
	 * @param sale the sale
	 * @param now creation time
	 * @throws org.springframework.dao.DuplicateKeyException if the id is taken
	 */
	void insert(Sale sale, Instant now) {
		WaitingRoom room = sale.waitingRoom();
		this.jdbc.sql(INSERT)
			.param("saleId", sale.saleId())
			.param("item", sale.item())
			.param("stock", sale.stock())
			.param("perUserLimit", sale.perUserLimit())
			.param("startsAt", Timestamp.from(sale.startsAt()))
			.param("endsAt", Timestamp.from(sale.endsAt()))
			.param("createdAt", Timestamp.from(now))
			.param("waitingRoom", room != null)
			.param("roomRate", (room != null && !room.automatic()) ? room.ratePerSecond() : null, Types.INTEGER)
			.param("roomPrequeue", (room != null) ? (int) room.preQueue().toSeconds() : null, Types.INTEGER)
			.param("roomAdmission", (room != null) ? (int) room.admissionWindow().toSeconds() : null, Types.INTEGER)
			.update();
	}

	Optional<Sale> find(String saleId) {
		return this.jdbc.sql(FIND).param("saleId", saleId).query(SaleRepository::mapSale).optional();
	}

	/**
	 * The sales that have not ended, each with the items the database has not reserved.
	 * @param now the current time
	 * @return the sales
	 */
	public List<StoredSale> open(Instant now) {
		return this.jdbc.sql(OPEN).param("now", Timestamp.from(now)).query(SaleRepository::mapStored).list();
	}

	/**
	 * The sales an operator watches, newest first.
	 * @param endedAfter those that end after this time
	 * @param startsBefore those that start before this time
	 * @param limit at most this many
	 * @return the sales, each with the items the database has not reserved
	 */
	public List<StoredSale> watched(Instant endedAfter, Instant startsBefore, int limit) {
		return this.jdbc.sql(WATCHED)
			.param("endedAfter", Timestamp.from(endedAfter))
			.param("startsBefore", Timestamp.from(startsBefore))
			.param("limit", limit)
			.query(SaleRepository::mapStored)
			.list();
	}

	Optional<Long> remaining(String saleId) {
		return this.jdbc.sql(REMAINING).param("saleId", saleId).query(Long.class).optional();
	}

	private static Sale mapSale(ResultSet rs, int row) throws SQLException {
		return new Sale(rs.getString("sale_id"), rs.getString("item"), rs.getInt("stock"), rs.getInt("per_user_limit"),
				rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(), WaitingRoom.of(rs));
	}

	private static StoredSale mapStored(ResultSet rs, int row) throws SQLException {
		return new StoredSale(mapSale(rs, row), rs.getLong("remaining"));
	}

	/**
	 * A sale as the database has it.
	 *
	 * @param sale the sale
	 * @param remaining items the database has not reserved
	 */
	public record StoredSale(Sale sale, long remaining) {

		/**
		 * Items reserved in the database: bought and not given back.
		 * @return the items
		 */
		public long reserved() {
			return this.sale.stock() - this.remaining;
		}

	}

}
