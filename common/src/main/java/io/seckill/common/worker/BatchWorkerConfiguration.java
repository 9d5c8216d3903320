package io.seckill.common.worker;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.amqp.rabbit.annotation.RabbitListenerConfigurer;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerEndpoint;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.seckill.common.messaging.DeliveryHandler;
import io.seckill.common.messaging.ManualAckListenerFactory;
import io.seckill.common.messaging.MessageCodec;
import io.seckill.common.messaging.SeckillMessagingConfiguration;
import io.seckill.common.redis.SeckillRedisConfiguration;

/**
 * Wires a worker process around its {@link BatchWorker} bean: RabbitMQ and Redis, the
 * delivery handler, the manually acknowledged batch listener container and the
 * {@link BatchConsumer} on the worker's queue.
 */
@Configuration(proxyBeanMethods = false)
@Import({ SeckillMessagingConfiguration.class, SeckillRedisConfiguration.class })
public class BatchWorkerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	DeliveryHandler deliveryHandler(BatchWorker<?> worker, MeterRegistry meterRegistry) {
		return new DeliveryHandler(worker.name(), worker.queue(), meterRegistry, DeliveryHandler.retryBackOff());
	}

	@Bean
	SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
			SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
			BatchWorker<?> worker, DeliveryHandler deliveries) {
		return ManualAckListenerFactory.create(configurer, connectionFactory, worker.settings(), deliveries);
	}

	@Bean
	RabbitListenerConfigurer batchConsumerEndpoint(BatchWorker<?> worker, DeliveryHandler deliveries,
			MessageCodec codec) {
		return (registrar) -> registrar.registerEndpoint(endpoint(worker, deliveries, codec));
	}

	static SimpleRabbitListenerEndpoint endpoint(BatchWorker<?> worker, DeliveryHandler deliveries,
			MessageCodec codec) {
		SimpleRabbitListenerEndpoint endpoint = new SimpleRabbitListenerEndpoint();
		endpoint.setId(worker.queue());
		endpoint.setQueueNames(worker.queue());
		endpoint.setBatchListener(true);
		endpoint.setMessageListener(new BatchConsumer<>(worker, deliveries, codec));
		return endpoint;
	}

}
