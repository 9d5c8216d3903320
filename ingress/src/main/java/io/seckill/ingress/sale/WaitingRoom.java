package io.seckill.ingress.sale;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A sale's waiting room settings (issue 11).
 *
 * @param ratePerSecond shoppers admitted per second; {@value #AUTOMATIC} for "automatic":
 * what this ingress's admission limiter measures it can serve without shedding
 * @param preQueue how long before the opening shoppers may take a ticket; everyone who
 * arrives in this window gets a random place among the early arrivals
 * @param admissionWindow how long an admitted ticket may be used to purchase
 */
public record WaitingRoom(int ratePerSecond, Duration preQueue, Duration admissionWindow) {

	/** {@link #ratePerSecond()} of an automatic waiting room. */
	public static final int AUTOMATIC = 0;

	/** Pre-queue window when the admin does not name one. */
	static final Duration DEFAULT_PRE_QUEUE = Duration.ofMinutes(10);

	/** Admission window when the admin does not name one. */
	static final Duration DEFAULT_ADMISSION_WINDOW = Duration.ofMinutes(2);

	/**
	 * Whether the rate follows the admission limiter.
	 * @return {@code true} for "automatic"
	 */
	public boolean automatic() {
		return this.ratePerSecond == AUTOMATIC;
	}

	/**
	 * The waiting room columns of a sales row, read in one place for every query that
	 * selects them.
	 * @param rs a row with {@code waiting_room}, {@code room_rate},
	 * {@code room_prequeue_secs} and {@code room_admission_secs}
	 * @return the waiting room, or {@code null} if the sale has none
	 * @throws SQLException if a column is missing
	 */
	public static @Nullable WaitingRoom of(ResultSet rs) throws SQLException {
		if (!rs.getBoolean("waiting_room")) {
			return null;
		}
		int rate = rs.getInt("room_rate");
		if (rs.wasNull()) {
			rate = WaitingRoom.AUTOMATIC;
		}
		return new WaitingRoom(rate, Duration.ofSeconds(rs.getInt("room_prequeue_secs")),
				Duration.ofSeconds(rs.getInt("room_admission_secs")));
	}

	/**
	 * The waiting room as {@code load-sale.lua} takes it: the admission window (ms), the
	 * rate ({@code auto} or shoppers per second) and the pre-queue window (ms), all empty
	 * for a sale without one.
	 * @param room the sale's waiting room, or {@code null}
	 * @return three script arguments
	 */
	public static String[] scriptArgs(@Nullable WaitingRoom room) {
		if (room == null) {
			return new String[] { "", "", "" };
		}
		return new String[] { Long.toString(room.admissionWindow().toMillis()),
				room.automatic() ? "auto" : Integer.toString(room.ratePerSecond()),
				Long.toString(room.preQueue().toMillis()) };
	}

}
