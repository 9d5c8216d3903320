package io.seckill.ingress.room;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import io.seckill.ingress.redis.ReplicaBarrier;
import io.seckill.ingress.resilience.RedisGuard;
import io.seckill.ingress.room.RoomScripts.Arrival;
import io.seckill.ingress.web.ApiException;

/**
 * Arrivals and ticket reads of the waiting rooms (issue 11), for the controller and the
 * ticket poll's route alike: one bound on the room scripts in flight ({@link RoomCalls})
 * for both. A waiting poll is a subscriber of {@link RoomEvents} and a timer, never a
 * thread.
 *
 * <p>
 * A ticket handed out and an admission announced are answered only once a replica holds
 * them ({@link ReplicaBarrier}), as a purchase's {@code 202} is: a failover of the Redis
 * master cannot take back what a shopper was told (otherwise {@code 503}, and the retry
 * answers the same ticket).
 */
class RoomService {

	/**
	 * Room scripts in flight to Redis from this ingress at most (see {@link RoomCalls}).
	 */
	static final int CALLS_IN_FLIGHT = 64;

	private final RoomScripts scripts;

	private final RoomEvents events;

	private final RedisGuard redisGuard;

	private final ReplicaBarrier replicas;

	private final Clock clock;

	private final RoomCalls calls = new RoomCalls(CALLS_IN_FLIGHT);

	RoomService(RoomScripts scripts, RoomEvents events, RedisGuard redisGuard, ReplicaBarrier replicas, Clock clock) {
		this.scripts = scripts;
		this.events = events;
		this.redisGuard = redisGuard;
		this.replicas = replicas;
		this.clock = clock;
	}

	/**
	 * A shopper's arrival: their ticket, new or held.
	 * @param saleId the sale (a valid sale id)
	 * @param userId the shopper
	 * @return the arrival
	 */
	CompletableFuture<Arrival> arrive(String saleId, String userId) {
		return this.calls.submit(() -> this.redisGuard.readAsync(
				() -> replicated(() -> this.scripts.arrive(saleId, userId), (arrival) -> arrival.ticketId() != null)));
	}

	/**
	 * Where a shopper's ticket stands; with a wait, as soon as that changes (or at the
	 * end of the wait) if the ticket is in line.
	 * @param saleId the sale (a valid sale id)
	 * @param ticket the ticket (well formed)
	 * @param waiting how long the poll may wait
	 * @param userId the shopper
	 * @return the ticket as its shopper sees it, or {@code 404} if it is not theirs
	 */
	Mono<TicketView> ticket(String saleId, String ticket, Duration waiting, String userId) {
		// The wait counts from the request, not from the first read: in a herd the read
		// may wait its turn (RoomCalls), and the poll still answers within its wait.
		Instant asked = this.clock.instant();
		Mono<TicketState> read = Mono.defer(() -> read(saleId, userId, ticket));
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
				// The room ended (the sale is over or gone): the ticket says what became
				// of
				// it, rather than an answer without a body.
				.switchIfEmpty(read)
				.timeout(left, Mono.fromSupplier(() -> first.refreshedBy(this.events.latest(saleId))));
		}).map((state) -> TicketView.of(saleId, ticket, state, this.clock.instant()));
	}

	private Mono<TicketState> read(String saleId, String userId, String ticket) {
		return Mono
			.fromFuture(this.calls.submit(
					() -> this.redisGuard.readAsync(() -> replicated(() -> this.scripts.ticket(saleId, userId, ticket),
							(state) -> state.isPresent() && state.get().status() == TicketStatus.ADMITTED))))
			.map((state) -> state.orElseThrow(RoomService::noTicket));
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

	static ApiException noTicket() {
		return ApiException.notFound("There is no such ticket of yours.");
	}

}
