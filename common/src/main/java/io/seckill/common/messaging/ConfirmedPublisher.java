package io.seckill.common.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes persistent messages and returns only once the broker confirmed every one of
 * them: a nack, an unroutable return or a missing confirm is an exception, so the caller
 * keeps its copy (outbox entry, unacked delivery) and tries again.
 */
public class ConfirmedPublisher {

	private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);

	private final RabbitTemplate rabbitTemplate;

	private final MessageCodec codec;

	ConfirmedPublisher(RabbitTemplate rabbitTemplate, MessageCodec codec) {
		this.rabbitTemplate = rabbitTemplate;
		this.codec = codec;
		this.rabbitTemplate.setMandatory(true);
	}

	/**
	 * Publishes one message and waits for its confirm.
	 * @param routingKey routing key on {@link SeckillTopology#EXCHANGE}
	 * @param messageId the purchase id, set as the AMQP message id
	 * @param payload the record to send as JSON
	 * @throws AmqpException if the broker did not confirm the message
	 */
	public void publish(String routingKey, String messageId, Object payload) {
		publishAll(routingKey, List.of(new Outgoing(messageId, payload)));
	}

	/**
	 * Publishes a batch on one channel and waits for all confirms; cheaper than one round
	 * trip and one channel checkout each.
	 * @param routingKey routing key on {@link SeckillTopology#EXCHANGE}
	 * @param messages the messages, each with its purchase id
	 * @throws AmqpException if any message was not confirmed (the others may have been)
	 */
	public void publishAll(String routingKey, List<Outgoing> messages) {
		if (messages.isEmpty()) {
			return;
		}
		// One channel for the whole batch, kept until its confirms are in: a channel
		// given
		// back to the cache with confirms outstanding is closed once they arrive, so
		// waiting outside (or one send each) opens and closes a channel per message.
		this.rabbitTemplate.invoke((operations) -> {
			List<CorrelationData> pending = new ArrayList<>(messages.size());
			for (Outgoing message : messages) {
				CorrelationData correlation = new CorrelationData(message.messageId());
				operations.send(SeckillTopology.EXCHANGE, routingKey,
						this.codec.write(message.messageId(), message.payload()), correlation);
				pending.add(correlation);
			}
			for (CorrelationData correlation : pending) {
				awaitConfirm(correlation);
			}
			return null;
		});
	}

	private static void awaitConfirm(CorrelationData correlation) {
		CorrelationData.Confirm confirm;
		try {
			confirm = correlation.getFuture().get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PublishFailedException("Interrupted waiting for confirm of " + correlation.getId(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new PublishFailedException("No confirm for " + correlation.getId() + " within " + CONFIRM_TIMEOUT,
					ex);
		}
		if (!confirm.ack()) {
			throw new PublishFailedException("Broker refused " + correlation.getId() + ": " + confirm.reason(), null);
		}
		ReturnedMessage returned = correlation.getReturned();
		if (returned != null) {
			throw new PublishFailedException("Unroutable " + correlation.getId() + ": " + returned.getReplyText(),
					null);
		}
	}

	/**
	 * One message to publish.
	 *
	 * @param messageId the purchase id
	 * @param payload the record to send
	 */
	public record Outgoing(String messageId, Object payload) {
	}

	/**
	 * The broker did not confirm a message; the caller must keep it and retry.
	 */
	public static class PublishFailedException extends AmqpException {

		PublishFailedException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
