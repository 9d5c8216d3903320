package io.seckill.ingress.purchase;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.seckill.ingress.purchase.ScriptOutcome.Code;

/**
 * This ingress's memory of which sales Redis last called sold out, so that the crowd that
 * keeps pressing "buy" after the last item is answered {@code 410} without a Redis round
 * trip (issue 4: the sold-out path should cost what the bare HTTP stack costs).
 *
 * <p>
 * Stock can come back: the order-worker's expiry sweeper gives an unpaid order's items
 * back to Redis ({@code expire-purchase.lua}), the reservation-worker gives back a
 * rejected purchase's ({@code reject-purchase.lua}), failover reconciliation restores
 * counts. None of them can reach every ingress's memory, so a flag only lives for a short
 * time to live: once it is older, one attempt (and only one, so that the crowd does not
 * stampede Redis and its bulkhead every time a flag expires) asks Redis again, while the
 * others are still answered from the flag; that attempt either finds the returned stock,
 * which lowers the flag for all, or raises it anew. Should it not come back within
 * another time to live, every attempt goes to Redis again. A shopper may thus be told
 * "sold out" for at most about twice the time to live after an item came back, and a
 * sold-out sale costs Redis about one script call per time to live per ingress instead of
 * one per attempt.
 *
 * <p>
 * A flag remembers the stock Redis reported, so a request for more than what is left is
 * refused while a smaller one still goes through.
 *
 * <p>
 * The script checks the Idempotency-Key before the stock, so that a retry of an accepted
 * purchase is answered that purchase even once the sale sold out. Such a retry (its
 * {@code 202} lost on the way, or a {@code 503} because no replica confirmed it in time,
 * on this instance or another) is recognised by the sale's set of accepted
 * Idempotency-Keys ({@code purchase.lua} adds each accepted purchase's key): a flagged
 * sale asks that set ({@code SISMEMBER}, a single cheap Redis read instead of the
 * purchase script, the replica wait and the JSON body) before it answers {@code 410}. The
 * set holds keys alone, not shoppers: a key another shopper happens to share only costs
 * that attempt the script call.
 */
final class SoldOutFlags {

	private final long ttlNanos;

	private final LongSupplier nanoClock;

	private final ConcurrentMap<String, Flag> flags = new ConcurrentHashMap<>();

	private final BiFunction<String, String, CompletionStage<Boolean>> acceptedKey;

	/**
	 * @param ttlNanos how long a flag answers for Redis; {@code 0} turns the flags off
	 * @param nanoClock a monotonic clock ({@code System::nanoTime})
	 * @param acceptedKey whether a sale accepted a purchase with an Idempotency-Key (sale
	 * id, key); it should answer {@code true} when it cannot tell
	 */
	SoldOutFlags(long ttlNanos, LongSupplier nanoClock,
			BiFunction<String, String, CompletionStage<Boolean>> acceptedKey) {
		this.ttlNanos = ttlNanos;
		this.nanoClock = nanoClock;
		this.acceptedKey = acceptedKey;
	}

	/**
	 * Answers {@code SOLD_OUT} from memory when a live flag says the sale cannot serve
	 * {@code quantity} and the key is owed no replay; otherwise runs the script and
	 * raises the flag if the script answered {@code SOLD_OUT}.
	 * @param saleId the sale
	 * @param quantity items wanted
	 * @param idempotencyKey the attempt's Idempotency-Key
	 * @param script the purchase script call (guarded)
	 * @return the outcome, from memory or from the script
	 */
	CompletableFuture<ScriptOutcome> through(String saleId, int quantity, String idempotencyKey,
			Supplier<CompletableFuture<ScriptOutcome>> script) {
		ScriptOutcome remembered = remembered(saleId, quantity);
		if (remembered == null) {
			return run(saleId, script);
		}
		return this.acceptedKey.apply(saleId, idempotencyKey)
			.toCompletableFuture()
			.thenCompose((owed) -> owed ? run(saleId, script) : CompletableFuture.completedFuture(remembered));
	}

	private CompletableFuture<ScriptOutcome> run(String saleId, Supplier<CompletableFuture<ScriptOutcome>> script) {
		return script.get().thenApply((outcome) -> {
			if (outcome.code() == Code.SOLD_OUT && this.ttlNanos > 0) {
				this.flags.put(saleId,
						new Flag(outcome, this.nanoClock.getAsLong() + this.ttlNanos, remaining(outcome), false));
			}
			else if (outcome.code() == Code.ACCEPTED || outcome.code() == Code.LIMIT) {
				// Both mean the script found stock (it checks stock before the per-user
				// limit).
				this.flags.remove(saleId);
			}
			return outcome;
		});
	}

	private @Nullable ScriptOutcome remembered(String saleId, int quantity) {
		Flag flag = this.flags.get(saleId);
		if (flag == null) {
			return null;
		}
		if (quantity <= flag.remaining()) {
			return null;
		}
		long age = this.nanoClock.getAsLong() - flag.expiresAt();
		if (age < 0) {
			return flag.outcome();
		}
		if (age >= this.ttlNanos) {
			this.flags.remove(saleId, flag);
			return null;
		}
		if (!flag.refreshing() && this.flags.replace(saleId, flag, flag.refresh())) {
			return null;
		}
		return flag.outcome();
	}

	private static long remaining(ScriptOutcome outcome) {
		try {
			return Long.parseLong(outcome.value());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * What Redis said about a sale.
	 *
	 * @param outcome the {@code SOLD_OUT} answer
	 * @param expiresAt when it stops being trusted ({@code nanoClock})
	 * @param remaining the stock Redis reported
	 * @param refreshing whether one attempt already went to ask Redis again
	 */
	private record Flag(ScriptOutcome outcome, long expiresAt, long remaining, boolean refreshing) {

		Flag refresh() {
			return new Flag(this.outcome, this.expiresAt, this.remaining, true);
		}

	}

}
