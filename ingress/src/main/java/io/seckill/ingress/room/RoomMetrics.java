package io.seckill.ingress.room;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Each waiting room's figures for operators, per sale (tag {@code sale}), from the
 * ticker's last round: {@code seckill.room.waiting}, {@code seckill.room.admitted} (a
 * counter: admitted per second is its rate), {@code seckill.room.rate},
 * {@code seckill.room.last.wait} (seconds until the last in line is admitted) and
 * {@code seckill.room.abandoned}.
 */
@Component
public class RoomMetrics {

	private final MeterRegistry meters;

	private final Map<String, RoomTick> latest = new ConcurrentHashMap<>();

	private final Map<String, List<Meter>> registered = new ConcurrentHashMap<>();

	RoomMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	void record(RoomTick tick) {
		this.latest.put(tick.saleId(), tick);
		this.registered.computeIfAbsent(tick.saleId(), this::register);
	}

	void end(String saleId) {
		List<Meter> meters = this.registered.remove(saleId);
		if (meters != null) {
			meters.forEach(this.meters::remove);
		}
		this.latest.remove(saleId);
	}

	/**
	 * The rooms as last seen, for the dashboard.
	 * @return one row per open waiting room, by sale id
	 */
	public List<WaitingRoomFigures> figures() {
		return this.latest.values()
			.stream()
			.sorted(Comparator.comparing(RoomTick::saleId))
			.map((tick) -> new WaitingRoomFigures(tick.saleId(), tick.waiting(), tick.served(), tick.ratePerSecond(),
					tick.lastInLineSeconds(), tick.abandoned()))
			.toList();
	}

	private List<Meter> register(String saleId) {
		return List.of(gauge(saleId, "seckill.room.waiting", "Shoppers in a waiting room's line", RoomTick::waiting),
				FunctionCounter
					.builder("seckill.room.admitted", this, (metrics) -> metrics.value(saleId, RoomTick::served))
					.description("Shoppers a waiting room admitted")
					.tag("sale", saleId)
					.register(this.meters),
				gauge(saleId, "seckill.room.rate", "Shoppers a waiting room admits per second",
						RoomTick::ratePerSecond),
				gauge(saleId, "seckill.room.last.wait", "Seconds until the last in line is admitted",
						RoomTick::lastInLineSeconds),
				gauge(saleId, "seckill.room.abandoned", "Admitted tickets whose window passed without a purchase",
						RoomTick::abandoned));
	}

	private Gauge gauge(String saleId, String name, String description, ToDoubleFunction<RoomTick> value) {
		return Gauge.builder(name, this, (metrics) -> metrics.value(saleId, value))
			.description(description)
			.tag("sale", saleId)
			.register(this.meters);
	}

	private double value(String saleId, ToDoubleFunction<RoomTick> value) {
		RoomTick tick = this.latest.get(saleId);
		return (tick != null) ? value.applyAsDouble(tick) : Double.NaN;
	}

}
