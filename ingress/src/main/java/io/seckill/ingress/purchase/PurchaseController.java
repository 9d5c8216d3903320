package io.seckill.ingress.purchase;

import java.net.URI;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import io.seckill.ingress.sale.SaleIds;
import io.seckill.ingress.system.ApiException;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Purchase and poll.
 */
@RestController
class PurchaseController {

	private final PurchaseService purchases;

	private final PurchaseQuery query;

	PurchaseController(PurchaseService purchases, PurchaseQuery query) {
		this.purchases = purchases;
		this.query = query;
	}

	@PostMapping(path = "/api/sales/{saleId}/purchases", consumes = "application/json", produces = "application/json")
	ResponseEntity<PurchaseAnswer> purchase(@PathVariable String saleId,
			@RequestHeader("Idempotency-Key") String idempotencyKey,
			@Valid @RequestBody(required = false) @Nullable PurchaseRequest request, @AuthenticationPrincipal Jwt jwt) {
		if (!SaleIds.isValid(saleId)) {
			throw ApiException.notFound("There is no such sale.");
		}
		if (!IdempotencyKeys.isValid(idempotencyKey)) {
			throw ApiException.badRequest("invalid_idempotency_key", IdempotencyKeys.RULE);
		}
		int quantity = (request != null) ? request.quantityOrDefault() : 1;
		PurchaseAnswer answer = this.purchases.purchase(saleId, jwt.getSubject(), quantity, idempotencyKey);
		return ResponseEntity.accepted().location(URI.create("/api/purchases/" + answer.purchaseId())).body(answer);
	}

	@GetMapping(path = "/api/purchases/{purchaseId}", produces = "application/json")
	PurchaseView poll(@PathVariable String purchaseId, @AuthenticationPrincipal Jwt jwt) {
		return this.query.find(purchaseId, jwt.getSubject());
	}

}
