package io.seckill.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.dao.DuplicateKeyException;

import io.seckill.common.messaging.DeliveryFailure;
import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.redis.ConfirmPurchaseScript;
import io.seckill.common.redis.ConfirmPurchaseScript.Confirmation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class OrderServiceUnitTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private static final ReservationConfirmed RESERVATION = new ReservationConfirmed("p-1", "sale-1", "user-1", 2);

	private final OrderRepository repository = mock(OrderRepository.class);

	private final ConfirmPurchaseScript confirmPurchase = mock(ConfirmPurchaseScript.class);

	private final OrderService service = new OrderService(this.repository, this.confirmPurchase,
			new OrderProperties(4, 50, Duration.ofSeconds(3), Duration.ofSeconds(1), 500, 50, Duration.ofMillis(50)),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void createsAnOrderAwaitingPaymentUntilTheDeadlineAndConfirmsThePurchase() {
		ArgumentCaptor<Order> stored = ArgumentCaptor.forClass(Order.class);
		given(this.repository.insertIfAbsent(stored.capture(), eq(NOW)))
			.willAnswer((invocation) -> new OrderRepository.PlacedOrder(invocation.getArgument(0), true));

		OrderService.Outcome outcome = this.service.process(RESERVATION);

		assertThat(outcome).isEqualTo(OrderService.Outcome.CREATED);
		Order order = stored.getValue();
		assertThat(order)
			.extracting(Order::purchaseId, Order::saleId, Order::userId, Order::quantity, Order::status,
					Order::paymentDeadline)
			.containsExactly("p-1", "sale-1", "user-1", 2, OrderStatus.AWAITING_PAYMENT, NOW.plusSeconds(3));
		verify(this.confirmPurchase).confirm(new Confirmation("p-1", order.orderId()));
	}

	@Test
	void confirmsARedeliveredPurchaseWithItsExistingOrder() {
		Order existing = new Order("order-1", "p-1", "sale-1", "user-1", 2, OrderStatus.PAID, NOW);
		given(this.repository.insertIfAbsent(any(), eq(NOW)))
			.willReturn(new OrderRepository.PlacedOrder(existing, false));

		OrderService.Outcome outcome = this.service.process(RESERVATION);

		assertThat(outcome).isEqualTo(OrderService.Outcome.DUPLICATE);
		verify(this.confirmPurchase).confirm(new Confirmation("p-1", "order-1"));
	}

	@Test
	void usesTheOrderOfAConcurrentDeliveryThatStoredItFirst() {
		Order existing = new Order("order-1", "p-1", "sale-1", "user-1", 2, OrderStatus.AWAITING_PAYMENT, NOW);
		given(this.repository.insertIfAbsent(any(), eq(NOW)))
			.willThrow(new DuplicateKeyException("orders_one_per_purchase"))
			.willReturn(new OrderRepository.PlacedOrder(existing, false));

		OrderService.Outcome outcome = this.service.process(RESERVATION);

		assertThat(outcome).isEqualTo(OrderService.Outcome.DUPLICATE);
		verify(this.confirmPurchase).confirm(new Confirmation("p-1", "order-1"));
	}

	@Test
	void redisFailurePropagatesSoTheDeliveryIsRetried() {
		given(this.repository.insertIfAbsent(any(), eq(NOW)))
			.willAnswer((invocation) -> new OrderRepository.PlacedOrder(invocation.getArgument(0), true));
		willThrow(new RedisConnectionException("no master")).given(this.confirmPurchase).confirm(any());

		Throwable failure = catchThrowable(() -> this.service.process(RESERVATION));

		assertThat(DeliveryFailure.of(failure)).isEqualTo(DeliveryFailure.TRANSIENT);
	}

	@Test
	void createsABatchsOrdersOncePerPurchaseAndConfirmsThemTogether() {
		Order existing = new Order("order-0", "p-0", "sale-1", "user-0", 1, OrderStatus.AWAITING_PAYMENT, NOW);
		given(this.repository.insertAllIfAbsent(any(), eq(NOW))).willAnswer((invocation) -> {
			List<Order> orders = invocation.getArgument(0);
			return orders.stream()
				.map((order) -> order.purchaseId().equals("p-0") ? new OrderRepository.PlacedOrder(existing, false)
						: new OrderRepository.PlacedOrder(order, true))
				.toList();
		});
		ReservationConfirmed redelivered = new ReservationConfirmed("p-0", "sale-1", "user-0", 1);
		ReservationConfirmed other = new ReservationConfirmed("p-2", "sale-1", "user-2", 1);

		List<OrderService.Outcome> outcomes = this.service
			.processAll(List.of(RESERVATION, redelivered, RESERVATION, other));

		assertThat(outcomes).containsExactly(OrderService.Outcome.CREATED, OrderService.Outcome.DUPLICATE,
				OrderService.Outcome.DUPLICATE, OrderService.Outcome.CREATED);
		ArgumentCaptor<List<Order>> stored = ArgumentCaptor.captor();
		verify(this.repository).insertAllIfAbsent(stored.capture(), eq(NOW));
		assertThat(stored.getValue()).extracting(Order::purchaseId).containsExactly("p-1", "p-0", "p-2");
		assertThat(stored.getValue()).extracting(Order::paymentDeadline).containsOnly(NOW.plusSeconds(3));
		ArgumentCaptor<List<Confirmation>> confirmed = ArgumentCaptor.captor();
		verify(this.confirmPurchase).confirmAll(confirmed.capture());
		assertThat(confirmed.getValue()).extracting(Confirmation::purchaseId).containsExactly("p-1", "p-0", "p-2");
		assertThat(confirmed.getValue().get(1).orderId()).isEqualTo("order-0");
	}

}
