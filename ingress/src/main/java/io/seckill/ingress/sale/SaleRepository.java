package io.seckill.ingress.sale;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sales in the system of record.
 */
@Repository
class SaleRepository {

	private static final String INSERT = """
			INSERT INTO sales (sale_id, item, stock, reserved, per_user_limit, starts_at, ends_at, created_at,
			                   waiting_room, room_rate, room_prequeue_secs, room_admission_secs)
			VALUES (:saleId, :item, :stock, 0, :perUserLimit, :startsAt, :endsAt, :createdAt,
			        :waitingRoom, :roomRate, :roomPrequeue, :roomAdmission)
			""";

	private static final String FIND = """
			SELECT sale_id, item, stock, per_user_limit, starts_at, ends_at,
			       waiting_room, room_rate, room_prequeue_secs, room_admission_secs
			FROM sales WHERE sale_id = :saleId
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

	Optional<Long> remaining(String saleId) {
		return this.jdbc.sql(REMAINING).param("saleId", saleId).query(Long.class).optional();
	}

	private static Sale mapSale(ResultSet rs, int row) throws SQLException {
		return new Sale(rs.getString("sale_id"), rs.getString("item"), rs.getInt("stock"), rs.getInt("per_user_limit"),
				rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(), WaitingRoom.of(rs));
	}

}
