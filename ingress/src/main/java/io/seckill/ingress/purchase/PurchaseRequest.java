package io.seckill.ingress.purchase;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/**
 * Body of a purchase: {@code {"quantity":1}}. Quantity defaults to 1; the sale's per-user
 * limit is checked by the purchase script.
 *
 * @param quantity items to buy
 */
record PurchaseRequest(@Nullable @Min(value = 1, message = "must be at least 1") @Max(value = 100,
		message = "must be at most the sale's per-user limit") Integer quantity) {

	int quantityOrDefault() {
		return (this.quantity != null) ? this.quantity : 1;
	}

}
