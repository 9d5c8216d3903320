package io.seckill.order;

import java.time.Instant;

import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.purchase.PurchaseIds;

/**
 * A row of {@code orders}, as far as this worker reads it.
 *
 * @param orderId random id, primary key
 * @param purchaseId the purchase it was created for; at most one order per purchase
 * @param saleId its sale
 * @param userId its shopper
 * @param quantity items it holds
 * @param status where it stands
 * @param paymentDeadline when it expires unless paid
 */
record Order(String orderId, String purchaseId, String saleId, String userId, int quantity, OrderStatus status,
		Instant paymentDeadline) {

	/**
	 * A new order for a reservation, with a fresh id.
	 * @param reservation what the database reserved
	 * @param paymentDeadline when it expires unless paid
	 * @return the order
	 */
	static Order awaitingPayment(ReservationConfirmed reservation, Instant paymentDeadline) {
		return new Order(PurchaseIds.next(), reservation.purchaseId(), reservation.saleId(), reservation.userId(),
				reservation.quantity(), OrderStatus.AWAITING_PAYMENT, paymentDeadline);
	}

}
