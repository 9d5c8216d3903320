package io.seckill.common.messaging;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;

/**
 * The listener container factory every worker uses: manual acknowledgement, bounded
 * prefetch, a fixed number of consumers, and unreadable deliveries rejected without
 * requeue (dead-lettered).
 */
public final class ManualAckListenerFactory {

	private ManualAckListenerFactory() {
	}

	/**
	 * Builds the factory. Declare it as the {@code rabbitListenerContainerFactory} bean
	 * so it replaces Boot's default and no listener can acknowledge automatically, losing
	 * a message that failed after it was acknowledged.
	 * @param configurer applies {@code spring.rabbitmq.listener.simple.*} and the message
	 * converter
	 * @param connectionFactory the broker connection
	 * @param prefetch unacknowledged deliveries per consumer
	 * @param concurrency consumers in this process
	 * @param deliveries rejects deliveries that never reach the listener
	 * @return the factory
	 */
	public static SimpleRabbitListenerContainerFactory create(SimpleRabbitListenerContainerFactoryConfigurer configurer,
			ConnectionFactory connectionFactory, int prefetch, int concurrency, DeliveryHandler deliveries) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connectionFactory);
		factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		factory.setPrefetchCount(prefetch);
		factory.setConcurrentConsumers(concurrency);
		factory.setMaxConcurrentConsumers(concurrency);
		factory.setDefaultRequeueRejected(false);
		factory.setErrorHandler(deliveries::rejectUnreadable);
		return factory;
	}

}
