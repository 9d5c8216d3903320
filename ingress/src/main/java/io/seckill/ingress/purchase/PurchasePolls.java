package io.seckill.ingress.purchase;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.seckill.common.purchase.PurchaseStatus;

/**
 * Polls of a purchase, for the controller and the purchase poll's route alike. A poll may
 * wait ({@code ?wait=20s}, issue 11) until the purchase's status changes: while it waits
 * it holds a timer, not a thread, and looks at the status in Redis (one field, where the
 * workers write each decision back) once a second; the answer itself is read as an
 * ordinary poll's is.
 */
class PurchasePolls {

	/** How often a waiting poll looks at the status in Redis. */
	private static final Duration RECHECK = Duration.ofSeconds(1);

	/** The longest {@code ?wait=}. */
	static final Duration MAX_WAIT = Duration.ofSeconds(30);

	private final PurchaseQuery query;

	private final Scheduler blocking;

	PurchasePolls(PurchaseQuery query, Executor blocking) {
		this.query = query;
		this.blocking = Schedulers.fromExecutor(blocking);
	}

	/**
	 * The purchase, once its status changed or the wait ended if it is undecided.
	 * @param purchaseId the purchase
	 * @param waiting how long the poll may wait
	 * @param userId the caller
	 * @return its view, or {@code 404} if unknown or another shopper's
	 */
	Mono<PurchaseView> poll(String purchaseId, Duration waiting, String userId) {
		Mono<PurchaseView> find = Mono.fromCallable(() -> this.query.find(purchaseId, userId))
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
