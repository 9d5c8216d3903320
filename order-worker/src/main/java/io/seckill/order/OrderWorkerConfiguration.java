package io.seckill.order;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import io.seckill.common.messaging.DeliveryHandler;
import io.seckill.common.messaging.ManualAckListenerFactory;
import io.seckill.common.messaging.SeckillMessagingConfiguration;
import io.seckill.common.messaging.SeckillTopology;
import io.seckill.common.redis.SeckillRedisConfiguration;

/**
 * Wires the worker to RabbitMQ and Redis, sets up its listener container and schedules
 * the expiry sweep.
 */
@Configuration(proxyBeanMethods = false)
@Import({ SeckillMessagingConfiguration.class, SeckillRedisConfiguration.class })
@EnableConfigurationProperties(OrderProperties.class)
@EnableScheduling
class OrderWorkerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	DeliveryHandler deliveryHandler(MeterRegistry meterRegistry) {
		return new DeliveryHandler("order", SeckillTopology.ORDERS_QUEUE, meterRegistry,
				DeliveryHandler.retryBackOff());
	}

	@Bean
	SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
			SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
			OrderProperties properties, DeliveryHandler deliveries) {
		return ManualAckListenerFactory.create(configurer, connectionFactory, properties.consumerSettings(),
				deliveries);
	}

	/**
	 * Runs the sweep with the validated interval from {@link OrderProperties}.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ExpirySchedule implements SchedulingConfigurer {

		private final OrderExpirySweeper sweeper;

		private final OrderProperties properties;

		ExpirySchedule(OrderExpirySweeper sweeper, OrderProperties properties) {
			this.sweeper = sweeper;
			this.properties = properties;
		}

		@Override
		public void configureTasks(ScheduledTaskRegistrar registrar) {
			registrar.addFixedDelayTask(this.sweeper::sweep, this.properties.expirySweepInterval());
		}

	}

}
