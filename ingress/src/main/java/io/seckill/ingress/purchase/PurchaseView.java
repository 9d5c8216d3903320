package io.seckill.ingress.purchase;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.seckill.common.purchase.PurchaseStatus;

/**
 * A purchase as its owner sees it (DESIGN.md, {@code GET /api/purchases/{purchaseId}}).
 *
 * @param purchaseId the purchase
 * @param saleId its sale
 * @param status where it stands
 * @param orderId its order, once there is one
 * @param reason why it was rejected, if it was
 * @param refreshAfterSeconds when to ask again, at the earliest (issue 11)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PurchaseView(String purchaseId, String saleId, PurchaseStatus status, @Nullable String orderId,
		@Nullable String reason, long refreshAfterSeconds) {

	PurchaseView(String purchaseId, String saleId, PurchaseStatus status, @Nullable String orderId,
			@Nullable String reason) {
		this(purchaseId, saleId, status, orderId, reason, refreshAfter(status));
	}

	/**
	 * A PENDING purchase is usually decided within a second or two; a CONFIRMED one
	 * changes when its owner pays or its deadline passes; the others no more.
	 */
	private static long refreshAfter(PurchaseStatus status) {
		return switch (status) {
			case PENDING -> 1;
			case CONFIRMED -> 10;
			case PAID, REJECTED, EXPIRED -> 60;
		};
	}

}
