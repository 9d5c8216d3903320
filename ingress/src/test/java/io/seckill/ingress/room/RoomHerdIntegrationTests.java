package io.seckill.ingress.room;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SeckillRedisProperties;
import io.seckill.ingress.redis.ReplicaBarrier;
import io.seckill.ingress.redis.TestRedis;
import io.seckill.ingress.resilience.TestGuards;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A waiting room moves many shoppers at once (the opening, a sold-out, a burst of
 * arrivals): their ticket reads, on the real test Redis with the production command
 * timeout and breaker settings, must not open the Redis circuit breaker. Before
 * {@link RoomCalls}, every read went out at once and the last ones of the herd timed out
 * in the queue of our own calls, which the breaker counted as a failing Redis.
 */
class RoomHerdIntegrationTests {

	private static final int READS = 40_000;

	private static SeckillRedis redis;

	private static ReplicaBarrier replicas;

	private static TestRooms rooms;

	private final String saleId = "herd-" + UUID.randomUUID().toString().substring(0, 8);

	/** As ResilienceConfiguration builds it with the default settings. */
	private final CircuitBreaker breaker = CircuitBreaker.of("redis",
			CircuitBreakerConfig.custom()
				.failureRateThreshold(50)
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(50)
				.minimumNumberOfCalls(20)
				.waitDurationInOpenState(Duration.ofSeconds(2))
				.recordExceptions(RedisException.class)
				.build());

	@BeforeAll
	static void connect() {
		SeckillRedisProperties test = TestRedis.properties();
		// The production default command timeout (seckill.redis.timeout).
		redis = new SeckillRedis(new SeckillRedisProperties(test.sentinels(), test.masterName(), null,
				Duration.ofSeconds(1), test.purchaseTtl()));
		rooms = new TestRooms(redis);
		replicas = TestRedis.replicaBarrier(redis, 1, Duration.ofSeconds(2));
	}

	@AfterAll
	static void disconnect() {
		replicas.close();
		redis.close();
	}

	@AfterEach
	void removeRoom() {
		rooms.remove(this.saleId);
	}

	@Test
	void aHerdOfTicketReadsDoesNotOpenTheBreaker() {
		rooms.load(this.saleId, 10, Instant.now().minusMillis(1), 1, Duration.ofMinutes(5), Duration.ofMinutes(2));
		String ticket = rooms.arrive(this.saleId, "u1");
		WaitingRoomController controller = new WaitingRoomController(
				new RoomService(new RoomScripts(redis), new RoomEvents(), TestGuards.of(this.breaker), replicas,
						Clock.systemUTC()),
				new WaitingRoomProperties(Duration.ofMillis(250), Duration.ofSeconds(30), 50), Clock.systemUTC());
		List<String> transitions = new ArrayList<>();
		this.breaker.getEventPublisher()
			.onStateTransition((event) -> transitions.add(event.getStateTransition().toString()));

		List<CompletableFuture<TicketView>> reads = new ArrayList<>();
		for (int i = 0; i < READS; i++) {
			reads.add(controller.ticket(this.saleId, ticket, null, shopper("u1")).toFuture());
		}
		await().atMost(Duration.ofMinutes(2)).until(() -> reads.stream().allMatch(CompletableFuture::isDone));

		// A call may still time out on a starved machine (Redis or this JVM without a
		// core for a second): what must not happen is the herd itself opening the
		// breaker.
		long failed = reads.stream().filter(CompletableFuture::isCompletedExceptionally).count();
		assertThat(transitions).as("breaker transitions (%d of %d reads failed)", failed, READS).isEmpty();
	}

	private static Jwt shopper(String userId) {
		return Jwt.withTokenValue("t").header("alg", "none").subject(userId).build();
	}

}
