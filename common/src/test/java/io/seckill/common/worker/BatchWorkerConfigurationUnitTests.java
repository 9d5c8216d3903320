package io.seckill.common.worker;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerEndpoint;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.amqp.autoconfigure.RabbitProperties;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.test.util.ReflectionTestUtils;

import io.seckill.common.messaging.DeliveryHandler;
import io.seckill.common.messaging.ManualAckListenerFactory;
import io.seckill.common.messaging.MessageCodec;
import io.seckill.common.messaging.ReservationConfirmed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class BatchWorkerConfigurationUnitTests {

	private final BatchWorker<ReservationConfirmed> worker = new BatchWorker<>("test", "test.queue",
			ReservationConfirmed.class, new ManualAckListenerFactory.ConsumerSettings(3, 7, 5, Duration.ofMillis(30)),
			(messages) -> List.of(), (message) -> Outcome.DONE);

	private final DeliveryHandler deliveries = new DeliveryHandler("test", "test.queue", new SimpleMeterRegistry(),
			DeliveryHandler.retryBackOff());

	@Test
	void listenerContainersAcknowledgeBatchesByHandWithBoundedPrefetchAndFixedConcurrency() {
		SimpleRabbitListenerContainerFactory factory = new BatchWorkerConfiguration().rabbitListenerContainerFactory(
				new SimpleRabbitListenerContainerFactoryConfigurer(new RabbitProperties()),
				mock(ConnectionFactory.class), this.worker, this.deliveries);

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

	@Test
	void theWorkersQueueIsConsumedInBatchesByTheBatchConsumer() {
		SimpleRabbitListenerEndpoint endpoint = BatchWorkerConfiguration.endpoint(this.worker, this.deliveries,
				new MessageCodec(JsonMapper.builder().build()));

		assertThat(endpoint.getQueueNames()).containsExactly("test.queue");
		assertThat(endpoint.getBatchListener()).isTrue();
		assertThat(endpoint.getMessageListener()).isInstanceOf(BatchConsumer.class);
	}

	enum Outcome {

		DONE

	}

}
