package io.seckill.ingress.resilience;

import java.time.Duration;

import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * A real {@link RedisGuard} for tests of other packages: the given breaker, a fixed
 * admission limit, one master generation.
 */
public final class TestGuards {

	private TestGuards() {
	}

	/**
	 * @param breaker the breaker the guard counts calls in
	 * @return a guard around it
	 */
	public static RedisGuard of(CircuitBreaker breaker) {
		return new RedisGuard(breaker, new Admission(SimpleLimiter.newBuilder().limit(FixedLimit.of(512)).build(),
				20_000, Duration.ofSeconds(2)), () -> 1L, 2);
	}

}
