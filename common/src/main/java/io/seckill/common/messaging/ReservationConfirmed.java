package io.seckill.common.messaging;

/**
 * The database reserved stock for a purchase. Published by the reservation-worker to
 * {@link SeckillTopology#ORDERS_QUEUE}; may arrive more than once.
 *
 * @param purchaseId unique id, the idempotency key of every consumer
 * @param saleId the sale
 * @param userId the shopper
 * @param quantity items reserved
 */
public record ReservationConfirmed(String purchaseId, String saleId, String userId, int quantity) {
}
