package io.seckill.common.redis;

import java.time.Duration;

import io.lettuce.core.ScriptOutputType;

import io.seckill.common.purchase.RejectionReason;

/**
 * Writes the database's decisions back into Redis, where shoppers poll and where the
 * stock view lives. Every script is safe to run twice: redelivered messages and Lettuce's
 * replay after a reconnect both happen.
 */
public class PurchaseStateScripts {

	private static final LuaScript CONFIRM = LuaScript.fromClasspath("scripts/confirm-purchase.lua");

	private static final LuaScript REJECT = LuaScript.fromClasspath("scripts/reject-purchase.lua");

	private static final LuaScript EXPIRE = LuaScript.fromClasspath("scripts/expire-purchase.lua");

	private final SeckillRedis redis;

	private final String ttlSeconds;

	PurchaseStateScripts(SeckillRedis redis, Duration purchaseTtl) {
		this.redis = redis;
		this.ttlSeconds = Long.toString(purchaseTtl.toSeconds());
	}

	/**
	 * Records that the purchase has an order awaiting payment.
	 * @param purchaseId the purchase
	 * @param orderId its order
	 */
	public void confirmed(String purchaseId, String orderId) {
		CONFIRM.run(this.redis.sync(), ScriptOutputType.INTEGER, new String[] { RedisKeys.purchase(purchaseId) },
				orderId, this.ttlSeconds);
	}

	/**
	 * Records the refusal and corrects the Redis view: the shopper's count drops back and
	 * the remaining stock is capped at what the database still has.
	 * @param purchaseId the purchase
	 * @param saleId its sale
	 * @param userId its shopper
	 * @param quantity items it asked for
	 * @param reason why the database refused
	 * @param databaseRemaining stock the database had left when it refused
	 */
	public void rejected(String purchaseId, String saleId, String userId, int quantity, RejectionReason reason,
			long databaseRemaining) {
		String[] keys = { RedisKeys.purchase(purchaseId), RedisKeys.remaining(saleId), RedisKeys.buyers(saleId) };
		REJECT.run(this.redis.sync(), ScriptOutputType.INTEGER, keys, userId, Integer.toString(quantity), reason.name(),
				Long.toString(databaseRemaining), this.ttlSeconds);
	}

	/**
	 * Gives an expired order's stock back to Redis, once per purchase.
	 * @param purchaseId the purchase
	 * @param saleId its sale
	 * @param userId its shopper
	 * @param quantity items to give back
	 * @return {@code true} if this call gave the stock back, {@code false} if an earlier
	 * one already had
	 */
	public boolean expired(String purchaseId, String saleId, String userId, int quantity) {
		String[] keys = { RedisKeys.purchase(purchaseId), RedisKeys.remaining(saleId), RedisKeys.buyers(saleId),
				RedisKeys.restocked(purchaseId) };
		Long restocked = EXPIRE.run(this.redis.sync(), ScriptOutputType.INTEGER, keys, userId,
				Integer.toString(quantity), this.ttlSeconds);
		return restocked != null && restocked == 1L;
	}

}
