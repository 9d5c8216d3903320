package io.seckill.ingress.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SentinelEventLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * How often the sampler asks MySQL for the order count by status, a count over every
 * order the database holds: its cost grows with the history, so it must stay within the
 * sampler's share of the time however slow it gets.
 */
class OperationsSamplerUnitTests {

	private static final Instant START = Instant.parse("2026-12-04T12:00:00Z");

	@Test
	void aSlowOrderCountTakesAtMostItsShareOfTheTime() {
		Duration countTakes = Duration.ofMillis(1200);
		Sampling sampling = sampleFor(Duration.ofMinutes(5), countTakes, Duration.ZERO);
		Duration counting = countTakes.multipliedBy(sampling.counts());
		assertThat(counting).isLessThanOrEqualTo(
				sampling.elapsed().dividedBy(OperationsSampler.DATABASE_SHARE_INVERSE).plus(countTakes));
		assertThat(sampling.counts()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void aQuickOrderCountIsTakenEveryFiveSeconds() {
		Sampling sampling = sampleFor(Duration.ofMinutes(1), Duration.ofMillis(5), Duration.ZERO);
		assertThat(sampling.counts()).isBetween(11, 13);
	}

	@Test
	void theOrderCountIsJudgedByItsOwnTimeNotTheSaleCountsBeforeIt() {
		Sampling sampling = sampleFor(Duration.ofMinutes(1), Duration.ofMillis(5), Duration.ofMillis(300));
		assertThat(sampling.counts()).isBetween(11, 13);
	}

	@Test
	void slowSaleCountsTakeAtMostTheirShareOfTheTime() {
		Duration saleCountTakes = Duration.ofMillis(400);
		Sampling sampling = sampleFor(Duration.ofMinutes(5), Duration.ofMillis(5), saleCountTakes);
		Duration counting = saleCountTakes.multipliedBy(sampling.saleCounts());
		assertThat(counting).isLessThanOrEqualTo(
				sampling.elapsed().dividedBy(OperationsSampler.DATABASE_SHARE_INVERSE).plus(saleCountTakes));
		assertThat(sampling.saleCounts()).isGreaterThanOrEqualTo(2);
	}

	private static Sampling sampleFor(Duration length, Duration countTakes, Duration saleCountTakes) {
		TickingClock clock = new TickingClock(START);
		SaleProbe sales = mock(SaleProbe.class);
		AtomicInteger saleCounts = new AtomicInteger();
		when(sales.database(any())).thenAnswer((call) -> {
			saleCounts.incrementAndGet();
			clock.advance(saleCountTakes);
			return new SaleProbe.Database(List.of(), Map.of(), Map.of());
		});
		AtomicInteger counts = new AtomicInteger();
		when(sales.ordersByStatus()).thenAnswer((call) -> {
			counts.incrementAndGet();
			clock.advance(countTakes);
			return Map.of("PAID", 1L);
		});
		QueueProbe queues = mock(QueueProbe.class);
		when(queues.queues()).thenReturn(List.of());
		when(queues.sample()).thenReturn(List.of());
		SeckillRedis redis = mock(SeckillRedis.class);
		when(redis.sync()).thenThrow(new RedisException("not in this test"));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		OperationsSampler sampler = new OperationsSampler(sales, queues, redis, mock(SentinelEventLog.class),
				CircuitBreakerRegistry.ofDefaults(), new PurchaseLatency(meters), meters, (event) -> {
				}, clock);
		while (clock.instant().isBefore(START.plus(length))) {
			sampler.tick();
			clock.advance(Duration.ofSeconds(1));
		}
		assertThat(sampler.latest().orders()).containsEntry("PAID", 1L);
		return new Sampling(counts.get(), saleCounts.get(), Duration.between(START, clock.instant()));
	}

	private record Sampling(int counts, int saleCounts, Duration elapsed) {
	}

	private static final class TickingClock extends Clock {

		private Instant now;

		TickingClock(Instant now) {
			this.now = now;
		}

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
