package io.seckill.ingress.redis;

import java.time.Duration;
import java.util.List;

import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SeckillRedisProperties;

/**
 * The test Redis topology that {@code ./seckill test} starts, found through its
 * sentinels.
 */
public final class TestRedis {

	private TestRedis() {
	}

	public static SeckillRedisProperties properties() {
		String sentinels = System.getenv()
			.getOrDefault("SECKILL_TEST_SENTINELS", "127.0.0.1:26390,127.0.0.1:26391,127.0.0.1:26392");
		String master = System.getenv().getOrDefault("SECKILL_TEST_REDIS_MASTER", "seckill-test");
		return new SeckillRedisProperties(List.of(sentinels.split(",")), master, null, Duration.ofSeconds(2),
				Duration.ofMinutes(10));
	}

	public static SeckillRedis connect() {
		return new SeckillRedis(properties());
	}

	/**
	 * A replica barrier for tests of other packages.
	 * @param redis the connection
	 * @param replicas replicas that must acknowledge (the test topology has two)
	 * @param timeout how long to wait for them
	 * @return the barrier, to close
	 */
	public static ReplicaBarrier replicaBarrier(SeckillRedis redis, int replicas, Duration timeout) {
		return new ReplicaBarrier(redis, replicas, timeout,
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
	}

}
