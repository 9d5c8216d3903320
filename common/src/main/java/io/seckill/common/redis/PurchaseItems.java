package io.seckill.common.redis;

/**
 * The items one purchase holds in a sale, as the scripts that give them back need them.
 *
 * @param purchaseId the purchase
 * @param saleId its sale
 * @param userId its shopper
 * @param quantity items it took
 */
public record PurchaseItems(String purchaseId, String saleId, String userId, int quantity) {
}
