package io.seckill.reservation;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.dao.DuplicateKeyException;

import io.seckill.common.messaging.DeliveryFailure;
import io.seckill.common.messaging.ConfirmedPublisher;
import io.seckill.common.messaging.PurchaseAccepted;
import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.messaging.SeckillTopology;
import io.seckill.common.purchase.RejectionReason;
import io.seckill.common.redis.PurchaseItems;
import io.seckill.common.redis.RejectPurchaseScript;
import io.seckill.common.redis.ScriptMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class ReservationServiceUnitTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private final StockKeeper stockKeeper = mock(StockKeeper.class);

	private final ConfirmedPublisher publisher = mock(ConfirmedPublisher.class);

	private final RejectPurchaseScript rejectPurchase = mock(RejectPurchaseScript.class);

	private final ReservationService service = new ReservationService(this.stockKeeper, this.publisher,
			this.rejectPurchase, Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void tellsTheOrderWorkerAboutAReservation() {
		PurchaseAccepted purchase = purchase("p-1", 2);
		given(this.stockKeeper.reserve(purchase, NOW)).willReturn(reserved(purchase, false));

		ReservationService.Outcome outcome = this.service.process(purchase);

		assertThat(outcome).isEqualTo(ReservationService.Outcome.RESERVED);
		verify(this.publisher).publish(SeckillTopology.ORDERS_ROUTING_KEY, "p-1",
				new ReservationConfirmed("p-1", "sale-1", "user-1", 2));
		verifyNoInteractions(this.rejectPurchase);
	}

	@Test
	void tellsRedisAboutARejectionWithTheStockTheDatabaseHasLeft() {
		PurchaseAccepted purchase = purchase("p-1", 1);
		Reservation rejected = Reservation.rejected("p-1", "sale-1", "user-1", 1, RejectionReason.SOLD_OUT);
		given(this.stockKeeper.reserve(purchase, NOW)).willReturn(new StockKeeper.Decision(rejected, false, 0));

		ReservationService.Outcome outcome = this.service.process(purchase);

		assertThat(outcome).isEqualTo(ReservationService.Outcome.REJECTED);
		verify(this.rejectPurchase).reject(new PurchaseItems("p-1", "sale-1", "user-1", 1), RejectionReason.SOLD_OUT, 0,
				ScriptMode.LIVE);
		verifyNoInteractions(this.publisher);
	}

	@Test
	void sendsARedeliveredReservationOnAgain() {
		PurchaseAccepted purchase = purchase("p-1", 1);
		given(this.stockKeeper.reserve(purchase, NOW)).willReturn(reserved(purchase, true));

		ReservationService.Outcome outcome = this.service.process(purchase);

		assertThat(outcome).isEqualTo(ReservationService.Outcome.DUPLICATE);
		verify(this.publisher).publish(SeckillTopology.ORDERS_ROUTING_KEY, "p-1",
				new ReservationConfirmed("p-1", "sale-1", "user-1", 1));
	}

	@Test
	void sendsTheRecordedDecisionOnWhenAConcurrentDeliveryRecordedItFirst() {
		PurchaseAccepted purchase = purchase("p-1", 1);
		given(this.stockKeeper.reserve(purchase, NOW)).willThrow(new DuplicateKeyException("reservations.PRIMARY"))
			.willReturn(reserved(purchase, true));

		ReservationService.Outcome outcome = this.service.process(purchase);

		assertThat(outcome).isEqualTo(ReservationService.Outcome.DUPLICATE);
		verify(this.publisher).publish(SeckillTopology.ORDERS_ROUTING_KEY, "p-1",
				new ReservationConfirmed("p-1", "sale-1", "user-1", 1));
	}

	@Test
	void publishFailurePropagatesSoTheDeliveryIsRetried() {
		PurchaseAccepted purchase = purchase("p-1", 1);
		given(this.stockKeeper.reserve(purchase, NOW)).willReturn(reserved(purchase, false));
		willThrow(new AmqpConnectException(new ConnectException("refused"))).given(this.publisher)
			.publish(any(), any(), any());

		Throwable failure = catchThrowable(() -> this.service.process(purchase));

		assertThat(DeliveryFailure.of(failure)).isEqualTo(DeliveryFailure.TRANSIENT);
	}

	private static PurchaseAccepted purchase(String purchaseId, int quantity) {
		return new PurchaseAccepted(purchaseId, "sale-1", "user-1", quantity, NOW);
	}

	private static StockKeeper.Decision reserved(PurchaseAccepted purchase, boolean redelivered) {
		Reservation reservation = Reservation.reserved(purchase.purchaseId(), purchase.saleId(), purchase.userId(),
				purchase.quantity());
		return new StockKeeper.Decision(reservation, redelivered, 0);
	}

}
