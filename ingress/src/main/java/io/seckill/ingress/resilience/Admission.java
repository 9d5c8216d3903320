package io.seckill.ingress.resilience;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limiter.AbstractLimiter;
import org.jspecify.annotations.Nullable;

import io.seckill.ingress.web.ApiException;

/**
 * Admission control in front of the purchase path's Redis calls: at most as many calls in
 * flight as the adaptive limit allows (a gradient limiter, Netflix
 * {@code concurrency-limits}, that lowers the limit when Redis round trips grow and
 * raises it while they stay flat), and the excess waiting in arrival order for at most
 * {@code maxWait} in a bounded queue. Whoever is still waiting then, or finds the queue
 * full, is answered {@code 503} with {@code Retry-After} at once: overload is shed before
 * it reaches Redis, and what is admitted is served fast, so our own queueing never looks
 * like a failing Redis to the circuit breaker (issue 10).
 */
final class Admission {

	private final AbstractLimiter<Void> limiter;

	private final ArrayDeque<Waiter> queue = new ArrayDeque<>();

	private final int maxQueue;

	private final long maxWaitNanos;

	private long shed;

	Admission(AbstractLimiter<Void> limiter, int maxQueue, Duration maxWait) {
		this.limiter = limiter;
		this.maxQueue = maxQueue;
		this.maxWaitNanos = maxWait.toNanos();
	}

	/**
	 * A place among the calls in flight, now or once one frees up.
	 * @return completes with the permit, or fails with a {@code 503} {@link ApiException}
	 * when none came within the wait or the queue is full
	 */
	CompletableFuture<Permit> acquire() {
		Waiter waiter;
		synchronized (this.queue) {
			if (this.queue.isEmpty()) {
				Optional<Limiter.Listener> listener = this.limiter.acquire(null);
				if (listener.isPresent()) {
					return CompletableFuture.completedFuture(new Permit(this, listener.get()));
				}
			}
			if (this.queue.size() >= this.maxQueue) {
				this.shed++;
				return CompletableFuture.failedFuture(overloaded());
			}
			waiter = new Waiter(new CompletableFuture<>());
			this.queue.addLast(waiter);
		}
		// A call may have finished between the refusal and the queueing.
		admitWaiting();
		Waiter queued = waiter;
		return queued.admitted.orTimeout(this.maxWaitNanos, TimeUnit.NANOSECONDS).exceptionallyCompose((ex) -> {
			if (ex instanceof TimeoutException) {
				synchronized (this.queue) {
					this.queue.remove(queued);
					this.shed++;
				}
				return CompletableFuture.failedFuture(overloaded());
			}
			return CompletableFuture.failedFuture(ex);
		});
	}

	/** Lets waiters in while the limit has room. */
	private void admitWaiting() {
		while (true) {
			Waiter waiter;
			Limiter.Listener listener;
			synchronized (this.queue) {
				waiter = this.queue.peekFirst();
				if (waiter == null) {
					return;
				}
				Optional<Limiter.Listener> acquired = this.limiter.acquire(null);
				if (acquired.isEmpty()) {
					return;
				}
				this.queue.pollFirst();
				listener = acquired.get();
			}
			if (!waiter.admitted.complete(new Permit(this, listener))) {
				// It gave up waiting meanwhile.
				listener.onIgnore();
			}
		}
	}

	int limit() {
		return this.limiter.getLimit();
	}

	int inFlight() {
		return this.limiter.getInflight();
	}

	int queued() {
		synchronized (this.queue) {
			return this.queue.size();
		}
	}

	long shed() {
		synchronized (this.queue) {
			return this.shed;
		}
	}

	private static ApiException overloaded() {
		return ApiException.unavailable("Too many purchases at once; try again in a second.", 1);
	}

	private record Waiter(CompletableFuture<Permit> admitted) {
	}

	/**
	 * A call's place in flight; give it back exactly once, saying how the call went.
	 */
	static final class Permit {

		private final Admission admission;

		private Limiter.@Nullable Listener listener;

		private Permit(Admission admission, Limiter.Listener listener) {
			this.admission = admission;
			this.listener = listener;
		}

		/** The call got an answer from Redis: its round trip teaches the limit. */
		void answered() {
			release(Limiter.Listener::onSuccess);
		}

		/** The call failed or was abandoned: says nothing about Redis' pace. */
		void ignored() {
			release(Limiter.Listener::onIgnore);
		}

		private void release(Consumer<Limiter.Listener> outcome) {
			Limiter.@Nullable Listener current = this.listener;
			this.listener = null;
			if (current != null) {
				outcome.accept(current);
				this.admission.admitWaiting();
			}
		}

	}

}
