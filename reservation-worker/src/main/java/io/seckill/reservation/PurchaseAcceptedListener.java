package io.seckill.reservation;

import java.util.List;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import io.seckill.common.messaging.BatchWork;
import io.seckill.common.messaging.DeliveryHandler;
import io.seckill.common.messaging.MessageCodec;
import io.seckill.common.messaging.PurchaseAccepted;
import io.seckill.common.messaging.SeckillTopology;

/**
 * Hands each batch of accepted purchases to the {@link ReservationService}; the
 * {@link DeliveryHandler} acknowledges them by hand once the decisions were sent on, or
 * settles them one by one when the batch failed.
 */
@Component
class PurchaseAcceptedListener implements BatchWork<PurchaseAccepted> {

	private final ReservationService reservations;

	private final DeliveryHandler deliveries;

	private final MessageCodec codec;

	PurchaseAcceptedListener(ReservationService reservations, DeliveryHandler deliveries, MessageCodec codec) {
		this.reservations = reservations;
		this.deliveries = deliveries;
		this.codec = codec;
	}

	@RabbitListener(id = "reservations", queues = SeckillTopology.RESERVATIONS_QUEUE)
	void on(List<Message> messages, Channel channel) {
		this.deliveries.handleBatch(channel, messages, this);
	}

	@Override
	public PurchaseAccepted read(Message message) {
		return this.codec.read(message, PurchaseAccepted.class);
	}

	@Override
	public String messageId(PurchaseAccepted purchase) {
		return purchase.purchaseId();
	}

	@Override
	public List<ReservationService.Outcome> processAll(List<PurchaseAccepted> purchases) {
		return this.reservations.processAll(purchases);
	}

	@Override
	public ReservationService.Outcome processOne(PurchaseAccepted purchase) {
		return this.reservations.process(purchase);
	}

}
