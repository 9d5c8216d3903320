package io.seckill.common.messaging;

import org.springframework.util.StringUtils;

/**
 * A message about one purchase; its id is the idempotency key of every consumer. The
 * records check their values when built, so a delivery whose JSON lacks what the type
 * promises is unreadable, hence poison.
 */
public interface PurchaseMessage {

	/** Width of the {@code purchase_id} columns. */
	int PURCHASE_ID_LENGTH = 36;

	/**
	 * The purchase.
	 * @return its id
	 */
	String purchaseId();

	/**
	 * Checks what every purchase message must carry.
	 * @param type the record's name, for the message
	 * @param purchaseId the purchase
	 * @param saleId its sale
	 * @param userId its shopper
	 * @param quantity its items
	 * @throws IllegalArgumentException if one of them is missing or out of range
	 */
	static void requireComplete(String type, String purchaseId, String saleId, String userId, int quantity) {
		// The JSON may lack fields that the record's types promise.
		if (!StringUtils.hasText(purchaseId) || purchaseId.length() > PURCHASE_ID_LENGTH) {
			throw new IllegalArgumentException(type + " has no valid purchaseId: " + purchaseId);
		}
		if (!StringUtils.hasText(saleId) || !StringUtils.hasText(userId)) {
			throw new IllegalArgumentException(type + " " + purchaseId + " lacks saleId or userId");
		}
		if (quantity < 1) {
			throw new IllegalArgumentException(type + " " + purchaseId + " quantity must be at least 1: " + quantity);
		}
	}

}
