package io.seckill.ingress.purchase;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SeckillRedisProperties;

import org.springframework.stereotype.Component;

/**
 * The hot path: one EVALSHA per purchase attempt, without holding a thread while Redis
 * answers.
 */
@Component
class PurchaseScript {

	static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/purchase.lua");

	private final SeckillRedis redis;

	private final String ttlSeconds;

	private final String rateIntervalMillis;

	private final String rateBurst;

	PurchaseScript(SeckillRedis redis, SeckillRedisProperties properties, UserRateLimitProperties rateLimit) {
		this.redis = redis;
		this.ttlSeconds = Long.toString(properties.purchaseTtl().toSeconds());
		this.rateIntervalMillis = Double.toString(rateLimit.intervalMillis());
		this.rateBurst = Integer.toString(rateLimit.burst());
	}

	CompletableFuture<ScriptOutcome> run(String saleId, String userId, int quantity, String idempotencyKey,
			String purchaseId) {
		String[] keys = { RedisKeys.sale(saleId), RedisKeys.remaining(saleId), RedisKeys.buyers(saleId),
				RedisKeys.idempotency(userId, idempotencyKey), RedisKeys.purchase(purchaseId), RedisKeys.OUTBOX,
				RedisKeys.userRate(userId), RedisKeys.acceptedKeys(saleId), RedisKeys.holdings(saleId) };
		CompletableFuture<List<Object>> reply = SCRIPT.call(this.redis.async(), ScriptOutputType.MULTI, keys, userId,
				Integer.toString(quantity), fingerprint(saleId, quantity), purchaseId, this.ttlSeconds, saleId,
				this.rateIntervalMillis, this.rateBurst, idempotencyKey);
		return reply.thenApply(ScriptOutcome::of);
	}

	/**
	 * A purchase that carries a waiting room ticket (issue 11): the script checks it with
	 * stock and limits. Kept apart from {@link #run} so that sales without a waiting room
	 * send exactly what they sent before.
	 */
	CompletableFuture<ScriptOutcome> run(String saleId, String userId, int quantity, String idempotencyKey,
			String purchaseId, @Nullable String ticket) {
		if (ticket == null) {
			return run(saleId, userId, quantity, idempotencyKey, purchaseId);
		}
		String[] keys = { RedisKeys.sale(saleId), RedisKeys.remaining(saleId), RedisKeys.buyers(saleId),
				RedisKeys.idempotency(userId, idempotencyKey), RedisKeys.purchase(purchaseId), RedisKeys.OUTBOX,
				RedisKeys.userRate(userId), RedisKeys.acceptedKeys(saleId), RedisKeys.holdings(saleId),
				RedisKeys.ticket(saleId, ticket), RedisKeys.room(saleId), RedisKeys.roomEarly(saleId),
				RedisKeys.roomLog(saleId) };
		CompletableFuture<List<Object>> reply = SCRIPT.call(this.redis.async(), ScriptOutputType.MULTI, keys, userId,
				Integer.toString(quantity), fingerprint(saleId, quantity), purchaseId, this.ttlSeconds, saleId,
				this.rateIntervalMillis, this.rateBurst, idempotencyKey, ticket);
		return reply.thenApply(ScriptOutcome::of);
	}

	static String fingerprint(String saleId, int quantity) {
		return saleId + "/" + quantity;
	}

}
