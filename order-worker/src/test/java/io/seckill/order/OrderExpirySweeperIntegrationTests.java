package io.seckill.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.redis.ExpirePurchaseScript;
import io.seckill.common.redis.PurchaseItems;
import io.seckill.common.redis.ScriptMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Sweeps against the real local MariaDB (database {@code seckill_test}) with Redis
 * stubbed. The sweeper's clock stands in the year 2000, so the sweeps see only the orders
 * made here, whatever else the shared database holds.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@TestPropertySource(locations = "classpath:test-database.properties")
@Import(OrderRepository.class)
class OrderExpirySweeperIntegrationTests {

	private static final Instant NOW = Instant.parse("2000-01-01T00:00:10Z");

	private static final Instant PAST_DEADLINE = NOW.minusSeconds(10);

	@Autowired
	private OrderRepository repository;

	@Autowired
	private JdbcClient jdbc;

	private final ExpirePurchaseScript expirePurchase = mock(ExpirePurchaseScript.class);

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private SaleFixtures fixtures;

	@BeforeEach
	void createFixtures() {
		this.fixtures = new SaleFixtures(this.jdbc);
	}

	@AfterEach
	void deleteFixtures() {
		this.fixtures.deleteAll();
	}

	@Test
	void expiresUnpaidOrdersPastTheirDeadlineAndRestocksRedis() {
		String saleId = this.fixtures.createSale(10);
		Order unpaid = this.fixtures.createOrder(saleId, "user-1", 2, OrderStatus.AWAITING_PAYMENT, PAST_DEADLINE);
		Order paid = this.fixtures.createOrder(saleId, "user-2", 1, OrderStatus.PAID, PAST_DEADLINE);
		Order notYetDue = this.fixtures.createOrder(saleId, "user-3", 1, OrderStatus.AWAITING_PAYMENT,
				NOW.plusSeconds(1));

		sweeper(500).sweep();

		assertThat(this.fixtures.status(unpaid.orderId())).isEqualTo(OrderStatus.EXPIRED);
		assertThat(this.fixtures.restockPending(unpaid.orderId())).isFalse();
		assertThat(this.fixtures.status(paid.orderId())).isEqualTo(OrderStatus.PAID);
		assertThat(this.fixtures.status(notYetDue.orderId())).isEqualTo(OrderStatus.AWAITING_PAYMENT);
		assertThat(this.fixtures.reserved(saleId)).isEqualTo(2);
		assertThat(this.fixtures.bought(saleId, "user-1")).isZero();
		verify(this.expirePurchase).expire(new PurchaseItems(unpaid.purchaseId(), saleId, "user-1", 2),
				ScriptMode.LIVE);
		verify(this.expirePurchase, never()).expire(new PurchaseItems(paid.purchaseId(), saleId, "user-2", 1),
				ScriptMode.LIVE);
		verify(this.expirePurchase, never()).expire(new PurchaseItems(notYetDue.purchaseId(), saleId, "user-3", 1),
				ScriptMode.LIVE);
		assertThat(this.meterRegistry.get(OrderExpirySweeper.EXPIRED_METRIC).counter().count()).isEqualTo(1);
	}

	@Test
	void restockWaitsForRedisAndIsNotLost() {
		String saleId = this.fixtures.createSale(10);
		Order unpaid = this.fixtures.createOrder(saleId, "user-1", 1, OrderStatus.AWAITING_PAYMENT, PAST_DEADLINE);
		given(this.expirePurchase.expire(any(), any())).willThrow(new RedisConnectionException("no master"))
			.willReturn(true);
		OrderExpirySweeper sweeper = sweeper(500);

		sweeper.sweep();

		assertThat(this.fixtures.status(unpaid.orderId())).isEqualTo(OrderStatus.EXPIRED);
		assertThat(this.fixtures.restockPending(unpaid.orderId())).isTrue();
		assertThat(this.fixtures.reserved(saleId)).isZero();

		sweeper.sweep();

		assertThat(this.fixtures.restockPending(unpaid.orderId())).isFalse();
		assertThat(this.fixtures.reserved(saleId)).isZero();
		verify(this.expirePurchase, times(2)).expire(new PurchaseItems(unpaid.purchaseId(), saleId, "user-1", 1),
				ScriptMode.LIVE);
	}

	@Test
	void worksThroughABacklogLargerThanOneBatch() {
		String saleId = this.fixtures.createSale(10);
		List<Order> unpaid = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			unpaid.add(this.fixtures.createOrder(saleId, "user-" + i, 1, OrderStatus.AWAITING_PAYMENT, PAST_DEADLINE));
		}

		sweeper(2).sweep();

		assertThat(this.fixtures.reserved(saleId)).isZero();
		assertThat(this.meterRegistry.get(OrderExpirySweeper.EXPIRED_METRIC).counter().count()).isEqualTo(5);
		// Every expired order's items are back in Redis after this one sweep, not one
		// batch of them per sweep.
		for (Order order : unpaid) {
			assertThat(this.fixtures.restockPending(order.orderId())).as(order.userId()).isFalse();
			verify(this.expirePurchase).expire(new PurchaseItems(order.purchaseId(), saleId, order.userId(), 1),
					ScriptMode.LIVE);
		}
	}

	/**
	 * A backlog can take a sweep minutes (a bench's 240,000 orders fell due at once).
	 * Each batch is stamped with the time it was expired, not the sweep's start: the
	 * failover reconciler replays the expiries of the last minutes by that stamp, and one
	 * stamped minutes early would not be replayed.
	 */
	@Test
	void eachBatchOfABacklogIsStampedWithTheTimeItExpired() {
		String saleId = this.fixtures.createSale(10);
		List<Order> unpaid = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			unpaid.add(this.fixtures.createOrder(saleId, "user-" + i, 1, OrderStatus.AWAITING_PAYMENT, PAST_DEADLINE));
		}
		AtomicInteger calls = new AtomicInteger();
		Clock ticking = new Clock() {

			@Override
			public ZoneOffset getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				throw new UnsupportedOperationException();
			}

			@Override
			public Instant instant() {
				return NOW.plusSeconds(calls.getAndIncrement());
			}

		};

		sweeper(2, ticking).sweep();

		List<Instant> stamps = unpaid.stream()
			.map((order) -> this.jdbc.sql("SELECT expired_at FROM orders WHERE order_id = ?")
				.param(order.orderId())
				.query(LocalDateTime.class)
				.single()
				.toInstant(ZoneOffset.UTC))
			.sorted()
			.toList();
		assertThat(stamps).containsExactly(NOW, NOW, NOW.plusSeconds(1), NOW.plusSeconds(1), NOW.plusSeconds(2));
	}

	private OrderExpirySweeper sweeper(int batchSize) {
		return sweeper(batchSize, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private OrderExpirySweeper sweeper(int batchSize, Clock clock) {
		OrderProperties properties = new OrderProperties(4, 50, Duration.ofMinutes(15), Duration.ofSeconds(1),
				batchSize, 50, Duration.ofMillis(50));
		return new OrderExpirySweeper(this.repository, this.expirePurchase, properties, clock, this.meterRegistry);
	}

}
