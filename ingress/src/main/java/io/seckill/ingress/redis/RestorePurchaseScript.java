package io.seckill.ingress.redis;

import java.time.Duration;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;

/**
 * The one caller of {@code restore-purchase.lua}: puts back a purchase this ingress
 * answered {@code 202} that a master switch lost.
 */
final class RestorePurchaseScript {

	private static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/restore-purchase.lua");

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
		String[] keys = { RedisKeys.remaining(purchase.saleId()), RedisKeys.buyers(purchase.saleId()),
				RedisKeys.idempotency(purchase.userId(), purchase.idempotencyKey()),
				RedisKeys.purchase(purchase.purchaseId()), RedisKeys.OUTBOX, RedisKeys.acceptedKeys(purchase.saleId()),
				RedisKeys.holdings(purchase.saleId()) };
		Long restored = SCRIPT.run(this.redis.sync(), ScriptOutputType.INTEGER, keys, purchase.userId(),
				Integer.toString(purchase.quantity()), purchase.fingerprint(), purchase.purchaseId(), this.ttlSeconds,
				purchase.saleId(), Long.toString(purchase.acceptedAt()), purchase.idempotencyKey());
		return restored != null && restored == 1L;
	}

}
