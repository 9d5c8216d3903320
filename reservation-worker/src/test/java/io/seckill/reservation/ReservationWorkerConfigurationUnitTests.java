package io.seckill.reservation;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.seckill.common.messaging.DeliveryHandler;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.amqp.autoconfigure.RabbitProperties;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class ReservationWorkerConfigurationUnitTests {

	@Test
	void listenerContainersAcknowledgeBatchesByHandWithBoundedPrefetchAndFixedConcurrency() {
		DeliveryHandler deliveries = new DeliveryHandler("reservation", "seckill.reservations",
				new SimpleMeterRegistry(), DeliveryHandler.retryBackOff());
		SimpleRabbitListenerContainerFactory factory = new ReservationWorkerConfiguration()
			.rabbitListenerContainerFactory(new SimpleRabbitListenerContainerFactoryConfigurer(new RabbitProperties()),
					mock(ConnectionFactory.class), new ReservationProperties(3, 7, 5, Duration.ofMillis(30)),
					deliveries);

		SimpleMessageListenerContainer container = factory.createListenerContainer();

		assertThat(container.getAcknowledgeMode()).isEqualTo(AcknowledgeMode.MANUAL);
		assertThat(ReflectionTestUtils.getField(container, "prefetchCount")).isEqualTo(7);
		assertThat(ReflectionTestUtils.getField(container, "concurrentConsumers")).isEqualTo(3);
		assertThat(ReflectionTestUtils.getField(container, "maxConcurrentConsumers")).isEqualTo(3);
		assertThat(ReflectionTestUtils.getField(container, "defaultRequeueRejected")).isEqualTo(false);
		assertThat(ReflectionTestUtils.getField(container, "consumerBatchEnabled")).isEqualTo(true);
		assertThat(ReflectionTestUtils.getField(container, "batchSize")).isEqualTo(5);
		assertThat(ReflectionTestUtils.getField(container, "batchReceiveTimeout")).isEqualTo(30L);
	}

}
