package io.seckill.systemtests;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The documented answers of the HTTP contract, each checked on the running system, and
 * that a refusal changes no stock.
 */
class PurchaseApiIntegrationTests {

	private static SeckillSystem system;

	private static Api api;

	@BeforeAll
	static void startSystem() {
		system = SeckillSystem.get();
		api = system.api();
	}

	@Test
	void replayWithSameKeyReturnsSamePurchaseAndTakesStockOnce() {
		String saleId = newSale(5, 1);
		String key = UUID.randomUUID().toString();

		Api.Answer first = api.purchase(saleId, "replayer", 1, key);
		Api.Answer again = api.purchase(saleId, "replayer", 1, key);

		assertThat(first.status()).isEqualTo(202);
		assertThat(first.response().headers().firstValue("Location"))
			.hasValue("/api/purchases/" + first.text("purchaseId"));
		assertThat(again.status()).isEqualTo(202);
		assertThat(again.text("purchaseId")).isEqualTo(first.text("purchaseId"));
		assertThat(remaining(saleId)).isEqualTo(4);
	}

	@Test
	void keyReusedWithDifferentBodyIs422() {
		String saleId = newSale(5, 3);
		String key = UUID.randomUUID().toString();
		assertThat(api.purchase(saleId, "reuser", 1, key).status()).isEqualTo(202);

		Api.Answer reused = api.purchase(saleId, "reuser", 2, key);

		assertError(reused, 422, "idempotency_key_reused");
		assertThat(remaining(saleId)).isEqualTo(4);
	}

	@Test
	void secondPurchaseBeyondLimitIs409AndManyKeysDoNotBypassIt() {
		String saleId = newSale(10, 1);
		Api.Answer bought = api.purchase(saleId, "greedy", 1);
		assertThat(bought.status()).isEqualTo(202);

		for (int i = 0; i < 5; i++) {
			Api.Answer refused = api.purchase(saleId, "greedy", 1);
			assertError(refused, 409, "limit_reached");
			// A client that lost its 202 learns what it bought (issue 12 item 4).
			assertThat(refused.json().get("purchaseIds").values()).extracting((id) -> id.asString())
				.containsExactly(bought.text("purchaseId"));
		}
		assertThat(remaining(saleId)).isEqualTo(9);
	}

	@Test
	void soldOutIs410() {
		String saleId = newSale(1, 1);
		assertThat(api.purchase(saleId, "first", 1).status()).isEqualTo(202);

		assertError(api.purchase(saleId, "second", 1), 410, "sold_out");
		assertThat(api.sale(saleId).text("status")).isEqualTo("SOLD_OUT");
	}

	@Test
	void saleNotYetOpenIs403AndSaysWhenItOpens() {
		String saleId = "later-" + shortId();
		Instant opens = Instant.now().plusSeconds(3600);
		assertThat(api.createSale(saleId, 5, 1, opens, opens.plusSeconds(600)).status()).isEqualTo(201);

		Api.Answer early = api.purchase(saleId, "eager", 1);

		assertError(early, 403, "sale_not_open");
		assertThat(early.text("message")).contains(opens.toString().substring(0, 16));
		assertThat(api.sale(saleId).text("status")).isEqualTo("SCHEDULED");
		assertThat(remaining(saleId)).isEqualTo(5);
	}

	@Test
	void endedSaleIs403() {
		String saleId = "over-" + shortId();
		Instant start = Instant.now().minusSeconds(7200);
		assertThat(api.createSale(saleId, 5, 1, start, start.plusSeconds(60)).status()).isEqualTo(201);

		assertError(api.purchase(saleId, "late", 1), 403, "sale_ended");
		assertThat(api.sale(saleId).text("status")).isEqualTo("ENDED");
	}

	@Test
	void unknownSaleIs404() {
		assertError(api.purchase("no-such-sale-" + shortId(), "lost", 1), 404, "not_found");
		assertError(api.sale("no-such-sale-" + shortId()), 404, "not_found");
	}

	@Test
	void quantityAboveLimitOrBelowOneIs400AndChangesNothing() {
		String saleId = newSale(5, 2);

		assertError(api.purchase(saleId, "bulk", 3), 400, "invalid_quantity");
		assertError(api.purchase(saleId, "zero", 0), 400, "invalid_quantity");
		assertThat(remaining(saleId)).isEqualTo(5);
	}

	@Test
	void missingIdempotencyKeyIs400() {
		String saleId = newSale(5, 1);
		Api.Answer answer = api
			.send(api.post("/api/sales/" + saleId + "/purchases", Tokens.shopper("nokey"), "{\"quantity\":1}"));

		assertError(answer, 400, "missing_idempotency_key");
		assertThat(remaining(saleId)).isEqualTo(5);
	}

