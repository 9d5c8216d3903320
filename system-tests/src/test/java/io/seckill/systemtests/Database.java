package io.seckill.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.seckill.loadgen.invariants.SaleLedger;

/**
 * Plain SQL against the system of record: the DESIGN.md invariants, checked the way an
 * operator would check them ({@link SaleLedger}, which {@code ./seckill invariants}
 * runs).
 */
final class Database {

	private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

	private static final String PARAMETERS = "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";

	private Database() {
	}

	static void ping() {
		try (Connection connection = DriverManager.getConnection(SERVER + PARAMETERS, "root", "")) {
			connection.createStatement().execute("SELECT 1");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("MariaDB/MySQL is not reachable as root on 127.0.0.1:3306", ex);
		}
	}

	static void dropSchema() {
		try (Connection connection = DriverManager.getConnection(SERVER + PARAMETERS, "root", "")) {
			connection.createStatement().execute("DROP DATABASE IF EXISTS " + TestEnvironment.DATABASE);
			connection.createStatement().execute("CREATE DATABASE " + TestEnvironment.DATABASE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("MariaDB/MySQL is not reachable as root on 127.0.0.1:3306", ex);
		}
	}

	static long count(String sql, Object... params) {
		List<List<Object>> rows = query(sql, List.of(params));
		Object value = rows.get(0).get(0);
		return (value == null) ? 0 : ((Number) value).longValue();
	}

	static List<List<Object>> query(String sql, List<Object> params) {
		String url = SERVER + TestEnvironment.DATABASE + PARAMETERS;
		try (Connection connection = DriverManager.getConnection(url, "root", "");
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < params.size(); i++) {
				statement.setObject(i + 1, params.get(i));
			}
			List<List<Object>> rows = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					List<Object> row = new ArrayList<>(columns);
					for (int c = 1; c <= columns; c++) {
						row.add(rs.getObject(c));
					}
					rows.add(row);
				}
			}
			return rows;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Query failed: " + sql, ex);
		}
	}

	/** Items held by live orders (not EXPIRED/CANCELLED) of a sale. */
	static long liveOrderedQuantity(String saleId) {
		return ledger((ledger) -> ledger.liveQuantity(saleId));
	}

	/** Shoppers holding more live items than the limit. */
	static long usersAboveLimit(String saleId, int limit) {
		return ledger((ledger) -> ledger.usersAboveLimit(saleId, limit));
	}

	static long orderRows(String saleId) {
		return count("SELECT COUNT(*) FROM orders WHERE sale_id = ?", saleId);
	}

	static long duplicatePurchaseIds(String saleId) {
		return ledger((ledger) -> ledger.duplicatePurchaseIds(saleId));
	}

	static long reserved(String saleId) {
		return count("SELECT reserved FROM sales WHERE sale_id = ?", saleId);
	}

	/** The invariants' figures, read by the queries {@code ./seckill invariants} runs. */
	private static long ledger(LedgerQuery query) {
		try {
			return query.ask(new SaleLedger(SERVER + TestEnvironment.DATABASE + PARAMETERS, "root", ""));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Reading the sale ledger failed", ex);
		}
	}

	private interface LedgerQuery {

		long ask(SaleLedger ledger) throws SQLException;

	}

}
