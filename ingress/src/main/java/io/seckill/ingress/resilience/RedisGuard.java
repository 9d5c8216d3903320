package io.seckill.ingress.resilience;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.RedisFencedException;
import io.seckill.common.redis.RedisMasterSwitched;
import io.seckill.ingress.redis.ReplicaAckException;
import io.seckill.ingress.web.ApiException;

import org.springframework.context.event.EventListener;

/**
 * Runs Redis calls of the request path behind a circuit breaker, and the purchase path's
 * behind {@link Admission} too. While Redis is failing (a failover in progress, a frozen
 * master) callers get an immediate {@code 503} with {@code Retry-After} instead of a
 * request stuck on a timeout.
 *
 * <p>
 * The breaker opens on what Redis does, not on our own pace: errors and timeouts count, a
 * slow answer does not (a slow Redis shows as command timeouts; a busy ingress is
 * admission control's business, issue 10). A call counts against the master it was sent
 * to only: one that started before a master switch or fence and ends after it is left out
 * of the breaker's window, so the old master's dying calls cannot open the breaker on the
 * new one (issue 12).
 *
 * <p>
 * Likewise a call counts only in the breaker state it started in: calls sent before the
 * breaker opened that time out while it is half-open would otherwise fail the probe of a
 * master that answers every probe. A master that answered counts as healthy even when the
 * answer is a refusal for want of replicas ({@code NOREPLICAS}, no replica acknowledged
 * in time): right after a failover the new master has no replica for a second or two, and
 * opening the breaker then would turn those precise, fast {@code 503}s into a breaker
 * cycle that starves the master once its replica is back. A command this process held
 * back itself (a fence while a failover is in progress) never reached Redis and does not
 * count at all.
 */
public class RedisGuard {

	private final CircuitBreaker breaker;

	private final Admission admission;

	private final LongSupplier generation;

	private final long retryAfterSeconds;

	/** Changes with every transition of the breaker's state. */
	private final AtomicLong epoch = new AtomicLong();

	RedisGuard(CircuitBreaker breaker, Admission admission, LongSupplier generation, long retryAfterSeconds) {
		this.breaker = breaker;
		this.admission = admission;
		this.generation = generation;
		this.retryAfterSeconds = retryAfterSeconds;
		breaker.getEventPublisher().onStateTransition((transition) -> this.epoch.incrementAndGet());
	}

	/**
	 * Runs a blocking Redis call (admin calls, polls; on a virtual thread).
	 * @param <T> the call's result
	 * @param call the call
	 * @return its result
	 * @throws ApiException {@code 503} when Redis failed or the breaker is open
	 */
	public <T> T call(Supplier<T> call) {
		permit();
		Started started = started();
		try {
			T result = call.get();
			succeeded(started);
			return result;
		}
		catch (RuntimeException ex) {
			failed(started, ex);
			throw translate(ex);
		}
	}

