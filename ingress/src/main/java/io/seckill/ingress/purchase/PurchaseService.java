package io.seckill.ingress.purchase;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import io.seckill.common.purchase.PurchaseIds;
import io.seckill.common.purchase.PurchaseStatus;
import io.seckill.ingress.purchase.ScriptOutcome.Code;
import io.seckill.ingress.redis.AcceptedLedger;
import io.seckill.ingress.redis.ReplicaBarrier;
import io.seckill.ingress.resilience.RedisGuard;
import io.seckill.ingress.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * Turns a purchase attempt into one Redis script call and the script's answer into the
 * documented HTTP outcome, without holding a thread while Redis works. A purchase is
 * answered {@code 202} only once a replica holds it ({@link ReplicaBarrier}): replication
 * is asynchronous, and a failover right after the answer would otherwise lose it. If no
 * replica confirms in time the answer is {@code 503}; the client's retry with the same
 * Idempotency-Key then answers the same purchase, or buys anew if the failover lost it.
 */
class PurchaseService {

	private final PurchaseScript script;

	private final PurchaseQuery query;

	private final RedisGuard redisGuard;

	private final ReplicaBarrier replicas;

	private final AcceptedLedger ledger;

	private final SoldOutFlags soldOut;

	private final Executor blocking;

	/** Registered once, read-only afterwards: no meter lookup on the hot path. */
	private final Map<Code, Counter> outcomes = new EnumMap<>(Code.class);

	PurchaseService(PurchaseScript script, PurchaseQuery query, RedisGuard redisGuard, MeterRegistry meters,
			ReplicaBarrier replicas, AcceptedLedger ledger, SoldOutFlags soldOut, Executor blocking) {
		this.script = script;
		this.query = query;
		this.redisGuard = redisGuard;
		this.replicas = replicas;
		this.ledger = ledger;
		this.soldOut = soldOut;
		this.blocking = blocking;
		for (Code code : Code.values()) {
			this.outcomes.put(code,
					Counter.builder("seckill.purchases")
						.description("Purchase attempts by outcome")
						.tag("outcome", code.name().toLowerCase(Locale.ROOT))
						.register(meters));
		}
	}

	/**
	 * Attempts a purchase.
	 * @param saleId the sale
	 * @param userId the shopper
	 * @param quantity items wanted
	 * @param idempotencyKey the client's key for this attempt
	 * @return the accepted (or replayed) purchase; fails with an {@link ApiException}
	 * carrying the documented status for every refusal
	 */
	CompletableFuture<PurchaseAnswer> purchase(String saleId, String userId, int quantity, String idempotencyKey) {
		return purchase(saleId, userId, quantity, idempotencyKey, null);
	}

	/**
	 * Attempts a purchase, with the waiting room ticket it carries, if any (issue 11).
	 * @param saleId the sale
	 * @param userId the shopper
	 * @param quantity items wanted
	 * @param idempotencyKey the client's key for this attempt
	 * @param ticket the {@code Seckill-Ticket} header, or {@code null}
	 * @return the accepted (or replayed) purchase, or a refusal as {@link ApiException}
	 */
	CompletableFuture<PurchaseAnswer> purchase(String saleId, String userId, int quantity, String idempotencyKey,
			@Nullable String ticket) {
		String purchaseId = PurchaseIds.next();
		return this.soldOut
			.through(saleId, quantity, idempotencyKey,
					() -> this.redisGuard
						.callAsync(() -> durably(saleId, userId, quantity, idempotencyKey, purchaseId, ticket)))
			.thenCompose((outcome) -> answer(saleId, userId, quantity, idempotencyKey, outcome));
	}

	/**
	 * Runs the script, then waits for a replica if it promised a purchase. A replayed
	 * answer waits too: its first attempt may have been answered {@code 503} for want of
	 * a replica, and the barrier covers every write executed before it.
	 */
	private CompletableFuture<ScriptOutcome> durably(String saleId, String userId, int quantity, String key,
			String purchaseId, @Nullable String ticket) {
		long generation = this.replicas.generation();
		return this.script.run(saleId, userId, quantity, key, purchaseId, ticket).thenCompose((outcome) -> {
			if (outcome.code() == Code.ACCEPTED || outcome.code() == Code.REPLAY) {
				return this.replicas.awaitAsync(generation).thenApply((replicated) -> outcome);
			}
			return CompletableFuture.completedFuture(outcome);
		});
	}

	private CompletableFuture<PurchaseAnswer> answer(String saleId, String userId, int quantity, String key,
			ScriptOutcome outcome) {
		this.outcomes.get(outcome.code()).increment();
		return switch (outcome.code()) {
			case ACCEPTED -> {
				this.ledger.record(outcome.value(), saleId, userId, quantity, key,
						PurchaseScript.fingerprint(saleId, quantity));
				yield CompletableFuture.completedFuture(new PurchaseAnswer(outcome.value(), PurchaseStatus.PENDING));
			}
			// Where a replay stands may take the database: not on the caller's thread.
			case REPLAY -> CompletableFuture.supplyAsync(
					() -> new PurchaseAnswer(outcome.value(), replayedStatus(outcome.value(), userId)), this.blocking);
			default -> CompletableFuture.failedFuture(refusal(saleId, outcome));
		};
	}

	private PurchaseStatus replayedStatus(String purchaseId, String userId) {
		try {
			return this.query.find(purchaseId, userId).status();
		}
		catch (ApiException ex) {
			return PurchaseStatus.PENDING;
		}
	}

	private static ApiException refusal(String saleId, ScriptOutcome outcome) {
		return switch (outcome.code()) {
			case KEY_REUSED -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
					"This Idempotency-Key was already used for a different purchase.");
			case RATE_LIMITED -> rateLimited(Long.parseLong(outcome.value()));
			case NO_SALE -> ApiException.notFound("There is no sale '" + saleId + "'.");
			case NOT_STARTED -> new ApiException(HttpStatus.FORBIDDEN, "sale_not_open",
					"The sale opens at " + Instant.ofEpochMilli(Long.parseLong(outcome.value())) + ".");
			case ENDED -> new ApiException(HttpStatus.FORBIDDEN, "sale_ended",
					"The sale ended at " + Instant.ofEpochMilli(Long.parseLong(outcome.value())) + ".");
			case TOO_MANY -> PurchaseInput.invalidQuantity(outcome.value());
			case LIMIT -> ApiException.limitReached(
					"You already hold the most this sale allows per shopper; " + "purchaseIds names what you bought.",
					outcome.held());
			case SOLD_OUT -> new ApiException(HttpStatus.GONE, "sold_out", "The sale is sold out.");
			case NOT_ADMITTED, TICKET_INVALID, TICKET_NOT_YOURS, TICKET_USED, TICKET_EXPIRED ->
				TicketRefusals.of(outcome.code());
			case ACCEPTED, REPLAY -> throw new IllegalStateException("Not a refusal: " + outcome);
		};
	}

	private static ApiException rateLimited(long waitMillis) {
		long seconds = Math.max(1, (waitMillis + 999) / 1000);
		return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
				"Too many purchase attempts; try again in " + seconds + " s.", seconds);
	}

}
