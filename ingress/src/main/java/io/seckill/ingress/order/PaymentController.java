package io.seckill.ingress.order;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Payment of an order by its owner.
 */
@RestController
class PaymentController {

	private final PaymentService payments;

	PaymentController(PaymentService payments) {
		this.payments = payments;
	}

	@PostMapping(path = "/api/orders/{orderId}/payment", produces = "application/json")
	Order pay(@PathVariable String orderId, @AuthenticationPrincipal Jwt jwt) {
		return this.payments.pay(orderId, jwt.getSubject());
	}

}
