package io.seckill.ingress.purchase;

import io.seckill.common.purchase.PurchaseStatus;

/**
 * Body of the {@code 202} answer to a purchase.
 *
 * @param purchaseId id to poll
 * @param status {@code PENDING} for a new purchase; a replay shows the current status
 */
record PurchaseAnswer(String purchaseId, PurchaseStatus status) {
}
