package io.seckill.ingress.purchase;

import io.seckill.ingress.purchase.ScriptOutcome.Code;
import io.seckill.ingress.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * The documented {@code 403} answers of a purchase on a sale with a waiting room (issue
 * 11, README "Waiting room").
 */
final class TicketRefusals {

	/** The request header that carries the ticket. */
	static final String HEADER = "Seckill-Ticket";

	private TicketRefusals() {
	}

	static ApiException of(Code code) {
		return switch (code) {
			case NOT_ADMITTED -> forbidden("not_admitted",
					"This sale has a waiting room: purchase with an admitted ticket (Seckill-Ticket header).");
			case TICKET_INVALID -> invalid();
			case TICKET_NOT_YOURS -> forbidden("ticket_not_yours", "This ticket belongs to another shopper.");
			case TICKET_USED -> forbidden("ticket_used", "This ticket has already bought.");
			case TICKET_EXPIRED -> forbidden("ticket_expired", "This ticket's admission window is over.");
			default -> throw new IllegalArgumentException("Not a ticket refusal: " + code);
		};
	}

	static ApiException invalid() {
		return forbidden("ticket_invalid", "There is no such ticket for this sale.");
	}

	private static ApiException forbidden(String error, String message) {
		return new ApiException(HttpStatus.FORBIDDEN, error, message);
	}

}
