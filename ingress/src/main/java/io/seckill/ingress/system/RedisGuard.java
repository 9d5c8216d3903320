package io.seckill.ingress.system;

import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisException;

import io.seckill.common.redis.RedisMasterSwitched;

import org.springframework.context.event.EventListener;

/**
 * Runs Redis calls of the request path behind a circuit breaker and a bulkhead. While
 * Redis is failing (a failover in progress, a frozen master) callers get an immediate
 * {@code 503} with {@code Retry-After} instead of a thread stuck on a timeout.
 */
public class RedisGuard {

	private final CircuitBreaker breaker;

	private final Bulkhead bulkhead;

	private final long retryAfterSeconds;

	RedisGuard(CircuitBreaker breaker, Bulkhead bulkhead, long retryAfterSeconds) {
		this.breaker = breaker;
		this.bulkhead = bulkhead;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	/**
	 * Runs a Redis call.
	 * @param <T> the call's result
	 * @param call the call
	 * @return its result
	 * @throws ApiException {@code 503} when Redis failed, the breaker is open or too many
	 * calls are in flight
	 */
	public <T> T call(Supplier<T> call) {
		try {
			return Bulkhead.decorateSupplier(this.bulkhead, CircuitBreaker.decorateSupplier(this.breaker, call)).get();
		}
		catch (CallNotPermittedException ex) {
			throw ApiException.unavailable("The sale store is failing over; try again shortly.",
					this.retryAfterSeconds);
		}
		catch (BulkheadFullException ex) {
			throw ApiException.unavailable("Too many purchases in flight; try again shortly.", 1);
		}
		catch (RedisException ex) {
			throw ApiException.unavailable("The sale store did not answer in time; try again shortly.",
					this.retryAfterSeconds);
		}
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

	/**
	 * The breaker's state, for health and metrics.
	 * @return state name
	 */
	public String state() {
		return this.breaker.getState().name();
	}

}
