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

	private static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/purchase.lua");

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

	/**
	 * One purchase attempt on a sale without a waiting room.
	 * @param saleId the sale
	 * @param userId the shopper
	 * @param quantity items asked for
	 * @param idempotencyKey the shopper's key for the attempt
	 * @param purchaseId the id the purchase gets if accepted
	 * @return what the script answered
	 */
	CompletableFuture<ScriptOutcome> run(String saleId, String userId, int quantity, String idempotencyKey,
			String purchaseId) {
		return run(saleId, userId, quantity, idempotencyKey, purchaseId, null);
	}

	/**
	 * One purchase attempt, with the waiting room ticket it carries (issue 11): the
	 * script checks it with stock and limits. Without a ticket the ticket's keys and
	 * argument are not sent at all, which the script reads as "no ticket"; the arrays are
	 * sized once, so the hot path copies nothing.
	 * @param saleId the sale
	 * @param userId the shopper
	 * @param quantity items asked for
	 * @param idempotencyKey the shopper's key for the attempt
	 * @param purchaseId the id the purchase gets if accepted
	 * @param ticket the waiting room ticket, or {@code null}
	 * @return what the script answered
	 */
	CompletableFuture<ScriptOutcome> run(String saleId, String userId, int quantity, String idempotencyKey,
			String purchaseId, @Nullable String ticket) {
		boolean ticketed = ticket != null;
		// keys[i] and args[i] are KEYS[i + 1] and ARGV[i + 1] of purchase.lua's header.
		String[] keys = new String[ticketed ? 13 : 9];
		keys[0] = RedisKeys.sale(saleId);
		keys[1] = RedisKeys.remaining(saleId);
		keys[2] = RedisKeys.buyers(saleId);
		keys[3] = RedisKeys.idempotency(userId, idempotencyKey);
		keys[4] = RedisKeys.purchase(purchaseId);
		keys[5] = RedisKeys.OUTBOX;
		keys[6] = RedisKeys.userRate(userId);
		keys[7] = RedisKeys.acceptedKeys(saleId);
		keys[8] = RedisKeys.holdings(saleId);
		String[] args = new String[ticketed ? 10 : 9];
		args[0] = userId;
		args[1] = Integer.toString(quantity);
		args[2] = fingerprint(saleId, quantity);
		args[3] = purchaseId;
		args[4] = this.ttlSeconds;
		args[5] = saleId;
		args[6] = this.rateIntervalMillis;
		args[7] = this.rateBurst;
		args[8] = idempotencyKey;
		if (ticketed) {
			keys[9] = RedisKeys.ticket(saleId, ticket);
			keys[10] = RedisKeys.room(saleId);
			keys[11] = RedisKeys.roomEarly(saleId);
			keys[12] = RedisKeys.roomLog(saleId);
			args[9] = ticket;
		}
		CompletableFuture<List<Object>> reply = SCRIPT.call(this.redis.async(), ScriptOutputType.MULTI, keys, args);
		return reply.thenApply(ScriptOutcome::of);
	}

	/**
	 * What an Idempotency-Key is used for: a key used again for another sale or quantity
	 * is refused ({@code KEY_REUSED}). {@code restore-purchase.lua} stores the same.
	 * @param saleId the sale
	 * @param quantity items asked for
	 * @return the fingerprint
	 */
	static String fingerprint(String saleId, int quantity) {
		return saleId + "/" + quantity;
	}

}
