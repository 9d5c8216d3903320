package io.seckill.ingress.purchase;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.seckill.common.purchase.PurchaseStatus;
import io.seckill.ingress.order.Order;
import io.seckill.ingress.order.OrderRepository;
import io.seckill.ingress.reservation.ReservationRepository;
import io.seckill.ingress.reservation.ReservationRepository.Decision;
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

	private final OrderRepository orders;

	private final ReservationRepository reservations;

	private final Clock clock;

	PurchaseQuery(SeckillRedis redis, RedisGuard redisGuard, OrderRepository orders, ReservationRepository reservations,
			Clock clock) {
		this.redis = redis;
		this.redisGuard = redisGuard;
		this.orders = orders;
		this.reservations = reservations;
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
		Optional<Owned> recorded = recorded(purchaseId);
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

	/**
	 * The purchase as the database has it: its order, or else the reservation-worker's
	 * decision.
	 * @param purchaseId the purchase
	 * @return its view and owner, if the database has seen it
	 */
	private Optional<Owned> recorded(String purchaseId) {
		Optional<Order> order = this.orders.findByPurchase(purchaseId);
		if (order.isPresent()) {
			Order found = order.get();
			return Optional.of(new Owned(found.userId(), new PurchaseView(purchaseId, found.saleId(),
					found.status().purchaseStatus(), found.orderId(), null)));
		}
		return this.reservations.find(purchaseId)
			.map((decision) -> new Owned(decision.userId(), view(purchaseId, decision)));
	}

	private static PurchaseView view(String purchaseId, Decision decision) {
		return decision.rejected()
				? new PurchaseView(purchaseId, decision.saleId(), PurchaseStatus.REJECTED, null, decision.reason())
				: new PurchaseView(purchaseId, decision.saleId(), PurchaseStatus.PENDING, null, null);
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

	/**
	 * A purchase view with the shopper it belongs to.
	 *
	 * @param userId the owner
	 * @param view the purchase
	 */
	private record Owned(String userId, PurchaseView view) {
	}

}
