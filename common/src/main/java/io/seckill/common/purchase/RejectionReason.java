package io.seckill.common.purchase;

/**
 * Why the database refused a purchase that Redis had accepted. Redis can accept more than
 * the database holds only after it lost writes in a failover.
 */
public enum RejectionReason {

	/** No stock was left in the database. */
	SOLD_OUT,

	/** The shopper already holds the sale's per-user limit. */
	LIMIT_REACHED,

	/** The sale does not exist in the database. */
	UNKNOWN_SALE

}
