package io.seckill.ingress.room;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A ticket as {@code room-lib.lua}'s {@code ticketState} reports it.
 *
 * @param status where it stands
 * @param position its place in line, or {@code null} for an early arrival before the
 * opening (the draw has not happened yet)
 * @param served positions admitted so far
 * @param last the last position handed out
 * @param ratePerSecond the admission rate the ticker last used
 * @param admittedUntil end of its admission window once admitted
 * @param purchaseId what it bought, once used
 * @param startsAt the sale's opening
 */
record TicketState(TicketStatus status, @Nullable Long position, long served, long last, double ratePerSecond,
		@Nullable Instant admittedUntil, @Nullable String purchaseId, Instant startsAt) {

	static TicketState of(List<Object> reply, int from) {
		long position = Long.parseLong((String) reply.get(from + 1));
		long until = Long.parseLong((String) reply.get(from + 5));
		String purchaseId = (String) reply.get(from + 6);
		return new TicketState(TicketStatus.valueOf((String) reply.get(from)), (position > 0) ? position : null,
				Long.parseLong((String) reply.get(from + 2)), Long.parseLong((String) reply.get(from + 3)),
				Double.parseDouble((String) reply.get(from + 4)), (until > 0) ? Instant.ofEpochMilli(until) : null,
				purchaseId.isEmpty() ? null : purchaseId,
				Instant.ofEpochMilli(Long.parseLong((String) reply.get(from + 7))));
	}

	/**
	 * Whether a change of the sale's room could change this ticket's answer.
	 * @param tick the room now
	 * @param now the time
	 * @return {@code true} when a long-poll should answer
	 */
	boolean changedBy(RoomTick tick, Instant now) {
		return switch (this.status) {
			case WAITING ->
				(this.position == null) ? tick.open() : tick.served() >= this.position || tick.remaining() <= 0;
			case SOLD_OUT -> tick.remaining() > 0;
			case ADMITTED, EXPIRED, USED -> true;
		};
	}

}
