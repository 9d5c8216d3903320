package io.seckill.common.redis;

import java.util.List;

/**
 * The fields of a purchase's hash ({@link RedisKeys#purchase}), which the purchase
 * scripts write and the ingress's polls read. The Lua scripts name them as literals
 * (Redis has no constants to share); a test in the ingress reads every script's source
 * and fails when a script names a field missing here.
 */
public final class PurchaseHash {

	/** The purchase's sale; its presence means Redis accepted the purchase. */
	public static final String SALE_ID = "saleId";

	/** The shopper. */
	public static final String USER_ID = "userId";

	/** Items taken. */
	public static final String QUANTITY = "quantity";

	/** A {@code PurchaseStatus} name; missing means {@code PENDING}. */
	public static final String STATUS = "status";

	/** Epoch millis Redis accepted the purchase. */
	public static final String ACCEPTED_AT = "acceptedAt";

	/** The order, once one awaits payment. */
	public static final String ORDER_ID = "orderId";

	/** A {@code RejectionReason} name, once rejected. */
	public static final String REASON = "reason";

	/** Every field, in the order the purchase script writes them, then the later ones. */
	public static final List<String> FIELDS = List.of(SALE_ID, USER_ID, QUANTITY, STATUS, ACCEPTED_AT, ORDER_ID,
			REASON);

	private PurchaseHash() {
	}

}
