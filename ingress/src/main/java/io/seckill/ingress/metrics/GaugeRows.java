package io.seckill.ingress.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * A gauge with one series per label set, the set changing over time (sales come and go).
 * Values live in holders the series read, so an update of values touches no meter; the
 * series are re-registered only when the label sets change. Re-registering every tick
 * would race with scrapes: a scrape reading the registry while a meter is removed and
 * added again can see it twice and fail whole.
 */
class GaugeRows {

	private final MultiGauge gauge;

	private final Map<Tags, AtomicLong> values = new ConcurrentHashMap<>();

	GaugeRows(String name, String description, MeterRegistry meters) {
		this.gauge = MultiGauge.builder(name).description(description).register(meters);
	}

	synchronized void update(Map<Tags, Long> current) {
		Set<Tags> before = Set.copyOf(this.values.keySet());
		current.forEach((tags, value) -> this.values.computeIfAbsent(tags, (key) -> new AtomicLong()).set(value));
		this.values.keySet().retainAll(current.keySet());
		if (!before.equals(current.keySet())) {
			List<MultiGauge.Row<?>> rows = this.values.entrySet()
				.stream().<MultiGauge
						.Row<?>>map((entry) -> MultiGauge.Row.of(entry.getKey(), entry.getValue(), AtomicLong::get))
				.toList();
			this.gauge.register(rows, false);
		}
	}

}
