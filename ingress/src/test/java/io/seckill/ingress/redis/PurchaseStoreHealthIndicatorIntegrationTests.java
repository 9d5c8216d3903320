package io.seckill.ingress.redis;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.SeckillRedis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness means "can take a purchase" (issue 12 item 5): a master that answers PING but
 * refuses writes for want of replicas takes the ingress out of the load balancer.
 */
class PurchaseStoreHealthIndicatorIntegrationTests {

	private static SeckillRedis redis;

	private static ReplicaBarrier replicas;

	private static PurchaseStoreHealthIndicator indicator;

	@BeforeAll
	static void connect() {
		redis = TestRedis.connect();
		replicas = new ReplicaBarrier(redis, 1, Duration.ofMillis(500), new SimpleMeterRegistry());
		indicator = new PurchaseStoreHealthIndicator(redis, replicas, Duration.ofSeconds(2));
	}

	@AfterAll
	static void disconnect() {
		replicas.close();
		redis.close();
	}

	@Test
	void masterThatRefusesWritesIsNotReadyAndSaysWhy() {
		assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
		Map<String, String> before = redis.sync().configGet("min-replicas-to-write");
		try {
			// Three replicas required, two connected: every write is refused, PING is
			// not.
			redis.sync().configSet("min-replicas-to-write", "3");
			assertThat(redis.sync().ping()).isEqualTo("PONG");

			Health refused = indicator.health(true);

			assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
			assertThat(String.valueOf(refused.getDetails().get("error"))).contains("NOREPLICAS");
		}
		finally {
			redis.sync().configSet("min-replicas-to-write", before.get("min-replicas-to-write"));
		}
		assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
	}

}
