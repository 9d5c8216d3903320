package io.seckill.ingress.room;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

	/**
	 * This ticket's state after a room change, when the change alone says it: a waiting
	 * ticket not yet admitted when the stock ran out is sold out. Other changes (the draw
	 * at the opening, an admission and its window) need the ticket read again.
	 * @param tick the room now
	 * @return the new state, or empty when only Redis can say
	 */
	Optional<TicketState> after(RoomTick tick) {
		if (this.status == TicketStatus.WAITING && this.position != null && tick.served() < this.position
				&& tick.remaining() <= 0) {
			return Optional.of(new TicketState(TicketStatus.SOLD_OUT, this.position, tick.served(), tick.last(),
					tick.ratePerSecond(), null, null, this.startsAt));
		}
		return Optional.empty();
	}

	/**
	 * This ticket's state with the room's figures of a later tick that did not change its
	 * answer ({@link #changedBy} was false): a long-poll whose wait ended answers this,
	 * with no Redis call.
	 * @param tick the room now, if a tick came since this state was read
	 * @return the state with the room's serving counter, line and rate of the tick
	 */
	TicketState refreshedBy(@Nullable RoomTick tick) {
		if (tick == null || !tick.open() || this.status != TicketStatus.WAITING || tick.served() < this.served) {
			return this;
		}
		return new TicketState(this.status, this.position, tick.served(), tick.last(), tick.ratePerSecond(),
				this.admittedUntil, this.purchaseId, this.startsAt);
	}

}
