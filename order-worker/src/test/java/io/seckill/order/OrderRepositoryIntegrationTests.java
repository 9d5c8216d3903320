package io.seckill.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.redis.ConfirmPurchaseScript;
import io.seckill.common.redis.ConfirmPurchaseScript.Confirmation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Order creation and expiry against the real local MariaDB (database
 * {@code seckill_test}), with commits: concurrent transactions contend as in production.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@TestPropertySource(locations = "classpath:test-database.properties")
@Import(OrderRepository.class)
class OrderRepositoryIntegrationTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private static final Instant PAST_DEADLINE = NOW.minusSeconds(1);

	@Autowired
	private OrderRepository repository;

	@Autowired
	private JdbcClient jdbc;

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
	void keepsTheFirstOrderOfAPurchase() {
		String saleId = this.fixtures.createSale(5);
		ReservationConfirmed reservation = new ReservationConfirmed(UUID.randomUUID().toString(), saleId, "user-1", 1);
		Order first = Order.awaitingPayment(reservation, NOW.plusSeconds(900));
		Order second = Order.awaitingPayment(reservation, NOW.plusSeconds(1800));

		OrderRepository.PlacedOrder stored = this.repository.insertIfAbsent(first, NOW);
		OrderRepository.PlacedOrder again = this.repository.insertIfAbsent(second, NOW);

		assertThat(stored.created()).isTrue();
		assertThat(again.created()).isFalse();
		assertThat(again.order()).isEqualTo(first);
		assertThat(this.fixtures.orderRows(reservation.purchaseId())).isEqualTo(1);
	}

	@Test
	void storesABatchInOneGoAndKeepsTheOrdersThatExist() {
		String saleId = this.fixtures.createSale(5);
		ReservationConfirmed earlier = new ReservationConfirmed(UUID.randomUUID().toString(), saleId, "user-0", 1);
		Order first = Order.awaitingPayment(earlier, NOW.plusSeconds(900));
		this.repository.insertIfAbsent(first, NOW);
		List<Order> batch = new ArrayList<>();
		batch.add(Order.awaitingPayment(earlier, NOW.plusSeconds(1800)));
		for (int i = 1; i <= 3; i++) {
			batch.add(Order.awaitingPayment(
					new ReservationConfirmed(UUID.randomUUID().toString(), saleId, "user-" + i, 1),
					NOW.plusSeconds(900)));
		}

		List<OrderRepository.PlacedOrder> placed = this.repository.insertAllIfAbsent(batch, NOW);
		List<OrderRepository.PlacedOrder> again = this.repository.insertAllIfAbsent(batch, NOW);

		assertThat(placed).extracting(OrderRepository.PlacedOrder::created).containsExactly(false, true, true, true);
		assertThat(placed.get(0).order()).isEqualTo(first);
		assertThat(placed.subList(1, 4)).extracting(OrderRepository.PlacedOrder::order)
			.containsExactlyElementsOf(batch.subList(1, 4));
		assertThat(again).extracting(OrderRepository.PlacedOrder::created).containsOnly(false);
		for (Order order : batch) {
			assertThat(this.fixtures.orderRows(order.purchaseId())).isEqualTo(1);
		}
		assertThat(this.repository.findByPurchase(batch.get(3).purchaseId())).contains(batch.get(3));
	}

	@Test
	void concurrentDeliveriesOfOnePurchaseCreateOneOrder() throws Exception {
		String saleId = this.fixtures.createSale(50);
		ConfirmPurchaseScript confirmPurchase = mock(ConfirmPurchaseScript.class);
		OrderService service = new OrderService(this.repository, confirmPurchase, new OrderProperties(4, 50,
				Duration.ofMinutes(15), Duration.ofSeconds(1), 500, 50, Duration.ofMillis(50)), Clock.systemUTC());
		List<ReservationConfirmed> reservations = new ArrayList<>();
		List<Callable<OrderService.Outcome>> deliveries = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ReservationConfirmed reservation = new ReservationConfirmed(UUID.randomUUID().toString(), saleId,
					"user-" + i, 1);
			reservations.add(reservation);
			deliveries.add(() -> service.process(reservation));
			deliveries.add(() -> service.process(reservation));
		}

		List<OrderService.Outcome> outcomes = concurrently(deliveries);

		assertThat(outcomes).filteredOn(OrderService.Outcome.CREATED::equals).hasSize(20);
		assertThat(outcomes).filteredOn(OrderService.Outcome.DUPLICATE::equals).hasSize(20);
		for (ReservationConfirmed reservation : reservations) {
			assertThat(this.fixtures.orderRows(reservation.purchaseId())).isEqualTo(1);
			String orderId = this.repository.findByPurchase(reservation.purchaseId()).orElseThrow().orderId();
			verify(confirmPurchase, times(2)).confirm(new Confirmation(reservation.purchaseId(), orderId));
		}
		// Each delivery confirmed once, and only as checked above.
		verify(confirmPurchase, times(40)).confirm(any());
	}

	@Test
	void expiryGivesStockAndQuotaBackOnce() {
		String saleId = this.fixtures.createSale(5);
		Order order = this.fixtures.createOrder(saleId, "user-1", 2, OrderStatus.AWAITING_PAYMENT, PAST_DEADLINE);

		boolean first = this.repository.expire(order, NOW);
		boolean second = this.repository.expire(order, NOW);

		assertThat(first).isTrue();
		assertThat(second).isFalse();
		assertThat(this.fixtures.status(order.orderId())).isEqualTo(OrderStatus.EXPIRED);
		assertThat(this.fixtures.restockPending(order.orderId())).isTrue();
		assertThat(this.fixtures.reserved(saleId)).isZero();
		assertThat(this.fixtures.bought(saleId, "user-1")).isZero();
	}

	@Test
	void concurrentExpiriesOfOneOrderGiveItsStockBackOnce() throws Exception {
		String saleId = this.fixtures.createSale(5);
		this.fixtures.createOrder(saleId, "user-2", 1, OrderStatus.AWAITING_PAYMENT, NOW.plusSeconds(900));
		Order order = this.fixtures.createOrder(saleId, "user-1", 1, OrderStatus.AWAITING_PAYMENT, PAST_DEADLINE);
		List<Callable<Boolean>> sweepers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			sweepers.add(() -> this.repository.expire(order, NOW));
		}

		List<Boolean> expired = concurrently(sweepers);

		assertThat(expired).containsOnlyOnce(true);
		assertThat(this.fixtures.reserved(saleId)).isEqualTo(1);
		assertThat(this.fixtures.bought(saleId, "user-1")).isZero();
		assertThat(this.fixtures.bought(saleId, "user-2")).isEqualTo(1);
	}

	@Test
	void expiryGivesBackOnlyItsOwnShoppersQuotaWhenIdsDifferOnlyInCase() {
		String saleId = this.fixtures.createSale(5);
		this.fixtures.createOrder(saleId, "casey", 1, OrderStatus.AWAITING_PAYMENT, NOW.plusSeconds(900));
		Order order = this.fixtures.createOrder(saleId, "CASEY", 1, OrderStatus.AWAITING_PAYMENT, PAST_DEADLINE);

		assertThat(this.repository.expire(order, NOW)).isTrue();

		assertThat(this.fixtures.bought(saleId, "CASEY")).isZero();
		assertThat(this.fixtures.bought(saleId, "casey")).isEqualTo(1);
		assertThat(this.fixtures.reserved(saleId)).isEqualTo(1);
	}

	@Test
	void purchasesWhoseIdsDifferOnlyInCaseHaveAnOrderEach() {
		String saleId = this.fixtures.createSale(5);
		String purchaseId = UUID.randomUUID().toString();
		Order lower = Order.awaitingPayment(new ReservationConfirmed(purchaseId, saleId, "user-1", 1),
				NOW.plusSeconds(900));
		Order upper = Order.awaitingPayment(
				new ReservationConfirmed(purchaseId.toUpperCase(Locale.ROOT), saleId, "user-2", 1),
				NOW.plusSeconds(900));

		this.repository.insertIfAbsent(lower, NOW);
		OrderRepository.PlacedOrder placed = this.repository.insertIfAbsent(upper, NOW);

		assertThat(placed.created()).isTrue();
		assertThat(placed.order()).isEqualTo(upper);
		assertThat(this.repository.findByPurchase(purchaseId)).contains(lower);
		assertThat(this.repository.insertAllIfAbsent(List.of(lower, upper), NOW))
			.extracting(OrderRepository.PlacedOrder::order)
			.containsExactly(lower, upper);
	}

	@Test
	void neverExpiresAPaidOrder() {
		String saleId = this.fixtures.createSale(5);
		Order paid = this.fixtures.createOrder(saleId, "user-1", 1, OrderStatus.PAID, PAST_DEADLINE);

		boolean expired = this.repository.expire(paid, NOW);

		assertThat(expired).isFalse();
		assertThat(this.fixtures.status(paid.orderId())).isEqualTo(OrderStatus.PAID);
		assertThat(this.fixtures.reserved(saleId)).isEqualTo(1);
		assertThat(this.fixtures.bought(saleId, "user-1")).isEqualTo(1);
	}

	@Test
	void neverExpiresAnOrderBeforeItsDeadline() {
		String saleId = this.fixtures.createSale(5);
		Order order = this.fixtures.createOrder(saleId, "user-1", 1, OrderStatus.AWAITING_PAYMENT, NOW.plusSeconds(1));

		boolean expired = this.repository.expire(order, NOW);

		assertThat(expired).isFalse();
		assertThat(this.fixtures.status(order.orderId())).isEqualTo(OrderStatus.AWAITING_PAYMENT);
		assertThat(this.fixtures.reserved(saleId)).isEqualTo(1);
	}

	@Test
	void findsOnlyUnpaidOrdersPastTheirDeadlineOldestFirst() {
		// Deadlines in 1999 keep other tests' orders in the shared database out of the
		// result.
		Instant now = Instant.parse("1999-06-01T00:00:00Z");
		String saleId = this.fixtures.createSale(10);
		Order older = this.fixtures.createOrder(saleId, "user-1", 1, OrderStatus.AWAITING_PAYMENT,
				now.minusSeconds(20));
		Order newer = this.fixtures.createOrder(saleId, "user-2", 1, OrderStatus.AWAITING_PAYMENT,
				now.minusSeconds(10));
		Order newest = this.fixtures.createOrder(saleId, "user-3", 1, OrderStatus.AWAITING_PAYMENT, now);
		this.fixtures.createOrder(saleId, "user-4", 1, OrderStatus.PAID, now.minusSeconds(30));
		this.fixtures.createOrder(saleId, "user-5", 1, OrderStatus.EXPIRED, now.minusSeconds(30));
		this.fixtures.createOrder(saleId, "user-6", 1, OrderStatus.AWAITING_PAYMENT, now.plusSeconds(1));

		assertThat(this.repository.findDue(now, 10)).containsExactly(older, newer, newest);
		assertThat(this.repository.findDue(now, 2)).containsExactly(older, newer);
	}

	private static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<T> results = new ArrayList<>();
			for (Future<T> future : executor.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
