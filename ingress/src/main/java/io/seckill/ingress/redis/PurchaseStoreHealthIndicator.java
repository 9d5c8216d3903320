package io.seckill.ingress.redis;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.RedisMaster;
import io.seckill.common.redis.SeckillRedis;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up when a purchase could be accepted now: the master takes a write and a replica holds
 * it in time, exactly the two steps a purchase needs before its {@code 202}. A master
 * that answers {@code PING} may still refuse every write (no replica connected and
 * {@code min-replicas-to-write}, a demoted node, out of memory), and an ingress in front
 * of it must leave the load balancer then (issue 12 item 5): the readiness group of the
 * ingress includes this check.
 */
class PurchaseStoreHealthIndicator extends AbstractHealthIndicator {

	private final SeckillRedis redis;

	private final ReplicaBarrier replicas;

	private final Duration timeout;

	PurchaseStoreHealthIndicator(SeckillRedis redis, ReplicaBarrier replicas, Duration timeout) {
		super("The purchase store cannot take a purchase");
		this.redis = redis;
		this.replicas = replicas;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		RedisMaster master = this.redis.master();
		long generation = master.generation();
		try {
			master.connection()
				.async()
				.set(RedisKeys.HEALTH_PROBE, Long.toString(System.currentTimeMillis()))
				.toCompletableFuture()
				.thenCompose((written) -> this.replicas.awaitAsync(generation))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			builder.down().withDetail("master", master.address().toString()).withDetail("error", cause.getMessage());
			return;
		}
		builder.up().withDetail("master", master.address().toString());
	}

}
