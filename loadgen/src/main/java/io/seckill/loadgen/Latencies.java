package io.seckill.loadgen;

import java.util.Arrays;

/**
 * Exact percentiles over every recorded latency. A sorted copy of all samples is plenty
 * for a few hundred thousand requests and needs no histogram library.
 */
final class Latencies {

	private static final double NANOS_PER_MILLI = 1_000_000.0;

	private final long[] sorted;

	private Latencies(long[] sorted) {
		this.sorted = sorted;
	}

	static Latencies of(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return new Latencies(sorted);
	}

	int count() {
		return this.sorted.length;
	}

	/**
	 * Nearest-rank percentile: the smallest sample with at least {@code percent}% of all
	 * samples at or below it.
	 * @param percent between 0 (exclusive) and 100 (inclusive)
	 * @return the sample, or 0 when there are none
	 */
	long percentile(double percent) {
		if (!(percent > 0 && percent <= 100)) {
			throw new IllegalArgumentException("percent must be in (0, 100], not " + percent);
		}
		if (this.sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(percent / 100.0 * this.sorted.length);
		return this.sorted[Math.max(rank, 1) - 1];
	}

	long max() {
		return (this.sorted.length != 0) ? this.sorted[this.sorted.length - 1] : 0;
	}

	Summary summaryMillis() {
		return new Summary(millis(percentile(50)), millis(percentile(90)), millis(percentile(99)),
				millis(percentile(99.9)), millis(max()));
	}

	private static double millis(long nanos) {
		return Math.round(nanos / NANOS_PER_MILLI * 100) / 100.0;
	}

	/**
	 * Latency figures in milliseconds, rounded to hundredths.
	 *
	 * @param p50 median
	 * @param p90 90th percentile
	 * @param p99 99th percentile
	 * @param p999 99.9th percentile
	 * @param max slowest request
	 */
	record Summary(double p50, double p90, double p99, double p999, double max) {
	}

}
