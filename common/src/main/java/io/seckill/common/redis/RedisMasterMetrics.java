package io.seckill.common.redis;

import java.util.List;
import java.util.Objects;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code seckill_redis_master_info{master="host:port"} 1}: the master this process writes
 * to, in the Prometheus "info" style, so a failover shows as the label changing (and
 * {@code seckill_redis_failovers_total} counting). No series while no master is known.
 * Refreshed once a second from memory; it never calls Redis.
 */
class RedisMasterMetrics {

	static final String METRIC = "seckill.redis.master.info";

	private final SeckillRedis redis;

	private final MultiGauge info;

	private @Nullable String shown = "";

	RedisMasterMetrics(SeckillRedis redis, MeterRegistry meters) {
		this.redis = redis;
		this.info = MultiGauge.builder(METRIC)
			.description("The Redis master this process writes to (always 1; the master is the label)")
			.register(meters);
		refresh();
	}

	// Rows are replaced only when the master changes: re-registering a meter while a
	// scrape reads the registry can make that scrape see it twice and fail.
	@Scheduled(fixedRate = 1000)
	synchronized void refresh() {
		RedisMaster master = this.redis.currentMaster();
		String address = (master != null) ? master.address().toString() : null;
		if (Objects.equals(address, this.shown)) {
			return;
		}
		this.shown = address;
		this.info.register((address != null) ? List.of(MultiGauge.Row.of(Tags.of("master", address), 1)) : List.of(),
				false);
	}

}
