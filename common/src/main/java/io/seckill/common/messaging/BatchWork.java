package io.seckill.common.messaging;

import java.util.List;

import org.springframework.amqp.core.Message;

/**
 * What a batch listener does with its deliveries, for
 * {@link DeliveryHandler#handleBatch}: the whole batch at once, and each message alone
 * when the batch fails.
 *
 * @param <T> the message record
 */
public interface BatchWork<T> {

	/**
	 * Reads one delivery.
	 * @param message the delivery
	 * @return the record
	 * @throws RuntimeException if the body is not a {@code T}; the delivery is poison
	 */
	T read(Message message);

	/**
	 * The purchase id, for log lines.
	 * @param message a record of this batch
	 * @return its id
	 */
	String messageId(T message);

	/**
	 * Processes a batch, all or nothing: one database transaction, then the follow-ups.
	 * Must be safe to run again for any part of the batch, since a failure falls back to
	 * {@link #processOne} for every message.
	 * @param messages the readable records of the batch, in delivery order
	 * @return one outcome per record, in the same order; its constant in lower case is
	 * the {@code outcome} tag
	 */
	List<? extends Enum<?>> processAll(List<T> messages);

	/**
	 * Processes one message, after its batch failed.
	 * @param message the record
	 * @return how it went
	 */
	Enum<?> processOne(T message);

}
