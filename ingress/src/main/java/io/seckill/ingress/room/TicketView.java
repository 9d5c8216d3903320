package io.seckill.ingress.room;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A waiting room ticket as its shopper sees it (README, "Waiting room").
 *
 * @param ticket the ticket id: the {@code Seckill-Ticket} header of a purchase
 * @param saleId the sale
 * @param status WAITING, ADMITTED, SOLD_OUT, EXPIRED or USED
 * @param position place in line; absent for an early arrival before the opening, whose
 * place is drawn then
 * @param estimatedWaitSeconds until admission at the current rate (before the opening:
 * until the opening); 0 unless WAITING
 * @param refreshAfterSeconds when to ask again, at the earliest
 * @param admittedUntil end of the admission window, once admitted
 * @param purchaseId the purchase it made, once USED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TicketView(String ticket, String saleId, TicketStatus status, @Nullable Long position, long estimatedWaitSeconds,
		long refreshAfterSeconds, @Nullable Instant admittedUntil, @Nullable String purchaseId) {

	private static final long MAX_REFRESH = 20;

	static TicketView of(String saleId, String ticket, TicketState state, Instant now) {
		long eta = estimatedWait(state, now);
		long refresh = switch (state.status()) {
			case WAITING -> Math.clamp(eta / 4, 1, MAX_REFRESH);
			case ADMITTED -> 5;
			case SOLD_OUT -> 10;
			case EXPIRED, USED -> 60;
		};
		return new TicketView(ticket, saleId, state.status(), state.position(), eta, refresh, state.admittedUntil(),
				state.purchaseId());
	}

	private static long estimatedWait(TicketState state, Instant now) {
		if (state.status() != TicketStatus.WAITING) {
			return 0;
		}
		if (state.position() == null) {
			return Math.max(0, Duration.between(now, state.startsAt()).toSeconds());
		}
		long ahead = Math.max(0, state.position() - state.served());
		double rate = (state.ratePerSecond() > 0) ? state.ratePerSecond() : 1;
		return (long) Math.ceil(ahead / rate);
	}

}
