package io.seckill.order;

import java.util.List;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import io.seckill.common.messaging.BatchWork;
import io.seckill.common.messaging.DeliveryHandler;
import io.seckill.common.messaging.MessageCodec;
import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.messaging.SeckillTopology;

/**
 * Hands each batch of confirmed reservations to the {@link OrderService}; the
 * {@link DeliveryHandler} acknowledges them by hand once the purchases are confirmed, or
 * settles them one by one when the batch failed.
 */
@Component
class ReservationConfirmedListener implements BatchWork<ReservationConfirmed> {

	private final OrderService orders;

	private final DeliveryHandler deliveries;

	private final MessageCodec codec;

	ReservationConfirmedListener(OrderService orders, DeliveryHandler deliveries, MessageCodec codec) {
		this.orders = orders;
		this.deliveries = deliveries;
		this.codec = codec;
	}

	@RabbitListener(id = "orders", queues = SeckillTopology.ORDERS_QUEUE)
	void on(List<Message> messages, Channel channel) {
		this.deliveries.handleBatch(channel, messages, this);
	}

	@Override
	public ReservationConfirmed read(Message message) {
		return this.codec.read(message, ReservationConfirmed.class);
	}

	@Override
	public String messageId(ReservationConfirmed reservation) {
		return reservation.purchaseId();
	}

	@Override
	public List<OrderService.Outcome> processAll(List<ReservationConfirmed> reservations) {
		return this.orders.processAll(reservations);
	}

	@Override
	public OrderService.Outcome processOne(ReservationConfirmed reservation) {
		return this.orders.process(reservation);
	}

}
