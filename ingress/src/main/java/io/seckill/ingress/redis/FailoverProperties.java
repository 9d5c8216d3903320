package io.seckill.ingress.redis;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the ingress keeps accepted purchases through a Redis failover.
 *
 * @param durability the replica barrier before a {@code 202}
 * @param reconcile what is checked against the database after a master switch
 * @param alerts who is told about a failover
 */
@Validated
@ConfigurationProperties("seckill.failover")
record FailoverProperties(@DefaultValue @Valid Durability durability, @DefaultValue @Valid Reconcile reconcile,
		@DefaultValue @Valid Alerts alerts) {

	/**
	 * The replica barrier ({@code WAIT}).
	 *
	 * @param replicas replicas that must hold an accepted purchase before it is answered
	 * {@code 202}; 0 answers without waiting
	 * @param timeout how long to wait for them before answering {@code 503}; below
	 * {@code seckill.redis.timeout}
	 */
	record Durability(@DefaultValue("1") @Min(0) @Max(5) int replicas, @DefaultValue("500ms") Duration timeout) {
	}

	/**
	 * Reconciliation after a master switch.
	 *
	 * @param ledgerWindow how long this ingress remembers the purchases it answered
	 * {@code 202}, to put back any that the new master lacks
	 * @param ledgerCapacity at most this many remembered purchases
	 * @param lookback database decisions this old are replayed into Redis
	 * @param again a second pass this long after the switch, for decisions that were in
	 * flight during it
	 * @param retryDelay wait before retrying a pass that failed (Redis refusing writes,
	 * the database unreachable), doubled after each further failure
	 * @param retryMaxDelay the longest wait between retries; a pass is retried until it
	 * succeeds
	 */
	record Reconcile(@DefaultValue("60s") Duration ledgerWindow,
			@DefaultValue("200000") @Min(1) @Max(10_000_000) int ledgerCapacity, @DefaultValue("2m") Duration lookback,
			@DefaultValue("15s") Duration again, @DefaultValue("1s") Duration retryDelay,
			@DefaultValue("30s") Duration retryMaxDelay) {

		Reconcile {
			if (retryDelay.isNegative() || retryDelay.isZero() || retryMaxDelay.compareTo(retryDelay) < 0) {
				throw new IllegalArgumentException("seckill.failover.reconcile.retry-delay (" + retryDelay
						+ ") must be positive and at most seckill.failover.reconcile.retry-max-delay (" + retryMaxDelay
						+ ")");
			}
		}

	}

	/**
	 * Failover notices.
	 *
	 * @param webhook http(s) URL that receives a JSON notice per failover and per missing
	 * or restored Redis replica; none when empty
	 * @param timeout how long one notice may take
	 */
	record Alerts(@Nullable String webhook, @DefaultValue("5s") Duration timeout) {
	}

}
