package io.seckill.ingress.purchase;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Purchase attempts one shopper may make, checked inside {@code purchase.lua} in the same
 * round trip as the purchase, so it holds across every ingress instance. A bot with one
 * account gets no more tries at the stock than a person pressing "buy"; replays of an
 * accepted purchase (same Idempotency-Key) are not counted.
 *
 * @param requestsPerSecond sustained attempts per shopper; {@code 0} turns the limit off
 * @param burst attempts a shopper may make at once
 */
@Validated
@ConfigurationProperties("seckill.rate-limit.user")
record UserRateLimitProperties(@DefaultValue("5") @DecimalMin("0") double requestsPerSecond,
		@DefaultValue("10") @Min(1) int burst) {

	/**
	 * Milliseconds between two attempts at the sustained rate, as the script wants it.
	 * @return the interval, {@code 0} when the limit is off
	 */
	double intervalMillis() {
		return (this.requestsPerSecond > 0) ? 1000.0 / this.requestsPerSecond : 0;
	}

}