	/**
	 * Runs an asynchronous Redis call of the purchase path: admitted first, then through
	 * the breaker.
	 * @param <T> the call's result
	 * @param call starts the call
	 * @return the result, or a {@code 503} {@link ApiException}
	 */
	public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> call) {
		return this.admission.acquire().thenCompose((permit) -> guarded(call, permit));
	}

	/**
	 * Runs a cheap asynchronous read (a set lookup) through the breaker alone: it takes
	 * no place among the purchase calls in flight.
	 * @param <T> the call's result
	 * @param call starts the call
	 * @return the result, or a {@code 503} {@link ApiException}
	 */
	public <T> CompletableFuture<T> readAsync(Supplier<? extends CompletionStage<T>> call) {
		return guarded(call, null);
	}

	private <T> CompletableFuture<T> guarded(Supplier<? extends CompletionStage<T>> call,
			Admission.@Nullable Permit permit) {
		try {
			permit();
		}
		catch (ApiException ex) {
			release(permit, false);
			return CompletableFuture.failedFuture(ex);
		}
		Started started = started();
		CompletionStage<T> pending;
		try {
			pending = call.get();
		}
		catch (RuntimeException ex) {
			failed(started, ex);
			release(permit, false);
			return CompletableFuture.failedFuture(translate(ex));
		}
		CompletableFuture<T> result = new CompletableFuture<>();
		pending.whenComplete((value, failure) -> {
			if (failure == null) {
				succeeded(started);
				release(permit, true);
				result.complete(value);
			}
			else {
				Throwable cause = unwrap(failure);
				failed(started, cause);
				release(permit, false);
				result.completeExceptionally(translate(cause));
			}
		});
		return result;
	}

	private static void release(Admission.@Nullable Permit permit, boolean answered) {
		if (permit == null) {
			return;
		}
		if (answered) {
			permit.answered();
		}
		else {
			permit.ignored();
		}
	}

	private void permit() {
		if (!this.breaker.tryAcquirePermission()) {
			throw ApiException.unavailable("The sale store is failing over; try again shortly.",
					this.retryAfterSeconds);
		}
	}

	private Started started() {
		return new Started(this.generation.getAsLong(), this.epoch.get(), System.nanoTime());
	}

	private void succeeded(Started started) {
		if (!counts(started)) {
			return;
		}
		this.breaker.onSuccess(System.nanoTime() - started.nanos(), TimeUnit.NANOSECONDS);
	}

	private void failed(Started started, Throwable failure) {
		if (!counts(started)) {
			return;
		}
		if (answered(failure)) {
			this.breaker.onSuccess(System.nanoTime() - started.nanos(), TimeUnit.NANOSECONDS);
		}
		else if (failure instanceof RedisException && !(failure instanceof RedisFencedException)) {
			this.breaker.onError(System.nanoTime() - started.nanos(), TimeUnit.NANOSECONDS, failure);
		}
		else {
			// Held back by our own fence, or a refusal raised on the way: none of Redis'.
			this.breaker.releasePermission();
		}
	}

	/**
	 * Whether the call's outcome may count: sent to the master in charge now, in the
	 * breaker state in force now. Otherwise it is forgotten; its permission, if the state
	 * it took one from is gone, went with that state.
	 */
	private boolean counts(Started started) {
		if (this.epoch.get() != started.epoch()) {
			return false;
		}
		if (this.generation.getAsLong() != started.generation()) {
			this.breaker.releasePermission();
			return false;
		}
		return true;
	}

	/** The master answered, with a refusal for want of replicas. */
	private static boolean answered(Throwable failure) {
		return failure instanceof ReplicaAckException || noReplicas(failure);
	}

	private static boolean noReplicas(Throwable failure) {
		return failure instanceof RedisCommandExecutionException refused && refused.getMessage() != null
				&& refused.getMessage().startsWith("NOREPLICAS");
	}

	private RuntimeException translate(Throwable failure) {
		if (failure instanceof ApiException api) {
			return api;
		}
		if (noReplicas(failure)) {
			return ApiException.unavailable(
					"The sale store refuses writes: no replica is connected to the Redis master; try again shortly.",
					this.retryAfterSeconds);
		}
		if (failure instanceof RedisFencedException) {
			return ApiException.unavailable("The sale store is failing over; try again shortly.",
					this.retryAfterSeconds);
		}
		if (failure instanceof ReplicaAckException) {
			return ApiException.unavailable("No Redis replica confirmed the write in time; a retry answers the same"
					+ " purchase (with the same Idempotency-Key) or the same ticket.", this.retryAfterSeconds);
		}
		if (failure instanceof RedisException) {
			return ApiException.unavailable("The sale store did not answer in time; try again shortly.",
					this.retryAfterSeconds);
		}
		return (failure instanceof RuntimeException runtime) ? runtime : new CompletionException(failure);
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof IOException) {
			// Lettuce fails the commands in flight with the socket's own error when the
			// master's connection is reset (a killed master): a Redis failure like any
			// other, not a 500.
			return new RedisConnectionException("Redis connection failed: " + cause.getMessage(), cause);
		}
		return cause;
	}

	/**
	 * Closes the breaker once the connection points at a new master: the failures that
	 * opened it came from the old one, and waiting out the open state would keep
	 * answering {@code 503} for up to {@code openDuration} although the new master
	 * answers.
	 * @param switched the switch
	 */
	@EventListener
	void on(RedisMasterSwitched switched) {
		if (this.breaker.getState() != CircuitBreaker.State.CLOSED) {
			this.breaker.transitionToClosedState();
		}
	}

	private record Started(long generation, long epoch, long nanos) {
	}

	/**
	 * The breaker's state, for health and metrics.
	 * @return state name
	 */
	public String state() {
		return this.breaker.getState().name();
	}

}
