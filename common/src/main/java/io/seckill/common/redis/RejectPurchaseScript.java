package io.seckill.common.redis;

import java.time.Duration;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import io.seckill.common.purchase.RejectionReason;

/**
 * The one caller of {@code reject-purchase.lua}: records the database's refusal of a
 * purchase and corrects the sale's Redis view, at most once per purchase.
 */
public final class RejectPurchaseScript {

	private static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/reject-purchase.lua");

	private final SeckillRedis redis;

	private final String ttlSeconds;

	/**
	 * The script on the shared connection.
	 * @param redis the shared connection
	 * @param purchaseTtl how long the purchase hash is kept
	 */
	public RejectPurchaseScript(SeckillRedis redis, Duration purchaseTtl) {
		this.redis = redis;
		this.ttlSeconds = Long.toString(purchaseTtl.toSeconds());
	}

	/**
	 * Marks the purchase {@code REJECTED}: the shopper's count drops back, and the items
	 * go back to the sale's remaining stock, capped at what the database still has.
	 * @param purchase the refused purchase
	 * @param reason why the database refused it
	 * @param databaseRemaining stock the database has left
	 * @param mode {@link ScriptMode#REPLAY} when the failover reconciler replays a
	 * rejection the database decided: then a purchase Redis does not know gets nothing
	 * back
	 * @return {@code true} if this call rejected the purchase, {@code false} if it was
	 * rejected already, or a replay found no purchase
	 * @throws RedisException if Redis did not run the script
	 */
	public boolean reject(PurchaseItems purchase, RejectionReason reason, long databaseRemaining, ScriptMode mode) {
		String[] keys = { RedisKeys.purchase(purchase.purchaseId()), RedisKeys.remaining(purchase.saleId()),
				RedisKeys.buyers(purchase.saleId()) };
		Long rejected = SCRIPT.run(this.redis.sync(), ScriptOutputType.INTEGER, keys, purchase.userId(),
				Integer.toString(purchase.quantity()), reason.name(), Long.toString(databaseRemaining), this.ttlSeconds,
				mode.argument());
		return rejected != null && rejected == 1L;
	}

}
