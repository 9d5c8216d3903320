package io.seckill.common.messaging;

import java.time.Duration;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;

/**
 * The listener container factory every worker uses: manual acknowledgement, bounded
 * prefetch, a fixed number of consumers, deliveries handed over in batches, and
 * unreadable deliveries rejected without requeue (dead-lettered).
 */
public final class ManualAckListenerFactory {

	private ManualAckListenerFactory() {
	}

	/**
	 * Builds the factory. Declare it as the {@code rabbitListenerContainerFactory} bean
	 * so it replaces Boot's default and no listener can acknowledge automatically, losing
	 * a message that failed after it was acknowledged.
	 * <p>
	 * Each consumer gathers up to {@code batchSize} deliveries and hands them to a batch
	 * listener ({@code List<Message>}) once the batch is full or {@code receiveTimeout}
	 * passed since it started: a busy queue gets full batches, a quiet one a short wait.
	 * The prefetch is raised to the batch size if lower, or a batch could never fill.
	 * @param configurer applies {@code spring.rabbitmq.listener.simple.*} and the message
	 * converter
	 * @param connectionFactory the broker connection
	 * @param settings consumers, prefetch and batching of this process
	 * @param deliveries rejects deliveries that never reach the listener
	 * @return the factory
	 */
	public static SimpleRabbitListenerContainerFactory create(SimpleRabbitListenerContainerFactoryConfigurer configurer,
			ConnectionFactory connectionFactory, ConsumerSettings settings, DeliveryHandler deliveries) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connectionFactory);
		factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		factory.setPrefetchCount(Math.max(settings.prefetch(), settings.batchSize()));
		factory.setConcurrentConsumers(settings.concurrency());
		factory.setMaxConcurrentConsumers(settings.concurrency());
		factory.setConsumerBatchEnabled(true);
		factory.setBatchListener(true);
		factory.setBatchSize(settings.batchSize());
		factory.setReceiveTimeout(settings.receiveTimeout().toMillis());
		factory.setBatchReceiveTimeout(settings.receiveTimeout().toMillis());
		factory.setDefaultRequeueRejected(false);
		factory.setErrorHandler(deliveries::rejectUnreadable);
		return factory;
	}

	/**
	 * How one worker process consumes a queue.
	 *
	 * @param concurrency consumers in this process
	 * @param prefetch unacknowledged deliveries per consumer
	 * @param batchSize deliveries per batch, at most
	 * @param receiveTimeout longest wait for a batch to fill
	 */
	public record ConsumerSettings(int concurrency, int prefetch, int batchSize, Duration receiveTimeout) {
	}

}
