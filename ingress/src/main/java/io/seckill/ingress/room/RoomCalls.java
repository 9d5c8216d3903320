package io.seckill.ingress.room;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the waiting room script calls this ingress has in flight to Redis; the others
 * wait their turn here, in order, and none is refused.
 *
 * <p>
 * A room moves many shoppers at once: the opening answers every early arrival's poll, a
 * sold-out every waiting poll, a burst of arrivals comes in a second. Sent all at once on
 * the one connection, thousands of scripts queue behind each other in Redis and in this
 * process, and the last ones pass the command timeout although Redis answers every one of
 * them in microseconds: the circuit breaker then counts our own herd as a failing Redis,
 * opens, and every shopper (purchases too) gets {@code 503}. With a bounded number in
 * flight, a call's time from dispatch to answer is what Redis takes for those few, and
 * the breaker still sees a Redis that stops answering, since every call in flight then
 * times out.
 */
final class RoomCalls {

	private final int limit;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicInteger draining = new AtomicInteger();

	RoomCalls(int limit) {
		this.limit = limit;
	}

	/**
	 * Starts the call now if fewer than the limit are in flight, else when one ends.
	 * @param <T> the call's result
	 * @param call starts the call
	 * @return its result
	 */
	<T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> call) {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.waiting.add(() -> {
			if (result.isDone()) {
				// Cancelled while it waited (the shopper went away): never sent.
				release();
				return;
			}
			CompletionStage<T> pending;
			try {
				pending = call.get();
			}
			catch (RuntimeException ex) {
				release();
				result.completeExceptionally(ex);
				return;
			}
			pending.whenComplete((value, failure) -> {
				release();
				if (failure != null) {
					result.completeExceptionally(failure);
				}
				else {
					result.complete(value);
				}
			});
		});
		drain();
		return result;
	}

	/**
	 * @return calls waiting for their turn
	 */
	int queued() {
		return this.waiting.size();
	}

	private void release() {
		this.inFlight.decrementAndGet();
		drain();
	}

	/** One thread drains at a time; a call ending inline during a drain is seen by it. */
	private void drain() {
		if (this.draining.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			while (this.inFlight.get() < this.limit) {
				Runnable next = this.waiting.poll();
				if (next == null) {
					break;
				}
				this.inFlight.incrementAndGet();
				next.run();
			}
			missed = this.draining.addAndGet(-missed);
		}
		while (missed != 0);
	}

}
