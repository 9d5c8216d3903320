package io.seckill.ingress.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RedisGuardUnitTests {

	@Test
	void redisFailureBecomes503WithRetryAfter() {
		RedisGuard guard = guard(100);

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> guard.call(() -> {
			throw new RedisCommandTimeoutException("timed out");
		})).satisfies((ex) -> {
			assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(ex.retryAfterSeconds()).isEqualTo(2L);
		});
	}

	@Test
	void openBreakerAnswersWithoutCallingRedis() {
		RedisGuard guard = guard(100);
		for (int i = 0; i < 10; i++) {
			try {
				guard.call(() -> {
					throw new RedisException("connection refused");
				});
			}
			catch (ApiException ex) {
				// expected while the breaker counts failures
			}
		}
		AtomicInteger calls = new AtomicInteger();

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> guard.call(calls::incrementAndGet))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
		assertThat(calls).hasValue(0);
		assertThat(guard.state()).isEqualTo("OPEN");
	}

	@Test
	void successfulCallsPassThrough() {
		assertThat(guard(100).call(() -> "PONG")).isEqualTo("PONG");
	}

	private static RedisGuard guard(int maxConcurrent) {
		CircuitBreaker breaker = CircuitBreaker.of("redis",
				CircuitBreakerConfig.custom()
					.slidingWindowSize(10)
					.minimumNumberOfCalls(5)
					.failureRateThreshold(50)
					.waitDurationInOpenState(Duration.ofSeconds(2))
					.recordExceptions(RedisException.class)
					.build());
		Bulkhead bulkhead = Bulkhead.of("redis", BulkheadConfig.custom().maxConcurrentCalls(maxConcurrent).build());
		return new RedisGuard(breaker, bulkhead, 2);
	}

}
