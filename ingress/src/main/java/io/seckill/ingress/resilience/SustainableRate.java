package io.seckill.ingress.resilience;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The purchase rate this ingress sustains without shedding, as admission control measures
 * it: calls allowed in flight over the round trip they take without load (Little's law).
 * A waiting room with the "automatic" rate admits shoppers at this pace (issue 11).
 */
public final class SustainableRate {

	private final IntSupplier limit;

	private final LongSupplier rttNoLoadNanos;

	SustainableRate(IntSupplier limit, LongSupplier rttNoLoadNanos) {
		this.limit = limit;
		this.rttNoLoadNanos = rttNoLoadNanos;
	}

	/**
	 * Purchases per second; until a round trip was measured, the given fallback.
	 * @param fallback the rate to use before any measurement
	 * @return purchases per second
	 */
	public double perSecond(double fallback) {
		long rtt = this.rttNoLoadNanos.getAsLong();
		if (rtt <= 0) {
			return fallback;
		}
		return this.limit.getAsInt() * 1e9 / rtt;
	}

}
