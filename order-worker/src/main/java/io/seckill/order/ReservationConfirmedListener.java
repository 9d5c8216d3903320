package io.seckill.order;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import io.seckill.common.messaging.DeliveryHandler;
import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.messaging.SeckillTopology;

/**
 * Hands each confirmed reservation to the {@link OrderService}; the
 * {@link DeliveryHandler} acknowledges it by hand once the purchase is confirmed.
 */
@Component
class ReservationConfirmedListener {

	private final OrderService orders;

	private final DeliveryHandler deliveries;

	ReservationConfirmedListener(OrderService orders, DeliveryHandler deliveries) {
		this.orders = orders;
		this.deliveries = deliveries;
	}

	@RabbitListener(id = "orders", queues = SeckillTopology.ORDERS_QUEUE)
	void on(ReservationConfirmed reservation, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long deliveryTag) {
		this.deliveries.handle(channel, deliveryTag, reservation.purchaseId(), () -> this.orders.process(reservation));
	}

}
