package io.seckill.ingress.ratelimit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterUnitTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

	@Test
	void allowsTheBurstAtOnceThenOneRequestPerInterval() {
		RateLimiter limiter = new RateLimiter(2, 3, 100, this.clock::get);

		for (int i = 0; i < 3; i++) {
			assertThat(limiter.acquire("a")).isZero();
		}
		assertThat(limiter.acquire("a")).isEqualTo(SECOND / 2);

		this.clock.addAndGet(SECOND / 2);
		assertThat(limiter.acquire("a")).isZero();
		assertThat(limiter.acquire("a")).isEqualTo(SECOND / 2);
	}

	@Test
	void refusedRequestsDoNotDeepenTheDebt() {
		RateLimiter limiter = new RateLimiter(1, 1, 100, this.clock::get);
		assertThat(limiter.acquire("a")).isZero();

		for (int i = 0; i < 50; i++) {
			assertThat(limiter.acquire("a")).isEqualTo(SECOND);
		}

		this.clock.addAndGet(SECOND);
		assertThat(limiter.acquire("a")).isZero();
	}

	@Test
	void keysHaveBudgetsOfTheirOwn() {
		RateLimiter limiter = new RateLimiter(1, 1, 100, this.clock::get);

		assertThat(limiter.acquire("a")).isZero();
		assertThat(limiter.acquire("a")).isPositive();
		assertThat(limiter.acquire("b")).isZero();
	}

	@Test
	void idleBudgetRefillsOnlyUpToTheBurst() {
		RateLimiter limiter = new RateLimiter(10, 2, 100, this.clock::get);
		assertThat(limiter.acquire("a")).isZero();
		this.clock.addAndGet(3600 * SECOND);

		assertThat(limiter.acquire("a")).isZero();
		assertThat(limiter.acquire("a")).isZero();
		assertThat(limiter.acquire("a")).isPositive();
	}

	@Test
	void forgetsIdleKeysWhenFullAndLetsUntrackedKeysThroughWhenStillFull() {
		RateLimiter limiter = new RateLimiter(1, 1, 2, this.clock::get);
		assertThat(limiter.acquire("a")).isZero();
		assertThat(limiter.acquire("b")).isZero();

		assertThat(limiter.acquire("c")).as("full of busy keys: let through, untracked").isZero();
		assertThat(limiter.tracked()).isEqualTo(2);

		this.clock.addAndGet(2 * SECOND);
		assertThat(limiter.acquire("c")).isZero();
		assertThat(limiter.tracked()).as("idle a and b were dropped for c").isEqualTo(1);
		assertThat(limiter.acquire("c")).isPositive();
	}

	@Test
	void concurrentRequestsNeverExceedTheBurst() throws Exception {
		RateLimiter limiter = new RateLimiter(1, 50, 100, this.clock::get);
		AtomicInteger allowed = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
			for (int t = 0; t < 8; t++) {
				threads.submit(() -> {
					start.await();
					for (int i = 0; i < 1000; i++) {
						if (limiter.acquire("hot") == 0) {
							allowed.incrementAndGet();
						}
					}
					return null;
				});
			}
			start.countDown();
		}

		assertThat(allowed).hasValue(50);
	}

}
