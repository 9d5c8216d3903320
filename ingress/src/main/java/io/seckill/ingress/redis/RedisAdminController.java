package io.seckill.ingress.redis;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.RedisMaster;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SentinelEvent;
import io.seckill.common.redis.SentinelEventLog;
import io.seckill.common.redis.Sentinels.SentinelView;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/redis} (admin scope): the master this ingress writes to, what
 * each sentinel sees, and the recent sentinel events.
 */
@RestController
class RedisAdminController {

	private final SeckillRedis redis;

	private final SentinelEventLog events;

	RedisAdminController(SeckillRedis redis, SentinelEventLog events) {
		this.redis = redis;
		this.events = events;
	}

	@GetMapping(path = "/api/admin/redis", produces = "application/json")
	RedisOverview overview() {
		RedisMaster master = this.redis.currentMaster();
		List<SentinelView> sentinels = this.redis.sentinels().describe();
		return new RedisOverview(this.redis.sentinels().masterName(),
				(master != null) ? master.address().toString() : null, (master != null) ? master.since() : null,
				this.redis.generation(), (master != null) ? master.fencedBecause() : null, this.events.failovers(),
				replicas(sentinels), sentinels, this.events.recent());
	}

	private static List<Replica> replicas(List<SentinelView> sentinels) {
		return sentinels.stream()
			.filter(SentinelView::reachable)
			.findFirst()
			.map((view) -> view.replicas().stream().map(RedisAdminController::replica).toList())
			.orElse(List.of());
	}

	private static Replica replica(Map<String, String> node) {
		return new Replica(node.get("ip") + ":" + node.get("port"), node.getOrDefault("flags", "?"),
				node.getOrDefault("master-link-status", "?"), node.getOrDefault("slave-repl-offset", "?"));
	}

	/**
	 * The Redis topology as this ingress sees it.
	 *
	 * @param masterName the name the sentinels monitor
	 * @param master the master this ingress writes to, if it found one
	 * @param masterSince since when
	 * @param generation changes with every switch and fence
	 * @param fenced why writes are held back, while a failover is in progress
	 * @param failovers master switches this ingress followed since it started
	 * @param replicas the replicas, as the first sentinel that answered lists them
	 * @param sentinels each sentinel's view
	 * @param events recent sentinel events and what this ingress did, oldest first
	 */
	record RedisOverview(String masterName, @Nullable String master, @Nullable Instant masterSince, long generation,
			@Nullable String fenced, long failovers, List<Replica> replicas, List<SentinelView> sentinels,
			List<SentinelEvent> events) {
	}

	/**
	 * A replica as the sentinels list it.
	 *
	 * @param address {@code ip:port}
	 * @param flags the sentinel's flags, e.g. {@code slave} or {@code s_down,slave}
	 * @param link its replication link to the master
	 * @param offset replication offset it reported
	 */
	record Replica(String address, String flags, String link, String offset) {
	}

}
