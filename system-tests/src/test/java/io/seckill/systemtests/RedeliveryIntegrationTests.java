package io.seckill.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.BeforeAll;

import io.seckill.common.messaging.PurchaseAccepted;
import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.messaging.SeckillTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RabbitMQ delivers at least once: the same message twice must change the database once.
 */
class RedeliveryIntegrationTests {

	private static Api api;

	@BeforeAll
	static void startSystem() {
		api = SeckillSystem.get().api();
	}

	@Test
	void sameReservationMessageTwiceReservesOnceAndCreatesOneOrder() {
		String saleId = newSale();
		String purchaseId = UUID.randomUUID().toString();
		String message = """
				{"purchaseId":"%s","saleId":"%s","userId":"twice","quantity":1,"acceptedAt":"%s"}"""
			.formatted(purchaseId, saleId, Instant.now());

		publish(SeckillTopology.RESERVATIONS_ROUTING_KEY, PurchaseAccepted.class, purchaseId, message);
		publish(SeckillTopology.RESERVATIONS_ROUTING_KEY, PurchaseAccepted.class, purchaseId, message);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Database.orderRows(saleId)).isEqualTo(1));
		awaitQueuesDrained();
		assertThat(Database.count("SELECT COUNT(*) FROM reservations WHERE purchase_id = ?", purchaseId)).isEqualTo(1);
		assertThat(Database.reserved(saleId)).isEqualTo(1);
		assertThat(Database.orderRows(saleId)).isEqualTo(1);
	}

	@Test
	void sameOrderMessageTwiceCreatesOneOrder() {
		String saleId = newSale();
		String purchaseId = UUID.randomUUID().toString();
		String message = """
				{"purchaseId":"%s","saleId":"%s","userId":"twice","quantity":1}""".formatted(purchaseId, saleId);

		publish(SeckillTopology.ORDERS_ROUTING_KEY, ReservationConfirmed.class, purchaseId, message);
		publish(SeckillTopology.ORDERS_ROUTING_KEY, ReservationConfirmed.class, purchaseId, message);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Database.orderRows(saleId)).isEqualTo(1));
		awaitQueuesDrained();
		assertThat(Database.count("SELECT COUNT(*) FROM orders WHERE purchase_id = ?", purchaseId)).isEqualTo(1);
	}

	private static String newSale() {
		String saleId = "redeliver-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.createSale(saleId, 5, 1).status()).isEqualTo(201);
		return saleId;
	}

	private static void publish(String routingKey, Class<?> type, String messageId, String json) {
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
			.contentEncoding("UTF-8")
			.deliveryMode(2)
			.messageId(messageId)
			.headers(Map.of("__TypeId__", type.getName()))
			.build();
		Infrastructure.withChannel((channel) -> {
			channel.confirmSelect();
			channel.basicPublish(SeckillTopology.EXCHANGE, routingKey, true, properties,
					json.getBytes(StandardCharsets.UTF_8));
			try {
				channel.waitForConfirmsOrDie(5000);
			}
			catch (InterruptedException | java.util.concurrent.TimeoutException ex) {
				throw new IllegalStateException(ex);
			}
			return null;
		});
	}

	static void awaitQueuesDrained() {
		await("queues drained").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (String queue : Infrastructure.QUEUES) {
				assertThat(Infrastructure.messagesIn(queue)).as(queue).isZero();
			}
		});
	}

}
