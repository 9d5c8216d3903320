package io.seckill.common.messaging;

import java.time.Instant;

/**
 * Redis accepted a purchase and the shopper was answered {@code 202}. Published by the
 * ingress outbox relay to {@link SeckillTopology#RESERVATIONS_QUEUE}; may arrive more
 * than once.
 *
 * @param purchaseId unique id, the idempotency key of every consumer; at most
 * {@value PurchaseMessage#PURCHASE_ID_LENGTH} characters
 * @param saleId the sale
 * @param userId the shopper ({@code sub} of the JWT)
 * @param quantity items bought, at least 1
 * @param acceptedAt when Redis accepted it
 */
public record PurchaseAccepted(String purchaseId, String saleId, String userId, int quantity,
		Instant acceptedAt) implements PurchaseMessage {

	/**
	 * @throws IllegalArgumentException if an id is missing, the purchase id is wider than
	 * its column or the quantity below 1
	 */
	public PurchaseAccepted {
		PurchaseMessage.requireComplete("PurchaseAccepted", purchaseId, saleId, userId, quantity);
	}

}
