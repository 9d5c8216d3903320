package io.seckill.ingress.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.RedisFencedException;
import io.seckill.ingress.redis.ReplicaAckException;
import io.seckill.ingress.web.ApiException;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RedisGuardUnitTests {

	private final AtomicLong generation = new AtomicLong(1);

	private final CircuitBreaker breaker = CircuitBreaker.of("redis",
			CircuitBreakerConfig.custom()
				.slidingWindowSize(10)
				.minimumNumberOfCalls(5)
				.failureRateThreshold(50)
				.waitDurationInOpenState(Duration.ofSeconds(2))
				.recordExceptions(RedisException.class)
				.build());

	private final RedisGuard guard = new RedisGuard(this.breaker,
			new Admission(SimpleLimiter.newBuilder().limit(FixedLimit.of(100)).build(), 10, Duration.ofSeconds(1)),
			this.generation::get, 2);

	@Test
	void redisFailureBecomes503WithRetryAfter() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.guard.call(() -> {
			throw new RedisCommandTimeoutException("timed out");
		})).satisfies((ex) -> {
			assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(ex.retryAfterSeconds()).isEqualTo(2L);
		});
	}

	@Test
	void aConnectionResetByAKilledMasterIsARedisFailureNotA500() {
		// Lettuce fails the commands in flight with Netty's own IOException when the
		// master's socket is reset (seen once per master kill in the recovery-rate runs).
		for (int i = 0; i < 10; i++) {
			ApiException refusal = refusalOf(this.guard.callAsync(() -> CompletableFuture
				.failedFuture(new IOException("recvAddress(..) failed with error(-104): Connection reset by peer"))));

			assertThat(refusal.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		}
		assertThat(this.breaker.getState()).as("resets count as Redis failing").isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void masterRefusingWritesForWantOfReplicasSaysSo() {
		ApiException refusal = refusalOf(this.guard.callAsync(() -> CompletableFuture
			.failedFuture(new RedisCommandExecutionException("NOREPLICAS Not enough good replicas to write."))));

		assertThat(refusal.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refusal.getMessage()).contains("no replica");
	}

	@Test
	void openBreakerAnswersWithoutCallingRedis() {
		failTimes(10);
		AtomicInteger calls = new AtomicInteger();

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.guard.call(calls::incrementAndGet))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
		assertThat(refusalOf(this.guard.callAsync(() -> {
			calls.incrementAndGet();
			return CompletableFuture.completedFuture("PONG");
		})).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(calls).hasValue(0);
		assertThat(this.guard.state()).isEqualTo("OPEN");
	}

	@Test
	void failuresOfCallsSentToAnEarlierMasterDoNotCountAgainstTheNewOne() {
		CompletableFuture<String> inFlight = new CompletableFuture<>();
		for (int i = 0; i < 10; i++) {
			this.guard.callAsync(() -> inFlight);
		}
		this.generation.incrementAndGet();

		inFlight.completeExceptionally(new RedisCommandTimeoutException("the old master froze"));

		assertThat(this.guard.state()).isEqualTo("CLOSED");
		assertThat(this.guard.callAsync(() -> CompletableFuture.completedFuture("PONG")).join()).isEqualTo("PONG");
	}

	@Test
	void commandsHeldBackByOurOwnFenceDoNotOpenTheBreaker() {
		// Issue 12: a fence (a failover announced) refused every purchase, and the
		// breaker
		// counted the refusals as Redis failures.
		for (int i = 0; i < 10; i++) {
			ApiException refusal = refusalOf(this.guard.callAsync(() -> {
				throw new RedisFencedException("failing over");
			}));
			assertThat(refusal.getMessage()).contains("failing over");
		}

		assertThat(this.guard.state()).isEqualTo("CLOSED");
	}

	@Test
	void aMasterRefusingForWantOfReplicasStillCountsAsAnswering() {
		// Right after a failover the new master has no replica for a moment: its fast
		// refusals must not open the breaker against it.
		for (int i = 0; i < 5; i++) {
			refusalOf(this.guard.callAsync(() -> CompletableFuture
				.failedFuture(new RedisCommandExecutionException("NOREPLICAS Not enough good replicas to write."))));
			refusalOf(this.guard.callAsync(() -> CompletableFuture
				.failedFuture(new ReplicaAckException("0 of 1 Redis replicas acknowledged"))));
		}

		assertThat(this.guard.state()).isEqualTo("CLOSED");
	}

	@Test
	void callsBegunBeforeTheBreakerWentHalfOpenDoNotFailItsProbe() {
		// Issue 12: calls sent before the breaker opened, timing out while it was
		// half-open,
		// failed the probe of a master that answered every probe, and it opened again.
		CompletableFuture<String> sentBefore = new CompletableFuture<>();
		for (int i = 0; i < 5; i++) {
			this.guard.callAsync(() -> sentBefore);
		}
		failTimes(5);
		assertThat(this.guard.state()).isEqualTo("OPEN");
		this.breaker.transitionToHalfOpenState();

		sentBefore.completeExceptionally(new RedisCommandTimeoutException("sent before the breaker opened"));
		for (int i = 0; i < 10; i++) {
			assertThat(this.guard.callAsync(() -> CompletableFuture.completedFuture("PONG")).join()).isEqualTo("PONG");
		}

		assertThat(this.guard.state()).isEqualTo("CLOSED");
	}

	@Test
	void refusalsRaisedOnTheWayAreNotRedisFailures() {
		for (int i = 0; i < 10; i++) {
			refusalOf(this.guard.callAsync(
					() -> CompletableFuture.failedFuture(ApiException.badRequest("invalid_quantity", "too many"))));
		}

		assertThat(this.guard.state()).isEqualTo("CLOSED");
	}

	@Test
	void successfulCallsPassThrough() {
		assertThat(this.guard.call(() -> "PONG")).isEqualTo("PONG");
		assertThat(this.guard.callAsync(() -> CompletableFuture.completedFuture("PONG")).join()).isEqualTo("PONG");
		assertThat(this.guard.readAsync(() -> CompletableFuture.completedFuture("PONG")).join()).isEqualTo("PONG");
	}

	private void failTimes(int times) {
		for (int i = 0; i < times; i++) {
			try {
				this.guard.call(() -> {
					throw new RedisException("connection refused");
				});
			}
			catch (ApiException ex) {
				// expected while the breaker counts failures
			}
		}
	}

	private static ApiException refusalOf(CompletableFuture<?> call) {
		try {
			call.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ApiException refusal) {
				return refusal;
			}
			throw ex;
		}
		throw new AssertionError("expected a refusal");
	}

}
