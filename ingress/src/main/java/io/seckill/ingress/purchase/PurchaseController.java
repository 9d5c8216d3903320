package io.seckill.ingress.purchase;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.seckill.ingress.web.ApiException;
import io.seckill.ingress.web.Waits;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The purchase addresses {@link PurchaseRoute} and the purchase poll's route leave to
 * Spring WebFlux: purchases whose sale id is not well formed, which name no sale, and
 * polls whose purchase id is not (which name no purchase), or that are {@code HEAD}.
 */
@RestController
class PurchaseController {

	private final PurchasePolls polls;

	PurchaseController(PurchasePolls polls) {
		this.polls = polls;
	}

	@PostMapping(path = "/api/sales/{saleId}/purchases", produces = "application/json")
	void purchaseOfNoSale(@PathVariable String saleId) {
		throw ApiException.notFound("There is no such sale.");
	}

	@GetMapping(path = "/api/purchases/{purchaseId}", produces = "application/json")
	Mono<PurchaseView> poll(@PathVariable String purchaseId, @RequestParam(required = false) @Nullable String wait,
			@AuthenticationPrincipal Jwt jwt) {
		return this.polls.poll(purchaseId, Waits.parse(wait, PurchasePolls.MAX_WAIT), jwt.getSubject());
	}

}
