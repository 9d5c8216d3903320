package io.seckill.ingress.order;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.redis.TestRedis;
import io.seckill.ingress.web.ApiException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Payments against the real local MariaDB and the test Redis, with commits: concurrent
 * payments of one order contend as when a shopper's app retries or double-submits.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@TestPropertySource(locations = "classpath:test-database.properties")
@Import(OrderRepository.class)
class PaymentServiceIntegrationTests {

	/** Concurrent payments of each order. */
	private static final int PAYERS = 8;

	private static SeckillRedis redis;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private JdbcClient jdbc;

	private PaymentService payments;

	private final String saleId = "pay-" + UUID.randomUUID();

	private final List<String> purchaseIds = new ArrayList<>();

	@BeforeAll
	static void connect() {
		redis = TestRedis.connect();
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@BeforeEach
	void createSale() {
		this.payments = new PaymentService(this.orders, redis, Clock.systemUTC());
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		this.jdbc.sql("""
				INSERT INTO sales (sale_id, item, stock, reserved, per_user_limit, starts_at, ends_at, created_at)
				VALUES (?, 'Test item', 100, 0, 1, ?, ?, ?)
				""").params(this.saleId, now, now.plusHours(1), now).update();
	}

	@AfterEach
	void deleteSale() {
		this.jdbc.sql("DELETE FROM orders WHERE sale_id = ?").param(this.saleId).update();
		this.jdbc.sql("DELETE FROM sales WHERE sale_id = ?").param(this.saleId).update();
		this.purchaseIds.forEach((purchaseId) -> redis.sync().del(RedisKeys.purchase(purchaseId)));
	}

	@Test
	void everyConcurrentPaymentOfALiveOrderAnswersThePaidOrder() throws Exception {
		// Several orders, each paid by several callers released together: a stale read
		// in any of them shows.
		for (int i = 0; i < 10; i++) {
			String orderId = order("alice", OrderStatus.AWAITING_PAYMENT, Instant.now().plus(15, ChronoUnit.MINUTES));

			List<Outcome> outcomes = payConcurrently(orderId, "alice");

			assertThat(outcomes).as("order %d", i).allSatisfy((outcome) -> {
				assertThat(outcome.failure()).isNull();
				assertThat(outcome.order().status()).isEqualTo(OrderStatus.PAID);
			});
			assertThat(outcomes).extracting((outcome) -> outcome.order().paidAt()).containsOnly(paidAt(orderId));
		}
	}

	@Test
	void paymentAfterTheDeadlineIsRefusedAsExpired() {
		String orderId = order("alice", OrderStatus.AWAITING_PAYMENT, Instant.now().minusSeconds(1));

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.payments.pay(orderId, "alice"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("order_expired"));
		assertThat(status(orderId)).isEqualTo(OrderStatus.AWAITING_PAYMENT);
	}

	@Test
	void payingAPaidOrderAgainAnswersThePaidOrder() {
		String orderId = order("alice", OrderStatus.AWAITING_PAYMENT, Instant.now().plus(15, ChronoUnit.MINUTES));

		Order first = this.payments.pay(orderId, "alice");
		Order again = this.payments.pay(orderId, "alice");

		assertThat(again).isEqualTo(first);
		assertThat(again.status()).isEqualTo(OrderStatus.PAID);
	}

	@Test
	void anotherShoppersOrderIsNotFound() {
		String orderId = order("alice", OrderStatus.AWAITING_PAYMENT, Instant.now().plus(15, ChronoUnit.MINUTES));

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.payments.pay(orderId, "ALICE"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("not_found"));
		assertThat(status(orderId)).isEqualTo(OrderStatus.AWAITING_PAYMENT);
	}

	private List<Outcome> payConcurrently(String orderId, String userId) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Outcome>> payers = new ArrayList<>();
		for (int i = 0; i < PAYERS; i++) {
			payers.add(() -> {
				start.await();
				try {
					return new Outcome(this.payments.pay(orderId, userId), null);
				}
				catch (ApiException ex) {
					return new Outcome(null, ex.code() + ": " + ex.getMessage());
				}
			});
		}
		ExecutorService executor = Executors.newFixedThreadPool(PAYERS);
		try {
			List<Future<Outcome>> futures = new ArrayList<>();
			for (Callable<Outcome> payer : payers) {
				futures.add(executor.submit(payer));
			}
			start.countDown();
			List<Outcome> outcomes = new ArrayList<>();
			for (Future<Outcome> future : futures) {
				outcomes.add(future.get(30, TimeUnit.SECONDS));
			}
			return outcomes;
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private String order(String userId, OrderStatus status, Instant paymentDeadline) {
		String orderId = UUID.randomUUID().toString();
		String purchaseId = UUID.randomUUID().toString();
		this.purchaseIds.add(purchaseId);
		this.jdbc.sql("""
				INSERT INTO orders (order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline,
					created_at)
				VALUES (?, ?, ?, ?, 1, ?, ?, ?)
				""")
			.params(orderId, purchaseId, this.saleId, userId, status.name(), utc(paymentDeadline), utc(Instant.now()))
			.update();
		return orderId;
	}

	private OrderStatus status(String orderId) {
		return OrderStatus.valueOf(this.jdbc.sql("SELECT status FROM orders WHERE order_id = ?")
			.param(orderId)
			.query(String.class)
			.single());
	}

	private Instant paidAt(String orderId) {
		return this.orders.find(orderId).orElseThrow().paidAt();
	}

	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
	}

	/**
	 * What one caller was answered.
	 *
	 * @param order the order, when paid
	 * @param failure the refusal otherwise
	 */
	private record Outcome(Order order, String failure) {
	}

}
