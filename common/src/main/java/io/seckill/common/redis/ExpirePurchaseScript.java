package io.seckill.common.redis;

import java.time.Duration;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

/**
 * The one caller of {@code expire-purchase.lua}: gives an expired order's items back to
 * Redis, at most once per purchase (the restock marker travels with the change).
 */
public final class ExpirePurchaseScript {

	private static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/expire-purchase.lua");

	private final SeckillRedis redis;

	private final String ttlSeconds;

	/**
	 * The script on the shared connection.
	 * @param redis the shared connection
	 * @param purchaseTtl how long the purchase hash and the restock marker are kept
	 */
	public ExpirePurchaseScript(SeckillRedis redis, Duration purchaseTtl) {
		this.redis = redis;
		this.ttlSeconds = Long.toString(purchaseTtl.toSeconds());
	}

	/**
	 * Gives the purchase's items back to the sale and its shopper's count, and marks the
	 * purchase {@code EXPIRED}.
	 * @param purchase the expired order's purchase
	 * @param mode {@link ScriptMode#REPLAY} when the failover reconciler replays an
	 * expiry the database decided: then a purchase Redis does not know gets nothing back
	 * @return {@code true} if this call gave the items back, {@code false} if an earlier
	 * call already had, or a replay found no purchase
	 * @throws RedisException if Redis did not run the script
	 */
	public boolean expire(PurchaseItems purchase, ScriptMode mode) {
		String[] keys = { RedisKeys.purchase(purchase.purchaseId()), RedisKeys.remaining(purchase.saleId()),
				RedisKeys.buyers(purchase.saleId()), RedisKeys.restocked(purchase.purchaseId()) };
		Long restocked = SCRIPT.run(this.redis.sync(), ScriptOutputType.INTEGER, keys, purchase.userId(),
				Integer.toString(purchase.quantity()), this.ttlSeconds, mode.argument());
		return restocked != null && restocked == 1L;
	}

}
