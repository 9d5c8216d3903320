package io.seckill.ingress.room;

import java.time.Instant;
import java.util.List;

/**
 * A sale's waiting room after one run of {@code room-tick.lua}.
 *
 * @param saleId the sale
 * @param open whether the sale has opened (the early arrivals were drawn)
 * @param served positions admitted so far
 * @param last the last position handed out (before the opening: early arrivals so far)
 * @param remaining stock left
 * @param ratePerSecond the admission rate used
 * @param used tickets that bought
 * @param lapsed positions whose admission window is over
 * @param startsAt the sale's opening
 */
record RoomTick(String saleId, boolean open, long served, long last, long remaining, double ratePerSecond, long used,
		long lapsed, Instant startsAt) {

	static RoomTick of(String saleId, List<Object> reply) {
		return new RoomTick(saleId, "OPEN".equals(reply.get(0)), Long.parseLong((String) reply.get(1)),
				Long.parseLong((String) reply.get(2)), Long.parseLong((String) reply.get(3)),
				Double.parseDouble((String) reply.get(4)), Long.parseLong((String) reply.get(5)),
				Long.parseLong((String) reply.get(6)), Instant.ofEpochMilli(Long.parseLong((String) reply.get(7))));
	}

	/**
	 * @return shoppers in line, not yet admitted
	 */
	long waiting() {
		return Math.max(0, this.last - this.served);
	}

	/**
	 * Admitted tickets whose window ended without a purchase (a lower bound: a ticket
	 * whose window is still open and that bought counts among the used already).
	 * @return abandoned tickets
	 */
	long abandoned() {
		return Math.max(0, this.lapsed - this.used);
	}

	/**
	 * @return seconds until the last in line is admitted at the current rate
	 */
	double lastInLineSeconds() {
		return (this.ratePerSecond > 0) ? waiting() / this.ratePerSecond : 0;
	}

}
