package io.seckill.ingress.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PurchaseLatencyUnitTests {

	private final PurchaseLatency latency = new PurchaseLatency(new SimpleMeterRegistry());

	@Test
	void quantilesCoverOnlyTheCallsSinceTheEarlierHistogram() {
		record(100, 400);
		PurchaseLatency.Histogram earlier = this.latency.histogram();
		record(98, 3);
		record(2, 40);

		PurchaseLatency.Histogram now = this.latency.histogram();

		// 98 calls at 3 ms fall in the (2, 5] bucket: the median interpolates inside it.
		assertThat(now.quantileSince(earlier, 0.50)).isCloseTo(2 + 3 * (50.0 / 98), within(0.01));
		assertThat(now.quantileSince(earlier, 0.99)).isCloseTo(25 + 25 * 0.5, within(0.01));
	}

	@Test
	void noQuantileWithoutCallsInBetween() {
		record(10, 3);
		PurchaseLatency.Histogram histogram = this.latency.histogram();

		assertThat(histogram.quantileSince(histogram, 0.5)).isNull();
	}

	@Test
	void callsAboveTheLastBucketReportItsBound() {
		PurchaseLatency.Histogram earlier = this.latency.histogram();
		record(1, 9000);

		assertThat(this.latency.histogram().quantileSince(earlier, 0.99)).isEqualTo(5000.0);
	}

	private void record(int calls, long millis) {
		for (int i = 0; i < calls; i++) {
			this.latency.record(TimeUnit.MILLISECONDS.toNanos(millis), 202);
		}
	}

}
