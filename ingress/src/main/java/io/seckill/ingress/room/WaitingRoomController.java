package io.seckill.ingress.room;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.seckill.common.sale.SaleIds;
import io.seckill.ingress.room.RoomScripts.Arrival;
import io.seckill.ingress.web.ApiException;
import io.seckill.ingress.web.Waits;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A sale's waiting room (issue 11): {@code POST /api/sales/{saleId}/queue} hands the
 * shopper their ticket (the same one again on a second arrival), {@code GET
 * /api/sales/{saleId}/queue/{ticket}} says where it stands and, with {@code ?wait=},
 * answers as soon as its status changes ({@link RoomService}).
 *
 * <p>
 * A ticket poll whose address is well formed is answered ahead of WebFlux by the ticket
 * poll's route ({@link RoomConfiguration}), the same way; this controller answers the
 * others (and {@code HEAD}) as it always did.
 */
@RestController
class WaitingRoomController {

	private final RoomService room;

	private final WaitingRoomProperties properties;

	private final Clock clock;

	WaitingRoomController(RoomService room, WaitingRoomProperties properties, Clock clock) {
		this.room = room;
		this.properties = properties;
		this.clock = clock;
	}

	@PostMapping(path = "/api/sales/{saleId}/queue", produces = "application/json")
	Mono<ResponseEntity<TicketView>> arrive(@PathVariable String saleId, @AuthenticationPrincipal Jwt jwt) {
		if (!SaleIds.isValid(saleId)) {
			return Mono.error(noSale(saleId));
		}
		return Mono.fromFuture(this.room.arrive(saleId, jwt.getSubject())).map((arrival) -> answer(saleId, arrival));
	}

	@GetMapping(path = "/api/sales/{saleId}/queue/{ticket}", produces = "application/json")
	Mono<TicketView> ticket(@PathVariable String saleId, @PathVariable String ticket,
			@RequestParam(required = false) @Nullable String wait, @AuthenticationPrincipal Jwt jwt) {
		Duration waiting = Waits.parse(wait, this.properties.maxWait());
		if (!SaleIds.isValid(saleId) || !Tickets.isWellFormed(ticket)) {
			return Mono.error(RoomService.noTicket());
		}
		return this.room.ticket(saleId, ticket, waiting, jwt.getSubject());
	}

	private ResponseEntity<TicketView> answer(String saleId, Arrival arrival) {
		Instant now = this.clock.instant();
		return switch (arrival.kind()) {
			case NEW -> ResponseEntity.created(URI.create("/api/sales/" + saleId + "/queue/" + arrival.ticketId()))
				.body(view(saleId, arrival, now));
			case HELD -> ResponseEntity.ok(view(saleId, arrival, now));
			case NO_SALE -> throw noSale(saleId);
			case NO_ROOM -> throw new ApiException(HttpStatus.CONFLICT, "no_waiting_room",
					"The sale '" + saleId + "' has no waiting room: purchase directly.");
			case ENDED -> throw new ApiException(HttpStatus.FORBIDDEN, "sale_ended",
					"The sale ended at " + Instant.ofEpochMilli(arrival.detail()) + ".");
			case NOT_OPEN -> throw new ApiException(HttpStatus.FORBIDDEN, "queue_not_open",
					"The waiting room opens at " + Instant.ofEpochMilli(arrival.detail()) + ".");
		};
	}

	private static TicketView view(String saleId, Arrival arrival, Instant now) {
		return TicketView.of(saleId, Optional.ofNullable(arrival.ticketId()).orElseThrow(),
				Optional.ofNullable(arrival.state()).orElseThrow(), now);
	}

	private static ApiException noSale(String saleId) {
		return ApiException.notFound("There is no sale '" + saleId + "'.");
	}

}
