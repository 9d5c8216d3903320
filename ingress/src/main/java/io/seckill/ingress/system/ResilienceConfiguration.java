package io.seckill.ingress.system;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resilience4j around Redis; breaker state and transitions become metrics
 * ({@code resilience4j_circuitbreaker_state}) and log lines.
 */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

	private static final Log logger = LogFactory.getLog(ResilienceConfiguration.class);

	static final String REDIS = "redis";

	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry(ResilienceProperties properties, MeterRegistry meterRegistry) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.failureRateThreshold(properties.failureRateThreshold())
			.slowCallDurationThreshold(properties.slowCallThreshold())
			.slowCallRateThreshold(properties.slowCallRateThreshold())
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(properties.windowSize())
			.minimumNumberOfCalls(properties.minimumCalls())
			.waitDurationInOpenState(properties.openDuration())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.permittedNumberOfCallsInHalfOpenState(10)
			.recordExceptions(RedisException.class)
			.build();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meterRegistry);
		return registry;
	}

	@Bean
	BulkheadRegistry bulkheadRegistry(ResilienceProperties properties, MeterRegistry meterRegistry) {
		BulkheadConfig config = BulkheadConfig.custom()
			.maxConcurrentCalls(properties.maxConcurrentCalls())
			.maxWaitDuration(properties.maxWait())
			.build();
		BulkheadRegistry registry = BulkheadRegistry.of(config);
		TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meterRegistry);
		return registry;
	}

	@Bean
	RedisGuard redisGuard(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
			ResilienceProperties properties) {
		CircuitBreaker breaker = breakers.circuitBreaker(REDIS);
		breaker.getEventPublisher()
			.onStateTransition((event) -> logger.warn("Redis circuit breaker " + event.getStateTransition()
					+ " (failure rate " + breaker.getMetrics().getFailureRate() + "%, slow call rate "
					+ breaker.getMetrics().getSlowCallRate() + "%)"));
		Bulkhead bulkhead = bulkheads.bulkhead(REDIS);
		long retryAfter = Math.max(1, properties.openDuration().toSeconds());
		return new RedisGuard(breaker, bulkhead, retryAfter);
	}

}
