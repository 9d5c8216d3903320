package io.seckill.systemtests;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product promise under a crowd: every item sold exactly once, nobody above the
 * per-user limit, every shopper told "you're in" ends decided, queues drained.
 */
class FlashSaleIntegrationTests {

	private static SeckillSystem system;

	@BeforeAll
	static void startSystem() {
		system = SeckillSystem.get();
	}

	@Test
	void crowdOf3000AttemptsFrom1000UsersBuysExactlyTheStock() {
		Api api = system.api();
		String saleId = "crowd-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.createSale(saleId, 200, 2).status()).isEqualTo(201);

		Crowd.Result crowd = Crowd.rush(api, saleId, 3000, 1000, 100);
		System.out.println("[crowd] " + crowd.summary());

		assertThat(crowd.count(202)).as("accepted purchases").isEqualTo(200);
		assertThat(crowd.count(202) + crowd.count(409) + crowd.count(410)).as("every attempt answered 202/409/410")
			.isEqualTo(3000);
		Map<String, String> decided = Crowd.awaitDecided(api, crowd.accepted(), Duration.ofSeconds(90));
		assertThat(decided.values()).as("every 202 ends CONFIRMED").containsOnly("CONFIRMED");

		assertThat(Database.orderRows(saleId)).as("order rows").isEqualTo(200);
		assertThat(Database.liveOrderedQuantity(saleId)).as("items sold").isEqualTo(200);
		assertThat(Database.reserved(saleId)).as("stock reserved in the database").isEqualTo(200);
		assertThat(Database.usersAboveLimit(saleId, 2)).as("shoppers above the limit").isZero();
		assertThat(Database.duplicatePurchaseIds(saleId)).as("duplicate orders").isZero();
		assertThat(api.sale(saleId).text("status")).isEqualTo("SOLD_OUT");
		assertThat(api.sale(saleId).json().get("remaining").asLong()).isZero();
		await("queues drained").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (String queue : Infrastructure.QUEUES) {
				assertThat(Infrastructure.messagesIn(queue)).as(queue).isZero();
			}
		});
	}

}
