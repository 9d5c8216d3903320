package io.seckill.common.purchase;

/**
 * Lifecycle of a row in {@code orders}.
 */
public enum OrderStatus {

	AWAITING_PAYMENT(PurchaseStatus.CONFIRMED), PAID(PurchaseStatus.PAID), EXPIRED(PurchaseStatus.EXPIRED),
	CANCELLED(PurchaseStatus.EXPIRED);

	private final PurchaseStatus purchaseStatus;

	OrderStatus(PurchaseStatus purchaseStatus) {
		this.purchaseStatus = purchaseStatus;
	}

	/**
	 * The status a client polling the purchase sees for an order in this state.
	 * @return the client-facing purchase status
	 */
	public PurchaseStatus purchaseStatus() {
		return this.purchaseStatus;
	}

}
