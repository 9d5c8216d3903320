package io.seckill.ingress.order;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.seckill.common.purchase.OrderStatus;

/**
 * An order as its owner sees it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Order(String orderId, String purchaseId, String saleId, @JsonIgnore String userId, int quantity,
		OrderStatus status, Instant paymentDeadline, @Nullable Instant paidAt) {
}
