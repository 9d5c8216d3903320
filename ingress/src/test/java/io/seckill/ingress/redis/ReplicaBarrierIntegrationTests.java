package io.seckill.ingress.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The replica barrier on the real test topology (one master, two replicas).
 */
class ReplicaBarrierIntegrationTests {

	private static SeckillRedis redis;

	@BeforeAll
	static void connect() {
		redis = TestRedis.connect();
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@Test
	void returnsOnceAReplicaHoldsTheWrite() {
		try (ReplicaBarrier barrier = barrier(1)) {
			long generation = barrier.generation();
			redis.sync().set(key(), "written");

			barrier.await(generation);
		}
	}

	@Test
	void refusesWhenTooFewReplicasAcknowledge() {
		try (ReplicaBarrier barrier = barrier(3)) {
			long generation = barrier.generation();
			redis.sync().set(key(), "written");

			assertThatExceptionOfType(ReplicaAckException.class).isThrownBy(() -> barrier.await(generation))
				.withMessageContaining("of 3 Redis replicas acknowledged");
		}
	}

	@Test
	void refusesAWriteMadeUnderAnotherMasterGeneration() {
		try (ReplicaBarrier barrier = barrier(1)) {
			long stale = barrier.generation() - 1;

			assertThatExceptionOfType(ReplicaAckException.class).isThrownBy(() -> barrier.await(stale))
				.withMessageContaining("master changed");
		}
	}

	@Test
	void concurrentCallersShareRounds() throws Exception {
		try (ReplicaBarrier barrier = barrier(1);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			long roundsBefore = rounds();
			List<Future<?>> calls = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				calls.add(callers.submit(() -> {
					long generation = barrier.generation();
					redis.sync().set(key(), "written");
					barrier.await(generation);
					return null;
				}));
			}
			for (Future<?> call : calls) {
				call.get();
			}
			long rounds = rounds() - roundsBefore;
			System.out.println("[replica barrier] 200 callers, " + rounds + " WAIT rounds");
			assertThat(rounds).isPositive().isLessThan(200);
		}
	}

	@Test
	void confirmsWhatACallersOwnConnectionWrote() {
		try (ReplicaBarrier barrier = barrier(1); var connection = redis.newConnection()) {
			connection.sync().set(key(), "written");

			barrier.confirmReplicated(connection.sync());
		}
	}

	private static ReplicaBarrier barrier(int replicas) {
		return new ReplicaBarrier(redis, replicas, Duration.ofMillis(300), new SimpleMeterRegistry());
	}

	private static long rounds() {
		String value = redis.sync().get(RedisKeys.REPLICATION_BARRIER);
		return (value != null) ? Long.parseLong(value) : 0;
	}

	private static String key() {
		return "barrier-test:" + UUID.randomUUID();
	}

}
