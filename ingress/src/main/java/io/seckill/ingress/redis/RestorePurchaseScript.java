package io.seckill.ingress.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.PurchaseHash;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;

/**
 * The one caller of {@code restore-purchase.lua}: puts back a purchase this ingress
 * answered {@code 202} that a master switch lost.
 */
final class RestorePurchaseScript {

	private static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/restore-purchase.lua");

	/** Calls sent before waiting for their replies. */
	static final int IN_FLIGHT = 256;

	private final SeckillRedis redis;

	private final String ttlSeconds;

	RestorePurchaseScript(SeckillRedis redis, Duration purchaseTtl) {
		this.redis = redis;
		this.ttlSeconds = Long.toString(purchaseTtl.toSeconds());
	}

	/**
	 * Puts the purchase back with its Idempotency-Key and, unless a worker's decision
	 * already arrived, its items and its outbox entry.
	 * @param purchase a purchase answered {@code 202}
	 * @return {@code true} if it was put back, {@code false} if Redis still had it
	 * @throws RedisException if Redis did not run the script
	 */
	boolean restore(AcceptedLedger.Accepted purchase) {
		Long restored = SCRIPT.run(this.redis.sync(), ScriptOutputType.INTEGER, keys(purchase), args(purchase));
		return restored != null && restored == 1L;
	}

	/**
	 * {@link #restore} for many purchases, pipelined: at most {@value #IN_FLIGHT} calls
	 * wait for their replies at a time, and only the purchases whose hash the master
	 * lacks run the script (it checks again, atomically). After a busy minute the ledger
	 * holds tens of thousands of purchases, nearly all of them on the new master: one
	 * script round trip each kept the reconciler busy for 6-9 s right after the switch,
	 * and the scripts alone, pipelined, still 3-7 s, on the two cores the returning
	 * shoppers need.
	 * @param purchases purchases answered {@code 202}
	 * @return those that were put back (Redis lacked them), in order
	 * @throws RedisException if Redis did not run a call
	 */
	List<AcceptedLedger.Accepted> restoreAll(List<AcceptedLedger.Accepted> purchases) {
		List<Boolean> held = pipelined(purchases,
				(purchase) -> this.redis.async()
					.hexists(RedisKeys.purchase(purchase.purchaseId()), PurchaseHash.SALE_ID)
					.toCompletableFuture());
		List<AcceptedLedger.Accepted> missing = new ArrayList<>();
		for (int i = 0; i < purchases.size(); i++) {
			if (!Boolean.TRUE.equals(held.get(i))) {
				missing.add(purchases.get(i));
			}
		}
		List<Long> replies = pipelined(missing, (purchase) -> SCRIPT.<Long>call(this.redis.async(),
				ScriptOutputType.INTEGER, keys(purchase), args(purchase)));
		List<AcceptedLedger.Accepted> restored = new ArrayList<>();
		for (int i = 0; i < missing.size(); i++) {
			Long reply = replies.get(i);
			if (reply != null && reply == 1L) {
				restored.add(missing.get(i));
			}
		}
		return restored;
	}

	/** One call per item, {@value #IN_FLIGHT} at a time; the replies in item order. */
	private static <T, R> List<@Nullable R> pipelined(List<T> items, Function<T, CompletableFuture<R>> call) {
		List<@Nullable R> replies = new ArrayList<>(items.size());
		List<CompletableFuture<R>> pending = new ArrayList<>(IN_FLIGHT);
		for (int from = 0; from < items.size(); from += IN_FLIGHT) {
			pending.clear();
			for (T item : items.subList(from, Math.min(from + IN_FLIGHT, items.size()))) {
				pending.add(call.apply(item));
			}
			for (CompletableFuture<R> reply : pending) {
				replies.add(reply(reply));
			}
		}
		return replies;
	}

	private static <R> @Nullable R reply(CompletableFuture<R> reply) {
		try {
			return reply.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new RedisException("A call of the restore pass failed", ex.getCause());
		}
	}

	private static String[] keys(AcceptedLedger.Accepted purchase) {
		return new String[] { RedisKeys.remaining(purchase.saleId()), RedisKeys.buyers(purchase.saleId()),
				RedisKeys.idempotency(purchase.userId(), purchase.idempotencyKey()),
				RedisKeys.purchase(purchase.purchaseId()), RedisKeys.OUTBOX, RedisKeys.acceptedKeys(purchase.saleId()),
				RedisKeys.holdings(purchase.saleId()) };
	}

	private String[] args(AcceptedLedger.Accepted purchase) {
		return new String[] { purchase.userId(), Integer.toString(purchase.quantity()), purchase.fingerprint(),
				purchase.purchaseId(), this.ttlSeconds, purchase.saleId(), Long.toString(purchase.acceptedAt()),
				purchase.idempotencyKey() };
	}

}
