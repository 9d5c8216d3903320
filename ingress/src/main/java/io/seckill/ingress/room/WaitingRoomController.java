package io.seckill.ingress.room;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.seckill.ingress.redis.ReplicaBarrier;
import io.seckill.ingress.resilience.RedisGuard;
import io.seckill.ingress.room.RoomScripts.Arrival;
import io.seckill.ingress.sale.SaleIds;
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
 * answers as soon as its status changes. A waiting poll is a subscriber of
 * {@link RoomEvents} and a timer, never a thread.
 *
 * <p>
 * A ticket handed out and an admission announced are answered only once a replica holds
 * them ({@link ReplicaBarrier}), as a purchase's {@code 202} is: a failover of the Redis
 * master cannot take back what a shopper was told (otherwise {@code 503}, and the retry
 * answers the same ticket).
 */
@RestController
class WaitingRoomController {

	private final RoomScripts scripts;

	private final RoomEvents events;

	private final RedisGuard redisGuard;

	private final ReplicaBarrier replicas;

	private final WaitingRoomProperties properties;

	private final Clock clock;

	/**
	 * Room scripts in flight to Redis from this ingress at most (see {@link RoomCalls}).
	 */
	static final int CALLS_IN_FLIGHT = 64;

	private final RoomCalls calls = new RoomCalls(CALLS_IN_FLIGHT);

	WaitingRoomController(RoomScripts scripts, RoomEvents events, RedisGuard redisGuard, ReplicaBarrier replicas,
			WaitingRoomProperties properties, Clock clock) {
		this.scripts = scripts;
		this.events = events;
		this.redisGuard = redisGuard;
		this.replicas = replicas;
		this.properties = properties;
		this.clock = clock;
	}

	@PostMapping(path = "/api/sales/{saleId}/queue", produces = "application/json")
	Mono<ResponseEntity<TicketView>> arrive(@PathVariable String saleId, @AuthenticationPrincipal Jwt jwt) {
		if (!SaleIds.isValid(saleId)) {
			return Mono.error(noSale(saleId));
		}
		return Mono.fromFuture(this.calls.submit(
				() -> this.redisGuard.readAsync(() -> replicated(() -> this.scripts.arrive(saleId, jwt.getSubject()),
						(arrival) -> arrival.ticketId() != null))))
			.map((arrival) -> answer(saleId, arrival));
	}

	@GetMapping(path = "/api/sales/{saleId}/queue/{ticket}", produces = "application/json")
	Mono<TicketView> ticket(@PathVariable String saleId, @PathVariable String ticket,
			@RequestParam(required = false) @Nullable String wait, @AuthenticationPrincipal Jwt jwt) {
		Duration waiting = Waits.parse(wait, this.properties.maxWait());
		if (!SaleIds.isValid(saleId) || !Tickets.isWellFormed(ticket)) {
			return Mono.error(noTicket());
		}
		// The wait counts from the request, not from the first read: in a herd the read
		// may wait its turn (RoomCalls), and the poll still answers within its wait.
		Instant asked = this.clock.instant();
		Mono<TicketState> read = Mono.defer(() -> read(saleId, jwt.getSubject(), ticket));
		return read.flatMap((first) -> {
			Duration left = waiting.minus(Duration.between(asked, this.clock.instant()));
			// Only a ticket in line waits for news: an admitted shopper must buy now, not
			// hear back when the window closes (their admission may have come between the
			// arrival's answer and this poll).
			if (!left.isPositive()
					|| (first.status() != TicketStatus.WAITING && first.status() != TicketStatus.SOLD_OUT)) {
				return Mono.just(first);
			}
			// Subscribed after the first read: a change in between is still seen, as
			// every tick carries the whole state, not a difference. A change the tick
			// says alone (sold out) and the end of the wait answer from the tick, with
			// no Redis call: they come to every waiting poll at once.
			return this.events.of(saleId)
				.filter((tick) -> first.changedBy(tick, this.clock.instant()))
				.next()
				.flatMap((tick) -> first.after(tick).map(Mono::just).orElse(read))
				.timeout(left, Mono.fromSupplier(() -> first.refreshedBy(this.events.latest(saleId))));
		}).map((state) -> TicketView.of(saleId, ticket, state, this.clock.instant()));
	}

	private Mono<TicketState> read(String saleId, String userId, String ticket) {
		return Mono
			.fromFuture(this.calls.submit(
					() -> this.redisGuard.readAsync(() -> replicated(() -> this.scripts.ticket(saleId, userId, ticket),
							(state) -> state.isPresent() && state.get().status() == TicketStatus.ADMITTED))))
			.map((state) -> state.orElseThrow(WaitingRoomController::noTicket));
	}

	/**
	 * The call's result, once a replica holds it if it tells the shopper something a
	 * failover must not take back: a ticket (new, or held: its first answer may have been
	 * a {@code 503}) or an admission.
	 */
	private <T> CompletableFuture<T> replicated(Supplier<CompletableFuture<T>> call, Predicate<T> announces) {
		long generation = this.replicas.generation();
		return call.get()
			.thenCompose((result) -> announces.test(result)
					? this.replicas.awaitAsync(generation).thenApply((replicated) -> result)
					: CompletableFuture.completedFuture(result));
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

	private static ApiException noTicket() {
		return ApiException.notFound("There is no such ticket of yours.");
	}

}
