package io.seckill.ingress.metrics;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GaugeRowsUnitTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final GaugeRows rows = new GaugeRows("seckill.test", "test", this.meters);

	@Test
	void updatesValuesInTheSameMeters() {
		this.rows.update(Map.of(Tags.of("sale", "a"), 10L));
		Gauge first = gauge("a");

		this.rows.update(Map.of(Tags.of("sale", "a"), 7L));

		assertThat(gauge("a")).isSameAs(first);
		assertThat(first.value()).isEqualTo(7);
	}

	@Test
	void dropsSeriesThatAreGoneAndAddsNewOnes() {
		this.rows.update(Map.of(Tags.of("sale", "a"), 1L));

		this.rows.update(Map.of(Tags.of("sale", "b"), 2L));

		assertThat(this.meters.find("seckill.test").tag("sale", "a").gauge()).isNull();
		assertThat(gauge("b").value()).isEqualTo(2);
	}

	private Gauge gauge(String sale) {
		return this.meters.get("seckill.test").tag("sale", sale).gauge();
	}

}
