package io.seckill.ingress.purchase;

import io.seckill.ingress.web.ApiException;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Polls of a purchase, and the purchase addresses {@link PurchaseRoute} leaves to Spring
 * WebFlux: those whose sale id is not well formed, which name no sale.
 */
@RestController
class PurchaseController {

	private final PurchaseQuery query;

	PurchaseController(PurchaseQuery query) {
		this.query = query;
	}

	@PostMapping(path = "/api/sales/{saleId}/purchases", produces = "application/json")
	void purchaseOfNoSale(@PathVariable String saleId) {
		throw ApiException.notFound("There is no such sale.");
	}

	@GetMapping(path = "/api/purchases/{purchaseId}", produces = "application/json")
	PurchaseView poll(@PathVariable String purchaseId, @AuthenticationPrincipal Jwt jwt) {
		return this.query.find(purchaseId, jwt.getSubject());
	}

}
