package io.seckill.ingress.resilience;

import java.util.concurrent.TimeUnit;

import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.seckill.common.redis.SeckillRedis;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resilience4j's breaker around Redis and the admission limit in front of it; breaker
 * state and transitions become metrics ({@code resilience4j_circuitbreaker_state}) and
 * log lines, admission becomes {@code seckill_admission_*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResilienceProperties.class)
class ResilienceConfiguration {

	private static final Log logger = LogFactory.getLog(ResilienceConfiguration.class);

	static final String REDIS = "redis";

	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry(ResilienceProperties properties, MeterRegistry meterRegistry) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.failureRateThreshold(properties.failureRateThreshold())
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(properties.windowSize())
			.minimumNumberOfCalls(properties.minimumCalls())
			.waitDurationInOpenState(properties.openDuration())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.permittedNumberOfCallsInHalfOpenState(properties.halfOpenCalls())
			// A probe that never answers (sent to a frozen node) must not hold the
			// half-open breaker, and everybody else's 503, longer than a timeout.
			.maxWaitDurationInHalfOpenState(properties.openDuration())
			.recordExceptions(RedisException.class)
			.build();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meterRegistry);
		return registry;
	}

	@Bean
	Gradient2Limit redisLimit(ResilienceProperties properties) {
		ResilienceProperties.Admission settings = properties.admission();
		return Gradient2Limit.newBuilder()
			.initialLimit(settings.initialLimit())
			.minLimit(settings.minLimit())
			.maxConcurrency(settings.maxLimit())
			.build();
	}

	/**
	 * What admission control measures the purchase path can serve: the limit over the
	 * round trip it sees without load (a waiting room's "automatic" rate, issue 11).
	 */
	@Bean
	SustainableRate sustainableRate(Gradient2Limit limit) {
		return new SustainableRate(limit::getLimit, () -> limit.getRttNoLoad(TimeUnit.NANOSECONDS));
	}

	@Bean
	Admission admission(ResilienceProperties properties, Gradient2Limit limit, MeterRegistry meters) {
		ResilienceProperties.Admission settings = properties.admission();
		Admission admission = new Admission(SimpleLimiter.newBuilder().named(REDIS).limit(limit).build(),
				settings.maxQueue(), settings.maxWait());
		Gauge.builder("seckill.admission.limit", admission, Admission::limit)
			.description("Purchase calls allowed in flight to Redis now (adaptive)")
			.register(meters);
		Gauge.builder("seckill.admission.inflight", admission, Admission::inFlight)
			.description("Purchase calls in flight to Redis")
			.register(meters);
		Gauge.builder("seckill.admission.queued", admission, Admission::queued)
			.description("Purchase calls waiting for a place in flight")
			.register(meters);
		FunctionCounter.builder("seckill.admission.shed", admission, Admission::shed)
			.description("Purchase calls answered 503 because no place came free in time")
			.register(meters);
		return admission;
	}

	@Bean
	RedisGuard redisGuard(CircuitBreakerRegistry breakers, Admission admission, SeckillRedis redis,
			ResilienceProperties properties, MeterRegistry meters) {
		CircuitBreaker breaker = breakers.circuitBreaker(REDIS);
		breaker.getEventPublisher().onStateTransition((event) -> {
			logger.warn("Redis circuit breaker " + event.getStateTransition() + " (failure rate "
					+ breaker.getMetrics().getFailureRate() + "%)");
			// Counted, so a report can say how often it moved (none on a healthy system).
			meters
				.counter("seckill.redis.breaker.transitions", "from", event.getStateTransition().getFromState().name(),
						"to", event.getStateTransition().getToState().name())
				.increment();
		});
		long retryAfter = Math.max(1, properties.openDuration().toSeconds());
		return new RedisGuard(breaker, admission, redis::generation, retryAfter);
	}

}
