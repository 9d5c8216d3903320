package io.seckill.common.messaging;

/**
 * The database reserved stock for a purchase. Published by the reservation-worker to
 * {@link SeckillTopology#ORDERS_QUEUE}; may arrive more than once.
 *
 * @param purchaseId unique id, the idempotency key of every consumer; at most
 * {@value PurchaseMessage#PURCHASE_ID_LENGTH} characters
 * @param saleId the sale
 * @param userId the shopper
 * @param quantity items reserved
 */
public record ReservationConfirmed(String purchaseId, String saleId, String userId,
		int quantity) implements PurchaseMessage {

	/**
	 * @throws IllegalArgumentException if an id is missing, the purchase id is wider than
	 * its column or the quantity below 1
	 */
	public ReservationConfirmed {
		PurchaseMessage.requireComplete("ReservationConfirmed", purchaseId, saleId, userId, quantity);
	}

}
