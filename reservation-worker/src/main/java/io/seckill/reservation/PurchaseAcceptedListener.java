package io.seckill.reservation;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import io.seckill.common.messaging.DeliveryHandler;
import io.seckill.common.messaging.PurchaseAccepted;
import io.seckill.common.messaging.SeckillTopology;

/**
 * Hands each accepted purchase to the {@link ReservationService}; the
 * {@link DeliveryHandler} acknowledges it by hand once the decision was sent on.
 */
@Component
class PurchaseAcceptedListener {

	private final ReservationService reservations;

	private final DeliveryHandler deliveries;

	PurchaseAcceptedListener(ReservationService reservations, DeliveryHandler deliveries) {
		this.reservations = reservations;
		this.deliveries = deliveries;
	}

	@RabbitListener(id = "reservations", queues = SeckillTopology.RESERVATIONS_QUEUE)
	void on(PurchaseAccepted purchase, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long deliveryTag) {
		this.deliveries.handle(channel, deliveryTag, purchase.purchaseId(), () -> this.reservations.process(purchase));
	}

}
