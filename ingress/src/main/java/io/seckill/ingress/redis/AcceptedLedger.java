package io.seckill.ingress.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The purchases this ingress answered {@code 202} in the last minute or so. Replication
 * is asynchronous and {@code WAIT} narrows the gap without closing it (a replica that
 * acknowledged may not be the one promoted), so after a master switch every remembered
 * purchase the new master lacks is put back ({@link FailoverReconciler}).
 */
public class AcceptedLedger {

	private final Deque<Accepted> accepted = new ConcurrentLinkedDeque<>();

	private final AtomicInteger size = new AtomicInteger();

	private final Duration window;

	private final int capacity;

	private final Clock clock;

	AcceptedLedger(Duration window, int capacity, Clock clock) {
		this.window = window;
		this.capacity = capacity;
		this.clock = clock;
	}

	/**
	 * Remembers a purchase about to be answered {@code 202}.
	 * @param purchaseId the purchase
	 * @param saleId its sale
	 * @param userId its shopper
	 * @param quantity items it took
	 * @param idempotencyKey the shopper's key for it
	 * @param fingerprint what the key was used for (see {@code purchase.lua})
	 */
	public void record(String purchaseId, String saleId, String userId, int quantity, String idempotencyKey,
			String fingerprint) {
		long now = this.clock.millis();
		this.accepted.addLast(new Accepted(purchaseId, saleId, userId, quantity, idempotencyKey, fingerprint, now));
		this.size.incrementAndGet();
		forgetOlderThan(now - this.window.toMillis());
	}

	/**
	 * The purchases remembered now, oldest first.
	 * @return a copy
	 */
	List<Accepted> recent() {
		forgetOlderThan(this.clock.millis() - this.window.toMillis());
		return new ArrayList<>(this.accepted);
	}

	private void forgetOlderThan(long oldest) {
		Accepted head;
		while ((head = this.accepted.peekFirst()) != null
				&& (head.acceptedAt() < oldest || this.size.get() > this.capacity)) {
			if (this.accepted.remove(head)) {
				this.size.decrementAndGet();
			}
		}
	}

	/**
	 * A purchase answered {@code 202}.
	 *
	 * @param purchaseId the purchase
	 * @param saleId its sale
	 * @param userId its shopper
	 * @param quantity items it took
	 * @param idempotencyKey the shopper's key
	 * @param fingerprint what the key was used for
	 * @param acceptedAt epoch millis of the answer
	 */
	record Accepted(String purchaseId, String saleId, String userId, int quantity, String idempotencyKey,
			String fingerprint, long acceptedAt) {
	}

}
