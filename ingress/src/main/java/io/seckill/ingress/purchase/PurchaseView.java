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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PurchaseView(String purchaseId, String saleId, PurchaseStatus status, @Nullable String orderId,
		@Nullable String reason) {
}
