package io.seckill.ingress.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

/**
 * {@code seckill_purchase_latency_seconds}: time the ingress spends on a purchase call,
 * from the first filter to the answer, refusals included. Fixed buckets (1 ms to 5 s) so
 * percentiles can be computed across instances
 * ({@code histogram_quantile(0.99, sum by (le) (rate(..._bucket[1m])))}). Also
 * {@code seckill_purchase_answers_total{status}}: purchase calls by HTTP status, which
 * counts what {@code seckill_purchases_total} cannot (503 while Redis is unavailable,
 * 401, 400).
 */
public class PurchaseLatency {

	static final String METRIC = "seckill.purchase.latency";

	private static final Duration[] BUCKETS = { Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
			Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
			Duration.ofSeconds(5) };

	static final String ANSWERS_METRIC = "seckill.purchase.answers";

	private final Timer timer;

	private final MeterRegistry meters;

	private final Map<Integer, Counter> answers = new ConcurrentHashMap<>();

	PurchaseLatency(MeterRegistry meters) {
		this.meters = meters;
		this.timer = Timer.builder(METRIC)
			.description("Purchase calls as the ingress answered them, refusals included")
			.serviceLevelObjectives(BUCKETS)
			.register(meters);
	}

	/**
	 * Records one purchase call.
	 * @param nanos how long the ingress took to answer it
	 * @param status the HTTP status it answered
	 */
	public void record(long nanos, int status) {
		this.timer.record(nanos, TimeUnit.NANOSECONDS);
		this.answers.computeIfAbsent(status, this::answerCounter).increment();
	}

	/**
	 * Purchase calls answered with a status so far.
	 * @param status an HTTP status
	 * @return the count
	 */
	long answered(int status) {
		Counter counter = this.answers.get(status);
		return (counter != null) ? (long) counter.count() : 0;
	}

	private Counter answerCounter(int status) {
		return Counter.builder(ANSWERS_METRIC)
			.description("Purchase calls by HTTP status")
			.tag("status", Integer.toString(status))
			.register(this.meters);
	}

	/**
	 * The histogram so far: bucket upper bounds in milliseconds and the cumulative count
	 * of calls at or below each, plus the total.
	 * @return the counts
	 */
	Histogram histogram() {
		CountAtBucket[] counts = this.timer.takeSnapshot().histogramCounts();
		double[] bounds = new double[counts.length];
		double[] cumulative = new double[counts.length];
		for (int i = 0; i < counts.length; i++) {
			bounds[i] = counts[i].bucket(TimeUnit.MILLISECONDS);
			cumulative[i] = counts[i].count();
		}
		return new Histogram(bounds, cumulative, this.timer.count());
	}

	/**
	 * Cumulative bucket counts.
	 *
	 * @param boundsMillis upper bounds, ascending
	 * @param cumulative calls at or below each bound
	 * @param total all calls, including those above the last bound
	 */
	record Histogram(double[] boundsMillis, double[] cumulative, long total) {

		/**
		 * The calls recorded between an earlier histogram and this one, at a quantile,
		 * interpolated linearly inside its bucket as Prometheus'
		 * {@code histogram_quantile} does.
		 * @param earlier the histogram of the previous sample
		 * @param quantile e.g. {@code 0.99}
		 * @return milliseconds, or {@code null} when no call was recorded in between
		 */
		Double quantileSince(Histogram earlier, double quantile) {
			long calls = this.total - earlier.total;
			if (calls <= 0 || earlier.cumulative.length != this.cumulative.length) {
				return null;
			}
			double rank = quantile * calls;
			double below = 0;
			double lowerBound = 0;
			for (int i = 0; i < this.cumulative.length; i++) {
				double atOrBelow = this.cumulative[i] - earlier.cumulative[i];
				if (atOrBelow >= rank) {
					double inBucket = atOrBelow - below;
					double fraction = (inBucket > 0) ? (rank - below) / inBucket : 1;
					return lowerBound + (this.boundsMillis[i] - lowerBound) * fraction;
				}
				below = atOrBelow;
				lowerBound = this.boundsMillis[i];
			}
			// Above the last bucket: all that can be said is "more than its bound".
			return lowerBound;
		}

	}

}
