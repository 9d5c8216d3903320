package io.seckill.ingress.purchase;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.seckill.common.purchase.PurchaseStatus;
import io.seckill.ingress.web.ApiException;
import io.seckill.ingress.web.Waits;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Polls of a purchase, and the purchase addresses {@link PurchaseRoute} leaves to Spring
 * WebFlux: those whose sale id is not well formed, which name no sale.
 *
 * <p>
 * A poll may wait ({@code ?wait=20s}, issue 11) until the purchase's status changes:
 * while it waits it holds a timer, not a thread, and looks at the status in Redis (one
 * field, where the workers write each decision back) once a second; the answer itself is
 * read as an ordinary poll's is.
 */
@RestController
class PurchaseController {

	/** How often a waiting poll looks at the status in Redis. */
	private static final Duration RECHECK = Duration.ofSeconds(1);

	/** The longest {@code ?wait=}. */
	private static final Duration MAX_WAIT = Duration.ofSeconds(30);

	private final PurchaseQuery query;

	private final Scheduler blocking;

	PurchaseController(PurchaseQuery query, @Qualifier("applicationTaskExecutor") Executor blocking) {
		this.query = query;
		this.blocking = Schedulers.fromExecutor(blocking);
	}

	@PostMapping(path = "/api/sales/{saleId}/purchases", produces = "application/json")
	void purchaseOfNoSale(@PathVariable String saleId) {
		throw ApiException.notFound("There is no such sale.");
	}

	@GetMapping(path = "/api/purchases/{purchaseId}", produces = "application/json")
	Mono<PurchaseView> poll(@PathVariable String purchaseId, @RequestParam(required = false) @Nullable String wait,
			@AuthenticationPrincipal Jwt jwt) {
		Duration waiting = Waits.parse(wait, MAX_WAIT);
		Mono<PurchaseView> find = Mono.fromCallable(() -> this.query.find(purchaseId, jwt.getSubject()))
			.subscribeOn(this.blocking);
		if (waiting.isZero()) {
			return find;
		}
		long deadline = System.nanoTime() + waiting.toNanos();
		return find
			.flatMap((first) -> (first.status() == PurchaseStatus.PENDING || first.status() == PurchaseStatus.CONFIRMED)
					? changed(first, find, deadline) : Mono.just(first));
	}

	private Mono<PurchaseView> changed(PurchaseView first, Mono<PurchaseView> find, long deadline) {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			return find;
		}
		return Mono.delay(Duration.ofNanos(Math.min(left, RECHECK.toNanos())))
			.then(Mono.fromCallable(() -> Objects.toString(this.query.statusInRedis(first.purchaseId()), ""))
				.subscribeOn(this.blocking))
			.flatMap((status) -> status.equals(first.status().name()) ? changed(first, find, deadline) : find);
	}

}
