package io.seckill.common.redis;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.seckill.common.messaging.PurchaseAccepted;

/**
 * The fields of an entry of the purchase outbox ({@link RedisKeys#OUTBOX}): written by
 * {@code purchase.lua} and {@code restore-purchase.lua}, read by the outbox relay. The
 * scripts name them as literals; a test in the ingress reads both scripts' sources and
 * fails when their fields differ from {@link #FIELDS}.
 */
public final class OutboxEntry {

	/** The purchase. */
	public static final String PURCHASE_ID = "purchaseId";

	/** Its sale. */
	public static final String SALE_ID = "saleId";

	/** Its shopper. */
	public static final String USER_ID = "userId";

	/** Items taken. */
	public static final String QUANTITY = "quantity";

	/** Epoch millis Redis accepted it. */
	public static final String ACCEPTED_AT = "acceptedAt";

	/** Every field, in the order the scripts write them. */
	public static final List<String> FIELDS = List.of(PURCHASE_ID, SALE_ID, USER_ID, QUANTITY, ACCEPTED_AT);

	private OutboxEntry() {
	}

	/**
	 * Reads an entry's body.
	 * @param body the entry's fields
	 * @return the message the entry carries
	 * @throws RuntimeException if a field is missing or unreadable
	 */
	public static PurchaseAccepted read(Map<String, String> body) {
		return new PurchaseAccepted(body.get(PURCHASE_ID), body.get(SALE_ID), body.get(USER_ID),
				Integer.parseInt(body.get(QUANTITY)), Instant.ofEpochMilli(Long.parseLong(body.get(ACCEPTED_AT))));
	}

}
