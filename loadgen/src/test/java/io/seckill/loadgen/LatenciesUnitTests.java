package io.seckill.loadgen;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LatenciesUnitTests {

	@Test
	void percentilesUseNearestRank() {
		Latencies latencies = Latencies.of(LongStream.rangeClosed(1, 100).map((i) -> 101 - i).toArray());

		assertThat(latencies.percentile(50)).isEqualTo(50);
		assertThat(latencies.percentile(90)).isEqualTo(90);
		assertThat(latencies.percentile(99)).isEqualTo(99);
		assertThat(latencies.percentile(99.9)).isEqualTo(100);
		assertThat(latencies.percentile(100)).isEqualTo(100);
		assertThat(latencies.max()).isEqualTo(100);
	}

	@Test
	void smallPercentileOfFewSamplesIsTheSmallestSample() {
		Latencies latencies = Latencies.of(new long[] { 30, 10, 20 });

		assertThat(latencies.percentile(1)).isEqualTo(10);
		assertThat(latencies.percentile(50)).isEqualTo(20);
		assertThat(latencies.percentile(99.9)).isEqualTo(30);
	}

	@Test
	void noSamplesGiveZero() {
		Latencies latencies = Latencies.of(new long[0]);

		assertThat(latencies.percentile(99)).isZero();
		assertThat(latencies.max()).isZero();
		assertThat(latencies.count()).isZero();
	}

	@Test
	void doesNotReorderTheCallersSamples() {
		long[] samples = { 3, 1, 2 };

		Latencies.of(samples);

		assertThat(samples).containsExactly(3, 1, 2);
	}

	@Test
	void summaryIsInMillisecondsRoundedToHundredths() {
		Latencies latencies = Latencies.of(new long[] { 1_234_567, 2_000_000, 9_999_999 });

		assertThat(latencies.summaryMillis()).isEqualTo(new Latencies.Summary(2.0, 10.0, 10.0, 10.0, 10.0));
		assertThat(Latencies.of(new long[] { 1_234_567 }).summaryMillis().p50()).isEqualTo(1.23);
	}

	@Test
	void refusesPercentOutsideTheRange() {
		Latencies latencies = Latencies.of(new long[] { 1 });

		assertThatIllegalArgumentException().isThrownBy(() -> latencies.percentile(0));
		assertThatIllegalArgumentException().isThrownBy(() -> latencies.percentile(100.1));
	}

}
