package io.seckill.ingress.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.LuaScript;
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
	 * wait for their replies at a time. After a busy minute the ledger holds tens of
	 * thousands of purchases; one round trip each kept the reconciler busy for 6-9 s
	 * right after the switch, on the two cores the returning shoppers need.
	 * @param purchases purchases answered {@code 202}
	 * @return those that were put back (Redis lacked them), in order
	 * @throws RedisException if Redis did not run a call
	 */
	List<AcceptedLedger.Accepted> restoreAll(List<AcceptedLedger.Accepted> purchases) {
		List<AcceptedLedger.Accepted> restored = new ArrayList<>();
		List<CompletableFuture<Long>> replies = new ArrayList<>(IN_FLIGHT);
		for (int from = 0; from < purchases.size(); from += IN_FLIGHT) {
			List<AcceptedLedger.Accepted> chunk = purchases.subList(from, Math.min(from + IN_FLIGHT, purchases.size()));
			replies.clear();
			for (AcceptedLedger.Accepted purchase : chunk) {
				replies.add(SCRIPT.call(this.redis.async(), ScriptOutputType.INTEGER, keys(purchase), args(purchase)));
			}
			for (int i = 0; i < chunk.size(); i++) {
				Long reply = reply(replies.get(i));
				if (reply != null && reply == 1L) {
					restored.add(chunk.get(i));
				}
			}
		}
		return restored;
	}

	private static @Nullable Long reply(CompletableFuture<Long> reply) {
		try {
			return reply.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new RedisException("restore-purchase.lua failed", ex.getCause());
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
