package io.seckill.common.redis;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up when the current master answers PING; reports which master answered.
 */
class RedisHealthIndicator extends AbstractHealthIndicator {

	private final SeckillRedis redis;

	RedisHealthIndicator(SeckillRedis redis) {
		super("Redis health check failed");
		this.redis = redis;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		RedisMaster master = this.redis.master();
		String pong = master.connection().sync().ping();
		builder.up()
			.withDetail("ping", pong)
			.withDetail("master", master.address().toString())
			.withDetail("generation", master.generation());
	}

}
