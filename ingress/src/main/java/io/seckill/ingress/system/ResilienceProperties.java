package io.seckill.ingress.system;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Breaker and bulkhead around Redis on the hot path, tuned for a Sentinel failover of a
 * few seconds: trip fast, probe again soon.
 *
 * @param failureRateThreshold percent of failed calls that opens the breaker
 * @param slowCallThreshold a call slower than this counts as slow
 * @param slowCallRateThreshold percent of slow calls that opens the breaker
 * @param windowSize calls in the sliding window
 * @param minimumCalls calls needed before rates are judged
 * @param openDuration how long the breaker stays open before probing; also Retry-After
 * @param maxConcurrentCalls bulkhead: Redis calls in flight at once. Small on purpose: a
 * call's measured time includes waiting for a CPU after Redis answered, so letting every
 * request in at once on a small box makes healthy calls look slow and trips the breaker
 * @param maxWait bulkhead: how long a call may wait for a slot (not counted as slow)
 */
@Validated
@ConfigurationProperties("seckill.resilience.redis")
record ResilienceProperties(@DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
		@DefaultValue("1s") Duration slowCallThreshold,
		@DefaultValue("100") @Min(1) @Max(100) int slowCallRateThreshold, @DefaultValue("50") @Min(1) int windowSize,
		@DefaultValue("20") @Min(1) int minimumCalls, @DefaultValue("2s") Duration openDuration,
		@DefaultValue("64") @Min(1) int maxConcurrentCalls, @DefaultValue("2s") Duration maxWait) {
}
