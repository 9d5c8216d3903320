package io.seckill.ingress.resilience;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The breaker around Redis on the request path, tuned for a Sentinel failover of a few
 * seconds (trip fast, probe again soon), and admission control in front of the purchase
 * path's Redis calls.
 *
 * @param failureRateThreshold percent of failed calls that opens the breaker
 * @param windowSize calls in the sliding window
 * @param minimumCalls calls needed before the rate is judged
 * @param openDuration how long the breaker stays open before probing; also Retry-After
 * @param halfOpenCalls calls let through to probe a half-open breaker
 * @param admission admission control
 */
@Validated
@ConfigurationProperties("seckill.resilience.redis")
record ResilienceProperties(@DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
		@DefaultValue("50") @Min(1) int windowSize, @DefaultValue("20") @Min(1) int minimumCalls,
		@DefaultValue("2s") Duration openDuration, @DefaultValue("10") @Min(1) int halfOpenCalls,
		@Valid @DefaultValue Admission admission) {

	/**
	 * Admission control: the adaptive limit on purchase calls in flight to Redis, and the
	 * queue in front of it.
	 *
	 * @param initialLimit calls in flight allowed at start
	 * @param minLimit the limit never goes below (128: a burst's first thousand requests
	 * inflate every round trip on shared cores, and the gradient then cut the limit to
	 * 16-20, queueing the burst in front of a Redis that had capacity to spare; measured
	 * in docs/scaling.md, eighth pass)
	 * @param maxLimit the limit never goes above
	 * @param maxQueue most calls waiting for a place; beyond, {@code 503} at once
	 * @param maxWait longest a call waits for a place before {@code 503}
	 */
	record Admission(@DefaultValue("128") @Min(1) int initialLimit, @DefaultValue("128") @Min(1) int minLimit,
			@DefaultValue("512") @Min(1) int maxLimit, @DefaultValue("20000") @Min(0) int maxQueue,
			@DefaultValue("2s") Duration maxWait) {
	}

}
