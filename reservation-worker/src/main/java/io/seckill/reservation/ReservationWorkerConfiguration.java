package io.seckill.reservation;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.seckill.common.messaging.DeliveryHandler;
import io.seckill.common.messaging.ManualAckListenerFactory;
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

	@Bean
	SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
			SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
			ReservationProperties properties, DeliveryHandler deliveries) {
		return ManualAckListenerFactory.create(configurer, connectionFactory, properties.consumerSettings(),
				deliveries);
	}

}
