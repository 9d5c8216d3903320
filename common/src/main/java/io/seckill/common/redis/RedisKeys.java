package io.seckill.common.redis;

/**
 * The Redis key layout. Sale keys share a hash tag so one sale's keys stay on one node if
 * the stock is ever split across several masters.
 */
public final class RedisKeys {

	/** Stream used as the purchase outbox, relayed to RabbitMQ. */
	public static final String OUTBOX = "seckill:outbox";

	/**
	 * Counter the ingress increments before {@code WAIT}: a replica that has it has every
	 * write the master executed before it.
	 */
	public static final String REPLICATION_BARRIER = "seckill:replication-barrier";

	/**
	 * What the ingress's readiness check writes to learn whether the master takes writes.
	 */
	public static final String HEALTH_PROBE = "seckill:health:write-probe";

	/**
	 * Set of the ids of sales with a waiting room, which the ingresses' tickers advance
	 * (issue 11).
	 */
	public static final String ROOMS = "seckill:rooms";

	/** Consumer group of the outbox relay. */
	public static final String OUTBOX_GROUP = "relay";

	private RedisKeys() {
	}

	/**
	 * Hash of the sale's settings: item, stock, limit, startsAt, endsAt (epoch millis);
	 * with a waiting room also room (admission window, ms), roomRate ({@code auto} or per
	 * second) and roomPrequeue (ms).
	 * @param saleId the sale
	 * @return the key
	 */
	public static String sale(String saleId) {
		return "seckill:sale:{" + saleId + "}";
	}

	/**
	 * Integer: items Redis still lets shoppers take.
	 * @param saleId the sale
	 * @return the key
	 */
	public static String remaining(String saleId) {
		return sale(saleId) + ":remaining";
	}

	/**
	 * Hash user id to quantity bought, for the per-user limit.
	 * @param saleId the sale
	 * @return the key
	 */
	public static String buyers(String saleId) {
		return sale(saleId) + ":buyers";
	}

	/**
	 * The purchases each shopper made in a sale: a hash of user id to a comma-separated
	 * list of purchase ids, so that a shopper refused for the per-user limit can be told
	 * what they already hold (the {@code 409} names them).
	 * @param saleId the sale
	 * @return the hash's key
	 */
	public static String holdings(String saleId) {
		return "seckill:sale:{" + saleId + "}:holdings";
	}

	/**
	 * Set of the Idempotency-Keys of a sale's accepted purchases (the keys alone, not the
	 * shoppers): an ingress that answers a sold-out sale from memory asks it whether an
	 * attempt may be the retry of an accepted purchase, which is owed that purchase.
	 * @param saleId the sale
	 * @return the key
	 */
	public static String acceptedKeys(String saleId) {
		return sale(saleId) + ":accepted-keys";
	}

	/**
	 * String {@code purchaseId|fingerprint} remembering an Idempotency-Key of one user.
	 * @param userId the shopper
	 * @param idempotencyKey the client's key
	 * @return the key
	 */
	public static String idempotency(String userId, String idempotencyKey) {
		return "seckill:idem:" + userId + ":" + idempotencyKey;
	}

	/**
	 * Number: the shopper's next purchase attempt time (epoch ms, fractional) in the
	 * per-user rate limit of the purchase script; expires when the budget is full again.
	 * @param userId the shopper
	 * @return the key
	 */
	public static String userRate(String userId) {
		return "seckill:rate:user:" + userId;
	}

	/**
	 * Hash with the purchase's saleId, userId, quantity, status, orderId, reason.
	 * @param purchaseId the purchase
	 * @return the key
	 */
	public static String purchase(String purchaseId) {
		return "seckill:purchase:" + purchaseId;
	}

	/**
	 * Marker that an expired purchase's stock was given back to Redis, so it happens
	 * once.
	 * @param purchaseId the purchase
	 * @return the key
	 */
	public static String restocked(String purchaseId) {
		return "seckill:restocked:" + purchaseId;
	}

	/**
	 * Hash of a sale's waiting room state: issued (later arrivals numbered so far), early
	 * (early arrivals, fixed at the opening), sealed, served (positions admitted so far),
	 * tick (epoch ms the serving counter last advanced to), rate, used, soldOut.
	 * @param saleId the sale
	 * @return the key
	 */
	public static String room(String saleId) {
		return sale(saleId) + ":room";
	}

	/**
	 * Hash of user id to ticket id: one ticket per shopper and sale.
	 * @param saleId the sale
	 * @return the key
	 */
	public static String roomUsers(String saleId) {
		return sale(saleId) + ":room:users";
	}

	/**
	 * Sorted set of the early arrivals' ticket ids, scored by a random number: their
	 * order at the opening.
	 * @param saleId the sale
	 * @return the key
	 */
	public static String roomEarly(String saleId) {
		return sale(saleId) + ":room:early";
	}

	/**
	 * Sorted set recording each advance of the serving counter: member
	 * {@code served:epochMs}, score served, so the moment a position was admitted is one
	 * lookup.
	 * @param saleId the sale
	 * @return the key
	 */
	public static String roomLog(String saleId) {
		return sale(saleId) + ":room:log";
	}

	/**
	 * Hash of one ticket: userId, arrivedAt, early (1 for an early arrival) or seq (the
	 * later arrival's number), used (purchase id once it bought).
	 * @param saleId the sale
	 * @param ticketId the ticket
	 * @return the key
	 */
	public static String ticket(String saleId, String ticketId) {
		return sale(saleId) + ":ticket:" + ticketId;
	}

}