	@Test
	void missingForgedOrExpiredTokenIs401() {
		String saleId = newSale(5, 1);
		String path = "/api/sales/" + saleId + "/purchases";
		String forged = Tokens.sign("mallory", "admin", Instant.now().plusSeconds(600),
				"not-the-secret-not-the-secret-not-the-secret");
		String expired = Tokens.sign("late", "purchase", Instant.now().minusSeconds(600), TestEnvironment.JWT_SECRET);

		for (String token : new String[] { null, forged, expired }) {
			Api.Answer answer = api
				.send(api.post(path, token, "{\"quantity\":1}").header("Idempotency-Key", shortId() + shortId()));
			assertError(answer, 401, "unauthorized");
		}
		assertThat(remaining(saleId)).isEqualTo(5);
	}

	@Test
	void adminCallWithShopperTokenIs403AndDuplicateSaleIs409() {
		String saleId = newSale(5, 1);
		String body = "{\"saleId\":\"x-" + shortId() + "\",\"item\":\"x\",\"stock\":1,\"endsAt\":\""
				+ Instant.now().plusSeconds(60) + "\"}";

		assertError(api.send(api.post("/api/admin/sales", Tokens.shopper("shopper"), body)), 403, "forbidden");
		assertError(api.createSale(saleId, 5, 1), 409, "sale_exists");
	}

	@Test
	void saleTimesAreIsoTextWithinTheYears2000To9999() {
		String saleId = "times-" + shortId();
		for (String endsAt : List.of("\"+10000-01-01T00:00:00Z\"", "\"+1000000000-01-01T00:00:00Z\"",
				"\"1999-12-31T23:59:59Z\"")) {
			String body = "{\"saleId\":\"" + saleId + "\",\"item\":\"x\",\"stock\":1,\"endsAt\":" + endsAt + "}";
			assertError(api.send(api.post("/api/admin/sales", Tokens.admin(), body)), 400, "invalid_request");
		}
		for (String endsAt : List.of("4102444800", "4102444800000", "\"next week\"", "\"2099-13-01T00:00:00Z\"")) {
			String body = "{\"saleId\":\"" + saleId + "\",\"item\":\"x\",\"stock\":1,\"endsAt\":" + endsAt + "}";
			assertError(api.send(api.post("/api/admin/sales", Tokens.admin(), body)), 400, "malformed_body");
		}
		assertError(api.sale(saleId), 404, "not_found");
	}

	@Test
	void invalidSaleIs400() {
		String body = "{\"saleId\":\"bad id!\",\"item\":\"x\",\"stock\":-1,\"endsAt\":\""
				+ Instant.now().plusSeconds(60) + "\"}";

		assertError(api.send(api.post("/api/admin/sales", Tokens.admin(), body)), 400, "invalid_request");
	}

	@Test
	void anotherShoppersPurchaseIs404() {
		String saleId = newSale(5, 1);
		String purchaseId = api.purchase(saleId, "owner", 1).text("purchaseId");

		assertThat(api.poll(purchaseId, "owner").status()).isEqualTo(200);
		assertError(api.poll(purchaseId, "snoop"), 404, "not_found");
	}

	@Test
	void pollShowsConfirmedWithOrderIdOncePipelineDecided() {
		String saleId = newSale(5, 1);
		String purchaseId = api.purchase(saleId, "patient", 1).text("purchaseId");

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Api.Answer polled = api.poll(purchaseId, "patient");
			assertThat(polled.text("status")).isEqualTo("CONFIRMED");
			assertThat(polled.text("orderId")).isNotBlank();
			assertThat(polled.text("saleId")).isEqualTo(saleId);
		});
	}

	@Test
	void wrongMethodAndContentTypeAreJsonErrors() {
		String saleId = newSale(5, 1);
		Api.Answer wrongType = api
			.send(HttpRequest.newBuilder(URI.create(system.ingress().baseUrl() + "/api/sales/" + saleId + "/purchases"))
				.header("Authorization", "Bearer " + Tokens.shopper("typist"))
				.header("Idempotency-Key", shortId() + shortId())
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString("quantity=1")));
		Api.Answer wrongMethod = api
			.send(HttpRequest.newBuilder(URI.create(system.ingress().baseUrl() + "/api/sales/" + saleId + "/purchases"))
				.header("Authorization", "Bearer " + Tokens.shopper("typist"))
				.DELETE());

		assertError(wrongType, 415, "unsupported_media_type");
		assertError(wrongMethod, 405, "method_not_allowed");
		assertThat(remaining(saleId)).isEqualTo(5);
	}

	private static String newSale(int stock, int limit) {
		String saleId = "api-" + shortId();
		assertThat(api.createSale(saleId, stock, limit).status()).isEqualTo(201);
		return saleId;
	}

	private static long remaining(String saleId) {
		return api.sale(saleId).json().get("remaining").asLong();
	}

	private static void assertError(Api.Answer answer, int status, String error) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.text("error")).isEqualTo(error);
		assertThat(answer.text("message")).isNotBlank();
	}

	private static String shortId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
