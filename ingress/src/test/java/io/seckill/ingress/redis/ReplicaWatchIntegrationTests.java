package io.seckill.ingress.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.SeckillRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reading the replica watch takes of the real test master (its replicas are killed
 * and brought back in system-tests' RedisSelfRepairIntegrationTests).
 */
class ReplicaWatchIntegrationTests {

	private static SeckillRedis redis;

	@BeforeAll
	static void connect() {
		redis = TestRedis.connect();
	}

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void readsTheTwoOnlineReplicasOfTheTestMaster() {
		ReplicaWatch.Reading reading = ReplicaWatch.masterOf(redis).get();

		assertThat(reading).isNotNull();
		assertThat(reading.address()).isEqualTo(redis.master().address());
		assertThat(reading.replicas()).hasSize(2).doesNotContain(reading.address().toString());
	}

}
