package io.seckill.reservation;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.seckill.common.messaging.DeliveryHandler;
import io.seckill.common.messaging.SeckillMessagingConfiguration;
import io.seckill.common.messaging.SeckillTopology;
import io.seckill.common.redis.SeckillRedisConfiguration;

/**
 * Wires the worker to RabbitMQ and Redis and sets up its listener container.
 */
@Configuration(proxyBeanMethods = false)
@Import({ SeckillMessagingConfiguration.class, SeckillRedisConfiguration.class })
@EnableConfigurationProperties(ReservationProperties.class)
class ReservationWorkerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	DeliveryHandler deliveryHandler(MeterRegistry meterRegistry) {
		return new DeliveryHandler("reservation", SeckillTopology.RESERVATIONS_QUEUE, meterRegistry,
				DeliveryHandler.retryBackOff());
	}

	/**
	 * Replaces Boot's default factory, so no listener here can acknowledge automatically
	 * and lose a message that failed after it was acknowledged.
	 * @param configurer applies {@code spring.rabbitmq.listener.simple.*} and the message
	 * converter
	 * @param connectionFactory the broker connection
	 * @param properties consumers and prefetch
	 * @param deliveries rejects deliveries that never reach the listener
	 * @return the factory
	 */
	@Bean
	SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
			SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
			ReservationProperties properties, DeliveryHandler deliveries) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connectionFactory);
		factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		factory.setPrefetchCount(properties.prefetch());
		factory.setConcurrentConsumers(properties.concurrency());
		factory.setMaxConcurrentConsumers(properties.concurrency());
		factory.setDefaultRequeueRejected(false);
		factory.setErrorHandler(deliveries::rejectUnreadable);
		return factory;
	}

}
