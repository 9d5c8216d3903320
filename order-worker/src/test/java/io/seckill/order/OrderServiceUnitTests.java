package io.seckill.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.dao.DuplicateKeyException;

import io.seckill.common.messaging.DeliveryFailure;
import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.redis.PurchaseStateScripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class OrderServiceUnitTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private static final ReservationConfirmed RESERVATION = new ReservationConfirmed("p-1", "sale-1", "user-1", 2);

	private final OrderRepository repository = mock(OrderRepository.class);

	private final PurchaseStateScripts purchaseStates = mock(PurchaseStateScripts.class);

	private final OrderService service = new OrderService(this.repository, this.purchaseStates,
			new OrderProperties(4, 50, Duration.ofSeconds(3), Duration.ofSeconds(1), 500),
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
		verify(this.purchaseStates).confirmed("p-1", order.orderId());
	}

	@Test
	void confirmsARedeliveredPurchaseWithItsExistingOrder() {
		Order existing = new Order("order-1", "p-1", "sale-1", "user-1", 2, OrderStatus.PAID, NOW);
		given(this.repository.insertIfAbsent(any(), eq(NOW)))
			.willReturn(new OrderRepository.PlacedOrder(existing, false));

		OrderService.Outcome outcome = this.service.process(RESERVATION);

		assertThat(outcome).isEqualTo(OrderService.Outcome.DUPLICATE);
		verify(this.purchaseStates).confirmed("p-1", "order-1");
	}

	@Test
	void usesTheOrderOfAConcurrentDeliveryThatStoredItFirst() {
		Order existing = new Order("order-1", "p-1", "sale-1", "user-1", 2, OrderStatus.AWAITING_PAYMENT, NOW);
		given(this.repository.insertIfAbsent(any(), eq(NOW)))
			.willThrow(new DuplicateKeyException("orders_one_per_purchase"))
			.willReturn(new OrderRepository.PlacedOrder(existing, false));

		OrderService.Outcome outcome = this.service.process(RESERVATION);

		assertThat(outcome).isEqualTo(OrderService.Outcome.DUPLICATE);
		verify(this.purchaseStates).confirmed("p-1", "order-1");
	}

	@Test
	void redisFailurePropagatesSoTheDeliveryIsRetried() {
		given(this.repository.insertIfAbsent(any(), eq(NOW)))
			.willAnswer((invocation) -> new OrderRepository.PlacedOrder(invocation.getArgument(0), true));
		willThrow(new RedisConnectionException("no master")).given(this.purchaseStates).confirmed(any(), any());

		Throwable failure = catchThrowable(() -> this.service.process(RESERVATION));

		assertThat(DeliveryFailure.of(failure)).isEqualTo(DeliveryFailure.TRANSIENT);
	}

	@Test
	void refusesMessagesThatDescribeNoReservation() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.service.process(new ReservationConfirmed("p-1", "sale-1", "user-1", 0)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.service.process(new ReservationConfirmed("", "sale-1", "user-1", 1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.service.process(new ReservationConfirmed("p-1", " ", "user-1", 1)));
		verifyNoInteractions(this.repository, this.purchaseStates);
	}

}
