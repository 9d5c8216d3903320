package io.seckill.loadgen;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import io.seckill.loadgen.invariants.SaleLedger;

/**
 * {@code loadgen invariants}: what {@code ./seckill invariants} and the demo print, a
 * sale's figures and whether the invariants hold. Exit codes: 0 they hold, 1 one is
 * violated or there is nothing to check.
 */
final class InvariantsCommand {

	private static final String ROW = "  %-38s %s%n";

	private InvariantsCommand() {
	}

	static int run(Arguments args, Map<String, String> env, PrintStream out) {
		String saleId = args.required("sale-id");
		String database = args.required("database");
		String host = args.string("host", "127.0.0.1");
		int port = args.integer("port", 3306, 1, 65535);
		String user = args.string("user", "root");
		args.rejectUnknown();
		String password = env.getOrDefault("SECKILL_DB_PASSWORD", "");
		SaleLedger ledger = new SaleLedger("jdbc:mysql://" + host + ":" + port + "/" + database, user, password);
		Optional<SaleLedger.Figures> figures;
		try {
			figures = ledger.figures(saleId);
		}
		catch (SQLException ex) {
			out.println("  cannot query database " + database + " on " + host + ":" + port + ": " + ex.getMessage());
			out.println("  nothing to check");
			return 1;
		}
		if (figures.isEmpty()) {
			out.println("  sale " + saleId + " is not in table sales of database " + database);
			out.println("  nothing to check");
			return 1;
		}
		return report(figures.get(), out);
	}

	/**
	 * Prints the figures and the verdict.
	 * @param figures the sale's figures
	 * @param out where to
	 * @return the exit code: 0 the invariants hold, 1 not
	 */
	static int report(SaleLedger.Figures figures, PrintStream out) {
		print(figures, out);
		out.println(figures.hold() ? "  invariants hold" : "  INVARIANT VIOLATED");
		return figures.hold() ? 0 : 1;
	}

	private static void print(SaleLedger.Figures figures, PrintStream out) {
		out.printf(ROW, "stock", figures.stock());
		out.printf(ROW, "live orders (not EXPIRED/CANCELLED)",
				figures.liveOrders() + ", quantity " + figures.liveQuantity());
		out.printf(ROW, "oversell (quantity - stock, if > 0)", figures.oversell());
		out.printf(ROW, "users above the limit of " + figures.perUserLimit(), figures.usersAboveLimit());
		out.printf(ROW, "duplicate purchase_id rows", figures.duplicatePurchaseIds());
	}

}
