package io.seckill.ingress.purchase;

import org.jspecify.annotations.Nullable;

/**
 * Body of a purchase: {@code {"quantity":1}}. Quantity defaults to 1 when left out (or
 * {@code null}); the sale's per-user limit is checked by the purchase script.
 *
 * @param quantity items to buy
 */
record PurchaseRequest(@Nullable Integer quantity) {

	int quantityOrDefault() {
		return (this.quantity != null) ? this.quantity : 1;
	}

}
