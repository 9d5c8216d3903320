package io.seckill.reservation;

import org.jspecify.annotations.Nullable;

import io.seckill.common.purchase.RejectionReason;

/**
 * The database's decision on one purchase: a row of {@code reservations}.
 *
 * @param purchaseId the purchase, primary key
 * @param saleId its sale
 * @param userId its shopper
 * @param quantity items asked for
 * @param status whether stock was reserved
 * @param reason why not, for a rejection
 */
record Reservation(String purchaseId, String saleId, String userId, int quantity, Status status,
		@Nullable RejectionReason reason) {

	static Reservation reserved(String purchaseId, String saleId, String userId, int quantity) {
		return new Reservation(purchaseId, saleId, userId, quantity, Status.RESERVED, null);
	}

	static Reservation rejected(String purchaseId, String saleId, String userId, int quantity, RejectionReason reason) {
		return new Reservation(purchaseId, saleId, userId, quantity, Status.REJECTED, reason);
	}

	boolean isReserved() {
		return this.status == Status.RESERVED;
	}

	/**
	 * The reason of a rejection.
	 * @return the reason
	 * @throws IllegalStateException for a reservation, or a rejected row without reason
	 */
	RejectionReason rejectionReason() {
		if (this.reason == null) {
			throw new IllegalStateException("Reservation " + this.purchaseId + " has no rejection reason");
		}
		return this.reason;
	}

	/**
	 * Values of {@code reservations.status}.
	 */
	enum Status {

		RESERVED, REJECTED

	}

}
