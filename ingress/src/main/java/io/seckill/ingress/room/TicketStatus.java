package io.seckill.ingress.room;

/**
 * Where a waiting room ticket stands.
 */
enum TicketStatus {

	/** In line (or, before the opening, among the early arrivals). */
	WAITING,
	/** May purchase until {@code admittedUntil}. */
	ADMITTED,
	/** No stock left now; the line moves again if stock comes back. */
	SOLD_OUT,
	/** Its admission window passed unused, or the sale ended. */
	EXPIRED,
	/** It bought ({@code purchaseId}). */
	USED

}
