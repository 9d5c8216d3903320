package io.seckill.common.worker;

import java.util.List;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;

import io.seckill.common.messaging.BatchWork;
import io.seckill.common.messaging.DeliveryHandler;
import io.seckill.common.messaging.MessageCodec;
import io.seckill.common.messaging.PurchaseMessage;

/**
 * Listens to a worker's queue in batches: reads each delivery as the worker's record,
 * hands the batch to the worker, and lets the {@link DeliveryHandler} acknowledge it by
 * hand once done, or settle its deliveries one by one when the batch failed.
 *
 * @param <T> the message record
 */
public final class BatchConsumer<T extends PurchaseMessage> implements ChannelAwareBatchMessageListener, BatchWork<T> {

	private final BatchWorker<T> worker;

	private final DeliveryHandler deliveries;

	private final MessageCodec codec;

	public BatchConsumer(BatchWorker<T> worker, DeliveryHandler deliveries, MessageCodec codec) {
		this.worker = worker;
		this.deliveries = deliveries;
		this.codec = codec;
	}

	@Override
	public void onMessageBatch(List<Message> messages, Channel channel) {
		this.deliveries.handleBatch(channel, messages, this);
	}

	@Override
	public T read(Message message) {
		return this.codec.read(message, this.worker.type());
	}

	@Override
	public String messageId(T message) {
		return message.purchaseId();
	}

	@Override
	public List<? extends Enum<?>> processAll(List<T> messages) {
		return this.worker.processAll().apply(messages);
	}

	@Override
	public Enum<?> processOne(T message) {
		return this.worker.processOne().apply(message);
	}

}
