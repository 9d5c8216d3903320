package io.seckill.loadgen.invariants;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A sale's orders as the database holds them, reduced to what the invariants need: no
 * oversell, nobody above the per-user limit, one order row per purchase. Orders that are
 * {@code EXPIRED} or {@code CANCELLED} gave their stock back and do not count.
 */
public final class SaleLedger {

	private static final String SALE = """
			SELECT stock, per_user_limit FROM sales WHERE sale_id = ?
			""";

	private static final String LIVE_ORDERS = """
			SELECT COUNT(*), COALESCE(SUM(quantity), 0) FROM orders
			WHERE sale_id = ? AND status NOT IN ('EXPIRED', 'CANCELLED')
			""";

	private static final String USERS_ABOVE_LIMIT = """
			SELECT COUNT(*) FROM (
				SELECT user_id FROM orders
				WHERE sale_id = ? AND status NOT IN ('EXPIRED', 'CANCELLED')
				GROUP BY user_id HAVING SUM(quantity) > ?) above_limit
			""";

	private static final String DUPLICATE_PURCHASE_IDS = """
			SELECT COUNT(*) FROM (
				SELECT purchase_id FROM orders WHERE sale_id = ?
				GROUP BY purchase_id HAVING COUNT(*) > 1) duplicated
			""";

	private final String url;

	private final String user;

	private final String password;

	/**
	 * A ledger read through JDBC, one connection per call.
	 * @param url the database's JDBC URL
	 * @param user the database user
	 * @param password its password, empty for none
	 */
	public SaleLedger(String url, String user, String password) {
		this.url = url;
		this.user = user;
		this.password = password;
	}

	/**
	 * Every figure the invariants are about, read in one connection.
	 * @param saleId the sale
	 * @return the figures, or empty when the sale is not in table {@code sales}
	 * @throws SQLException when the database cannot be queried
	 */
	public Optional<Figures> figures(String saleId) throws SQLException {
		try (Connection connection = connect()) {
			long[] sale = row(connection, SALE, saleId);
			if (sale.length == 0) {
				return Optional.empty();
			}
			long[] live = row(connection, LIVE_ORDERS, saleId);
			int limit = (int) sale[1];
			return Optional
				.of(new Figures(sale[0], limit, live[0], live[1], row(connection, USERS_ABOVE_LIMIT, saleId, limit)[0],
						row(connection, DUPLICATE_PURCHASE_IDS, saleId)[0]));
		}
	}

	/**
	 * Items held by the sale's live orders.
	 * @param saleId the sale
	 * @return the quantity, 0 when it has none
	 * @throws SQLException when the database cannot be queried
	 */
	public long liveQuantity(String saleId) throws SQLException {
		try (Connection connection = connect()) {
			return row(connection, LIVE_ORDERS, saleId)[1];
		}
	}

	/**
	 * Shoppers whose live orders hold more than a limit.
	 * @param saleId the sale
	 * @param limit the per-user limit
	 * @return how many shoppers
	 * @throws SQLException when the database cannot be queried
	 */
	public long usersAboveLimit(String saleId, int limit) throws SQLException {
		try (Connection connection = connect()) {
			return row(connection, USERS_ABOVE_LIMIT, saleId, limit)[0];
		}
	}

	/**
	 * Purchase ids with more than one order row, whatever their status.
	 * @param saleId the sale
	 * @return how many purchase ids
	 * @throws SQLException when the database cannot be queried
	 */
	public long duplicatePurchaseIds(String saleId) throws SQLException {
		try (Connection connection = connect()) {
			return row(connection, DUPLICATE_PURCHASE_IDS, saleId)[0];
		}
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, this.user, this.password);
	}

	/** The first row's columns as numbers; none when there is no row. */
	private static long[] row(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				if (!rs.next()) {
					return new long[0];
				}
				long[] columns = new long[rs.getMetaData().getColumnCount()];
				for (int c = 0; c < columns.length; c++) {
					columns[c] = rs.getLong(c + 1);
				}
				return columns;
			}
		}
	}

	/**
	 * A sale's figures.
	 *
	 * @param stock the sale's stock
	 * @param perUserLimit the most items one shopper may hold
	 * @param liveOrders order rows not {@code EXPIRED}/{@code CANCELLED}
	 * @param liveQuantity items those orders hold
	 * @param usersAboveLimit shoppers whose live orders hold more than the limit
	 * @param duplicatePurchaseIds purchase ids with more than one order row
	 */
	public record Figures(long stock, int perUserLimit, long liveOrders, long liveQuantity, long usersAboveLimit,
			long duplicatePurchaseIds) {

		/**
		 * Items sold beyond the stock.
		 * @return the excess, 0 when there is none
		 */
		public long oversell() {
			return Math.max(0, this.liveQuantity - this.stock);
		}

		/**
		 * Whether every invariant holds: no oversell, nobody above the limit, no
		 * duplicate order rows.
		 * @return {@code true} if they all hold
		 */
		public boolean hold() {
			return oversell() == 0 && this.usersAboveLimit == 0 && this.duplicatePurchaseIds == 0;
		}

	}

}
