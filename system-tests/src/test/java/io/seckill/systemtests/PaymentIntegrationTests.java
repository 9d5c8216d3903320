package io.seckill.systemtests;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Payment deadlines (the test system runs with a 15 s payment timeout): a paid order
 * stays paid; an unpaid one expires and its item goes to another shopper.
 */
class PaymentIntegrationTests {

	private static Api api;

	@BeforeAll
	static void startSystem() {
		api = SeckillSystem.get().api();
	}

	@Test
	void paidOrderStaysWhileUnpaidOrderExpiresAndItsItemIsBoughtBySomeoneElse() {
		String paidSale = newSale();
		String unpaidSale = newSale();
		String paidOrder = confirmedOrder(paidSale, "payer");
		String unpaidPurchase = api.purchase(unpaidSale, "dawdler", 1).text("purchaseId");
		String unpaidOrder = awaitOrder(unpaidPurchase, "dawdler");

		Api.Answer paid = api.pay(paidOrder, "payer");
		assertThat(paid.status()).as(paid.body()).isEqualTo(200);
		assertThat(paid.text("status")).isEqualTo("PAID");
		assertThat(api.pay(paidOrder, "payer").status()).as("paying twice").isEqualTo(200);
		assertThat(api.pay(paidOrder, "someone-else").status()).as("another shopper's order").isEqualTo(404);
		assertThat(api.purchase(unpaidSale, "next-in-line", 1).status()).as("sold out while held").isEqualTo(410);

		await("unpaid order expires").atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(api.poll(unpaidPurchase, "dawdler").text("status")).isEqualTo("EXPIRED"));

		assertThat(api.pay(unpaidOrder, "dawdler").status()).as("paying an expired order").isEqualTo(409);
		// The database gives the item back with the expiry; Redis, where shoppers buy,
		// gets
		// it in the same sweep, right after (see OrderExpirySweeper).
		await("the expired order's item is back on sale").atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(api.sale(unpaidSale).json().get("remaining").asLong()).isEqualTo(1));
		Api.Answer resold = api.purchase(unpaidSale, "next-in-line", 1);
		assertThat(resold.status()).as(resold.body()).isEqualTo(202);
		awaitOrder(resold.text("purchaseId"), "next-in-line");
		assertThat(Database.liveOrderedQuantity(unpaidSale)).isEqualTo(1);
		assertThat(Database.count("SELECT COUNT(*) FROM orders WHERE sale_id = ? AND status = 'EXPIRED'", unpaidSale))
			.isEqualTo(1);

		assertThat(api.poll(paidOrderPurchase(paidOrder), "payer").text("status")).isEqualTo("PAID");
		assertThat(Database.count("SELECT COUNT(*) FROM orders WHERE order_id = ? AND status = 'PAID'", paidOrder))
			.isEqualTo(1);
	}

	private static String newSale() {
		String saleId = "pay-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.createSale(saleId, 1, 1).status()).isEqualTo(201);
		return saleId;
	}

	private static String confirmedOrder(String saleId, String userId) {
		String purchaseId = api.purchase(saleId, userId, 1).text("purchaseId");
		return awaitOrder(purchaseId, userId);
	}

	private static String awaitOrder(String purchaseId, String userId) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> {
			Api.Answer polled = api.poll(purchaseId, userId);
			return "CONFIRMED".equals(polled.text("status")) ? polled.text("orderId") : null;
		}, (orderId) -> orderId != null);
	}

	private static String paidOrderPurchase(String orderId) {
		return (String) Database.query("SELECT purchase_id FROM orders WHERE order_id = ?", java.util.List.of(orderId))
			.get(0)
			.get(0);
	}

}
