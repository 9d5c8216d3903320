package io.seckill.common.purchase;

/**
 * Where a purchase stands, as clients see it (DESIGN.md, "Purchase status").
 */
public enum PurchaseStatus {

	/** Accepted by Redis, not yet decided by the database. */
	PENDING,

	/** An order exists and awaits payment. */
	CONFIRMED,

	/** The order was paid. */
	PAID,

	/** The database refused the purchase; {@code reason} says why. */
	REJECTED,

	/** The order was not paid before its deadline; its stock went back to the sale. */
	EXPIRED;

	/**
	 * Whether nothing more will happen to a purchase in this state except payment.
	 * @return {@code false} only for {@link #PENDING}
	 */
	public boolean isDecided() {
		return this != PENDING;
	}

}
