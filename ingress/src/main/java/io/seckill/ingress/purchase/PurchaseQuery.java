package io.seckill.ingress.purchase;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.seckill.common.purchase.PurchaseStatus;
import io.seckill.common.redis.PurchaseHash;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.web.ApiException;
import io.seckill.ingress.resilience.RedisGuard;

import org.springframework.stereotype.Component;

/**
 * Answers polls: Redis first, the database as the source of truth. A decided status in
 * Redis is trusted; a young PENDING is trusted too (shoppers poll hard while they wait,
 * and the database has nothing newer yet); anything else asks the database.
 */
@Component
class PurchaseQuery {

	private static final Pattern PURCHASE_ID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	/** A PENDING younger than this is answered from Redis alone. */
	private static final Duration TRUST_PENDING = Duration.ofSeconds(2);

	private final SeckillRedis redis;

	private final RedisGuard redisGuard;

	private final PurchaseRecords records;

	private final Clock clock;

	PurchaseQuery(SeckillRedis redis, RedisGuard redisGuard, PurchaseRecords records, Clock clock) {
		this.redis = redis;
		this.redisGuard = redisGuard;
		this.records = records;
		this.clock = clock;
	}

	/**
	 * Whether a value has the shape of a purchase id (a lowercase UUID).
	 * @param value the value
	 * @return whether it has
	 */
	static boolean isWellFormed(String value) {
		return PURCHASE_ID.matcher(value).matches();
	}

	/**
	 * The purchase, if it belongs to the user.
	 * @param purchaseId the purchase
	 * @param userId the caller
	 * @return its view
	 * @throws ApiException {@code 404} if unknown or another shopper's
	 */
	PurchaseView find(String purchaseId, String userId) {
		if (!isWellFormed(purchaseId)) {
			throw notFound();
		}
		Map<String, String> cached = fromRedis(purchaseId);
		if (!cached.isEmpty() && !userId.equals(cached.get(PurchaseHash.USER_ID))) {
			throw notFound();
		}
		if (!cached.isEmpty() && trust(cached)) {
			return view(purchaseId, cached);
		}
		Optional<PurchaseRecords.Owned> recorded = this.records.find(purchaseId);
		if (recorded.isPresent()) {
			if (!recorded.get().userId().equals(userId)) {
				throw notFound();
			}
			return recorded.get().view();
		}
		if (!cached.isEmpty()) {
			return view(purchaseId, cached);
		}
		throw notFound();
	}

	/**
	 * The status Redis holds for a purchase, one cheap read for a long-poll's re-checks
	 * (issue 11); the answer itself comes from {@link #find}.
	 * @param purchaseId the purchase (as {@link #find} accepted it)
	 * @return the status in Redis, or {@code null} if Redis has none or cannot say
	 */
	@Nullable String statusInRedis(String purchaseId) {
		try {
			return this.redisGuard
				.call(() -> this.redis.sync().hget(RedisKeys.purchase(purchaseId), PurchaseHash.STATUS));
		}
		catch (ApiException ex) {
			return null;
		}
	}

	private Map<String, String> fromRedis(String purchaseId) {
		try {
			return this.redisGuard.call(() -> this.redis.sync().hgetall(RedisKeys.purchase(purchaseId)));
		}
		catch (ApiException ex) {
			// Redis is failing over: the database still answers for every decided
			// purchase.
			return Map.of();
		}
	}

	private boolean trust(Map<String, String> cached) {
		PurchaseStatus status = PurchaseStatus.valueOf(cached.getOrDefault(PurchaseHash.STATUS, "PENDING"));
		if (status == PurchaseStatus.CONFIRMED) {
			// Payment is written to the database first; Redis may lag behind it.
			return false;
		}
		if (status.isDecided()) {
			return true;
		}
		long acceptedAt = Long.parseLong(cached.getOrDefault(PurchaseHash.ACCEPTED_AT, "0"));
		return this.clock.millis() - acceptedAt < TRUST_PENDING.toMillis();
	}

	private static PurchaseView view(String purchaseId, Map<String, String> cached) {
		return new PurchaseView(purchaseId, cached.get(PurchaseHash.SALE_ID),
				PurchaseStatus.valueOf(cached.getOrDefault(PurchaseHash.STATUS, "PENDING")),
				cached.get(PurchaseHash.ORDER_ID), cached.get(PurchaseHash.REASON));
	}

	private static ApiException notFound() {
		return ApiException.notFound("There is no such purchase.");
	}

}
