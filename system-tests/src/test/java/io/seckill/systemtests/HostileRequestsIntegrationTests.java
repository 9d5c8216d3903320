package io.seckill.systemtests;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile traffic against the running ingress (issue 6): malformed and huge bodies, wrong
 * types, forged/expired/unsigned tokens, traversal and over-long ids, wrong methods and
 * content types, admin calls by shoppers, raw malformed HTTP, and the rate limits. Every
 * refusal must be the documented 4xx with exactly {@code {"error","message"}} as JSON (no
 * 5xx, no stack trace, no HTML), and must leave the sale's stock, its reservations and
 * its orders untouched.
 * <p>
 * The rate limits are checked on a second ingress started with small limits (one request
 * per 5 s, bursts of 2 per shopper and 5 per address) and forwarded-header support, so
 * each test acts as a client address of its own (the shared ingress exempts loopback,
 * where every test client comes from).
 */
class HostileRequestsIntegrationTests {

	private static final int STOCK = 5;

	private static SeckillSystem system;

	private static Api api;

	private static ServiceProcess limitedIngress;

	private static Api limited;

	@BeforeAll
	static void startSystem() {
		system = SeckillSystem.get();
		api = system.api();
		limitedIngress = ServiceProcess.start("ingress", "ingress-hostile-limits",
				Map.of("SECKILL_RATE_LIMIT_USER_RPS", "0.2", "SECKILL_RATE_LIMIT_USER_BURST", "2",
						"SECKILL_RATE_LIMIT_ADDRESS_RPS", "0.2", "SECKILL_RATE_LIMIT_ADDRESS_BURST", "5",
						"SERVER_FORWARD_HEADERS_STRATEGY", "native", "SECKILL_RELAY_ENABLED", "false"));
		limited = new Api(limitedIngress.baseUrl());
	}

	@AfterAll
	static void stopLimitedIngress() {
		if (limitedIngress != null) {
			limitedIngress.stop();
		}
	}

	@Test
	void malformedBodiesAre400AndChangeNothing() {
		String saleId = newSale(2);
		List<String> bodies = List.of("{", "}", "{\"quantity\":}", "{\"quantity\":1", "not json", "[]", "[1]", "\"1\"",
				"1", "null", "true", "{\"quantity\":1}{\"quantity\":1}", "{\"quantity\":1} trailing",
				"{\"quantity\":1,}", "{'quantity':1}", "{quantity:1}", "{\"quantity\":1,\"quantity\":2}",
				"{\"quantity\":01}", "{\"quantity\":NaN}", "{\"quantity\":1\u0000}", "[".repeat(200) + "]".repeat(200),
				"{\"a\":".repeat(50) + "1" + "}".repeat(50));
		for (String body : bodies) {
			assertRefusal(purchase(saleId, "malformed", body), 400, "malformed_body");
		}
		byte[] invalidUtf8 = { '{', '"', 'q', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}' };
		assertRefusal(api
			.send(purchaseRequest(saleId, Tokens.shopper("malformed")).POST(BodyPublishers.ofByteArray(invalidUtf8))),
				400, "malformed_body");
		assertUntouched(saleId);
	}

	@Test
	void wrongTypesUnknownFieldsAndOutOfRangeQuantitiesAre400() {
		String saleId = newSale(2);
		List<String> mistyped = List.of("{\"quantity\":\"1\"}", "{\"quantity\":1.5}", "{\"quantity\":1.0}",
				"{\"quantity\":1e0}", "{\"quantity\":true}", "{\"quantity\":[1]}", "{\"quantity\":{}}",
				"{\"quantity\":\"\"}", "{\"quantity\":99999999999999999999}", "{\"quantity\":1,\"userId\":\"victim\"}",
				"{\"quantity\":1,\"saleId\":\"other\"}", "{\"quantity\":1,\"price\":0}", "{\"Quantity\":1}");
		for (String body : mistyped) {
			assertRefusal(purchase(saleId, "typist", body), 400, "malformed_body");
		}
		// One code for a quantity outside 1 and the sale's limit, wherever it is caught.
		for (String body : List.of("{\"quantity\":0}", "{\"quantity\":-1}", "{\"quantity\":-0}", "{\"quantity\":101}",
				"{\"quantity\":2147483647}")) {
			assertRefusal(purchase(saleId, "typist", body), 400, "invalid_quantity");
		}
		assertRefusal(purchase(saleId, "typist", "{\"quantity\":3}"), 400, "invalid_quantity");
		assertUntouched(saleId);
	}

	@Test
	void hugeBodiesAre413WhetherDeclaredOrChunked() {
		String saleId = newSale(2);
		byte[] megabyte = ("{\"quantity\":1" + " ".repeat(1024 * 1024) + "}").getBytes(StandardCharsets.UTF_8);
		byte[] justOver = ("{\"quantity\":1" + " ".repeat(9 * 1024) + "}").getBytes(StandardCharsets.UTF_8);

		assertRefusal(
				api.send(purchaseRequest(saleId, Tokens.shopper("bulky")).POST(BodyPublishers.ofByteArray(megabyte))),
				413, "payload_too_large");
		assertRefusal(
				api.send(purchaseRequest(saleId, Tokens.shopper("bulky"))
					.POST(BodyPublishers.fromPublisher(BodyPublishers.ofByteArray(megabyte)))),
				413, "payload_too_large");
		assertRefusal(
				api.send(purchaseRequest(saleId, Tokens.shopper("bulky")).POST(BodyPublishers.ofByteArray(justOver))),
				413, "payload_too_large");
		assertRefusal(
				api.send(
						api.post("/api/admin/sales", Tokens.admin(),
								"{\"saleId\":\"big-" + shortId() + "\",\"item\":\"" + "x".repeat(20_000)
										+ "\",\"stock\":1,\"endsAt\":\"2099-01-01T00:00:00Z\"}")),
				413, "payload_too_large");
		assertUntouched(saleId);
	}

	@Test
	void forgedExpiredUnsignedAndMalformedTokensAre401() {
		String saleId = newSale(2);
		long now = Instant.now().getEpochSecond();
		List<String> tokens = List.of("garbage", "a.b.c", "", Tokens.unsigned("mallory", "admin"),
				Tokens.sign("mallory", "purchase", Instant.now().plusSeconds(600),
						"not-the-secret-not-the-secret-not-the-secret"),
				Tokens.sign("late", "purchase", Instant.now().minusSeconds(600), TestEnvironment.JWT_SECRET),
				Tokens.custom("{\"alg\":\"HS512\",\"typ\":\"JWT\"}",
						"{\"sub\":\"mallory\",\"exp\":" + (now + 600) + "}", "HmacSHA512"),
				Tokens.custom("{\"alg\":\"HS384\",\"typ\":\"JWT\"}",
						"{\"sub\":\"mallory\",\"exp\":" + (now + 600) + "}", "HmacSHA384"),
				Tokens.rs256("mallory", "admin"), Tokens.tamperedToAdmin("mallory"),
				Tokens.withClaims("{\"sub\":\"forever\"}"), Tokens.withClaims("{\"exp\":" + (now + 600) + "}"),
				Tokens.withClaims("{\"sub\":\"../../admin\",\"exp\":" + (now + 600) + "}"),
				Tokens.withClaims("{\"sub\":\"" + "a".repeat(129) + "\",\"exp\":" + (now + 600) + "}"),
				Tokens.withClaims("{\"sub\":\"early\",\"nbf\":" + (now + 600) + ",\"exp\":" + (now + 1200) + "}"));
		for (String token : tokens) {
			Api.Answer answer = api.send(purchaseRequest(saleId, null).header("Authorization", "Bearer " + token)
				.POST(BodyPublishers.ofString("{\"quantity\":1}")));
			assertRefusal(answer, 401, "unauthorized");
			assertThat(answer.response().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		}
		assertRefusal(api.send(purchaseRequest(saleId, null).POST(BodyPublishers.ofString("{\"quantity\":1}"))), 401,
				"unauthorized");
		assertRefusal(api.send(purchaseRequest(saleId, null).header("Authorization", "Basic b3BzOm9wcw==")
			.POST(BodyPublishers.ofString("{\"quantity\":1}"))), 401, "unauthorized");
		assertRefusal(api
			.send(api.request("/api/sales/" + saleId + "/purchases?access_token=" + Tokens.shopper("query-string-user"))
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", UUID.randomUUID().toString())
				.POST(BodyPublishers.ofString("{\"quantity\":1}"))), 401, "unauthorized");
		assertUntouched(saleId);
	}

	@Test
	void adminCallsWithShopperOrForgedTokensAreRefusedAndCreateNothing() {
		String saleId = "hostile-admin-" + shortId();
		String body = "{\"saleId\":\"" + saleId
				+ "\",\"item\":\"x\",\"stock\":1000,\"endsAt\":\"2099-01-01T00:00:00Z\"}";

		assertRefusal(api.send(api.post("/api/admin/sales", Tokens.shopper("shopper"), body)), 403, "forbidden");
		for (String forged : List.of(Tokens.unsigned("ops", "admin"), Tokens.tamperedToAdmin("ops"),
				Tokens.rs256("ops", "admin"),
				Tokens.sign("ops", "admin", Instant.now().minusSeconds(600), TestEnvironment.JWT_SECRET))) {
			assertRefusal(api.send(api.post("/api/admin/sales", forged, body)), 401, "unauthorized");
		}
		assertRefusal(api.sale(saleId), 404, "not_found");
	}

	@Test
	void traversalOddAndOverlongIdsAreRefusedWithJson() {
		String saleId = newSale(2);
		String token = Tokens.shopper("walker");
		// Tomcat and Spring Security's firewall refuse these before any controller.
		for (String path : List.of("/api/sales/..%2F..%2Fadmin%2Fsales/purchases", "/api/sales/%2e%2e/purchases",
				"/api/sales/" + saleId + ";jsessionid=x/purchases", "/api/sales/../admin/sales",
				"/api/purchases/..%2F..%2Fetc%2Fpasswd", "/api/purchases/%00", "/api/sales/%zz",
				"/api/sales/" + saleId + "%5C..%5Cpurchases")) {
			assertRefusal(
					api.raw("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
							+ "\r\nContent-Type: application/json\r\nIdempotency-Key: " + UUID.randomUUID()
							+ "\r\nContent-Length: 14\r\nConnection: close\r\n\r\n{\"quantity\":1}"),
					400, "bad_request");
		}
		for (String badSale : List.of("x".repeat(65), "x".repeat(5000), "a%2A", "a%7Db%7B", "sale%20id",
				"%C3%A9t%C3%A9", "..a")) {
			assertRefusal(api.send(purchaseRequest(badSale, token).POST(BodyPublishers.ofString("{\"quantity\":1}"))),
					404, "not_found");
		}
		assertRefusal(api.sale("x".repeat(65)), 404, "not_found");
		for (String badPurchase : List.of("x".repeat(5000), "3F1C7C0E-1B2A-4C5D-8E9F-0A1B2C3D4E5F",
				"%27%20OR%201%3D1--", "*")) {
			assertRefusal(
					api.send(api.request("/api/purchases/" + badPurchase).header("Authorization", "Bearer " + token)),
					404, "not_found");
		}
		for (String badOrder : List.of("x".repeat(5000), "%27%20OR%20%271%27%3D%271", "1")) {
			assertRefusal(api.send(api.request("/api/orders/" + badOrder + "/payment")
				.header("Authorization", "Bearer " + token)
				.POST(BodyPublishers.noBody())), 404, "not_found");
		}
		assertRefusal(api.sale("y".repeat(20_000)), 414, "uri_too_long");
		assertUntouched(saleId);
	}

	@Test
	void idempotencyKeysOutsideTheirShapeAre400() {
		String saleId = newSale(2);
		for (String key : List.of("short", "x".repeat(101), "has space-123", "brace{}-1234", "star*-12345",
				"../../etc/x", "key,other-key")) {
			assertRefusal(api.purchase(saleId, "keyholder", 1, key), 400, "invalid_idempotency_key");
		}
		assertRefusal(
				api.send(purchaseRequest(saleId, Tokens.shopper("keyholder")).header("Idempotency-Key", "abcdefgh1")
					.POST(BodyPublishers.ofString("{\"quantity\":1}"))),
				400, "invalid_idempotency_key");
		assertUntouched(saleId);
	}

	@Test
	void wrongMethodsContentTypesAndAcceptAreJsonRefusals() {
		String saleId = newSale(2);
		String token = Tokens.shopper("methodical");
		String path = "/api/sales/" + saleId + "/purchases";
		for (String method : List.of("PUT", "PATCH", "DELETE", "GET", "TRACE")) {
			assertRefusal(api.send(api.request(path)
				.header("Authorization", "Bearer " + token)
				.method(method, BodyPublishers.noBody())), 405, "method_not_allowed");
		}
		assertRefusal(api.send(api.request("/api/orders/" + UUID.randomUUID() + "/payment")
			.header("Authorization", "Bearer " + token)
			.GET()), 405, "method_not_allowed");
		assertRefusal(api.send(api.request("/api/admin/sales")
			.header("Authorization", "Bearer " + Tokens.admin())
			.method("DELETE", BodyPublishers.noBody())), 405, "method_not_allowed");
		for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
				"multipart/form-data; boundary=x", "application/octet-stream")) {
			assertRefusal(api.send(purchaseRequest(saleId, token).setHeader("Content-Type", contentType)
				.POST(BodyPublishers.ofString("quantity=1"))), 415, "unsupported_media_type");
		}
		assertRefusal(api.send(purchaseRequest(saleId, token).header("Accept", "text/html")
			.POST(BodyPublishers.ofString("{\"quantity\":1}"))), 406, "not_acceptable");
		assertUntouched(saleId);
	}

	@Test
	void malformedHttpAndTheErrorPageAnswerJson() {
		String host = "Host: localhost\r\nConnection: close\r\n";
		assertRefusal(api.raw("GET /api/sales/%zz HTTP/1.1\r\n" + host + "\r\n"), 400, "bad_request");
		assertRefusal(api.raw("GET /api/sales/x HTTP/1.1\r\n" + host + "Header-Without-Colon\r\n\r\n"), 400,
				"bad_request");
		assertRefusal(api.raw("GET /api/sales/x HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n"),
				431, "headers_too_large");
		assertRefusal(api.raw("GET /api/sales/x HTTP/2.0\r\n" + host + "\r\n"), 505, "http_version_not_supported");
		assertRefusal(
				api.raw("POST /api/admin/sales HTTP/1.1\r\n" + host + "Authorization: Bearer " + Tokens.admin()
						+ "\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
				501, "not_implemented");
		assertRefusal(api.raw("G@T /api/sales/x HTTP/1.1\r\n" + host + "\r\n"), 400, "bad_request");
		assertRefusal(api.send(api.request("/error").GET()), 404, "not_found");
		assertRefusal(api.send(api.request("/error").header("Accept", "text/html").GET()), 404, "not_found");
		assertRefusal(api.send(api.request("/nothing-here").header("Accept", "text/html").GET()), 401, "unauthorized");
	}

	@Test
	void headerValuesThatAreNotAsciiAre400JsonWhateverTheyAreFor() {
		String saleId = newSale(2);
		String host = "Host: localhost\r\nConnection: close\r\n";
		// The bytes 0xd1 0x8e (UTF-8 of a Cyrillic letter), sent as they are.
		String nonAscii = "\u00d1\u008e";
		assertRefusal(api.raw("POST /api/sales/" + saleId + "/purchases HTTP/1.1\r\n" + host + "Authorization: Bearer "
				+ Tokens.shopper("unicode") + "\r\nContent-Type: application/json\r\nIdempotency-Key: key-" + nonAscii
				+ "-123\r\nContent-Length: 14\r\n\r\n{\"quantity\":1}"), 400, "bad_request");
		assertRefusal(api.raw("GET /dashboard HTTP/1.1\r\n" + host + "If-Modified-Since: " + nonAscii + "\r\n\r\n"),
				400, "bad_request");
		assertRefusal(
				api.raw("GET /api/sales/" + saleId + " HTTP/1.1\r\n" + host + "Accept: text/" + nonAscii + "\r\n\r\n"),
				400, "bad_request");
		assertUntouched(saleId);
	}

	@Test
	void purchaseBeforeTheStartIs403SayingWhenAndManyKeysDoNotBypassTheLimit() {
		String later = "hostile-later-" + shortId();
		Instant opens = Instant.now().plusSeconds(3600);
		assertThat(api.createSale(later, STOCK, 1, opens, opens.plusSeconds(600)).status()).isEqualTo(201);
		for (int i = 0; i < 5; i++) {
			Api.Answer early = api.purchase(later, "eager-" + i, 1);
			assertRefusal(early, 403, "sale_not_open");
			assertThat(early.text("message")).contains(opens.toString().substring(0, 16));
		}
		assertUntouched(later);

		String saleId = newSale(1);
		assertThat(api.purchase(saleId, "greedy", 1).status()).isEqualTo(202);
		for (int i = 0; i < 8; i++) {
			assertRefusal(api.purchase(saleId, "greedy", 1), 409, "limit_reached");
		}
		assertThat(remaining(saleId)).isEqualTo(STOCK - 1);
	}

	@Test
	void shopperOverTheirAttemptRateIs429WithRetryAfter() {
		String saleId = "hostile-rate-" + shortId();
		Instant opens = Instant.now().plusSeconds(3600);
		assertThat(api.createSale(saleId, STOCK, 1, opens, opens.plusSeconds(600)).status()).isEqualTo(201);
		String address = "203.0.113." + (1 + (int) (Math.random() * 200));

		assertRefusal(limitedPurchase(saleId, "hasty", address), 403, "sale_not_open");
		assertRefusal(limitedPurchase(saleId, "hasty", address), 403, "sale_not_open");
		Api.Answer limitedAnswer = limitedPurchase(saleId, "hasty", address);

		assertRefusal(limitedAnswer, 429, "rate_limited");
		assertRetryAfterWithin(limitedAnswer, 5);
		assertRefusal(limitedPurchase(saleId, "calm", address), 403, "sale_not_open");
		assertUntouched(saleId);
	}

	@Test
	void addressOverItsBudgetIs429WithRetryAfterBeforeAuthentication() {
		String saleId = newSale(2);
		String address = "198.51.100." + (1 + (int) (Math.random() * 200));
		for (int i = 0; i < 5; i++) {
			assertRefusal(limited.send(limited.request("/api/sales/" + saleId + "/purchases")
				.header("X-Forwarded-For", address)
				.header("Authorization", "Bearer forged")
				.POST(BodyPublishers.ofString("{\"quantity\":1}"))), 401, "unauthorized");
		}

		Api.Answer refused = limited.send(limited.request("/api/sales/" + saleId).header("X-Forwarded-For", address));

		assertRefusal(refused, 429, "rate_limited");
		assertRetryAfterWithin(refused, 5);
		assertThat(
				limited.send(limited.request("/api/sales/" + saleId).header("X-Forwarded-For", address + "1")).status())
			.as("another address has its own budget")
			.isEqualTo(200);
		assertUntouched(saleId);
	}

	private static void assertRetryAfterWithin(Api.Answer answer, int seconds) {
		assertThat(answer.response().headers().firstValue("Retry-After"))
			.hasValueSatisfying((value) -> assertThat(Integer.parseInt(value)).isBetween(1, seconds));
	}

	private static Api.Answer limitedPurchase(String saleId, String userId, String address) {
		return limited
			.send(limited.post("/api/sales/" + saleId + "/purchases", Tokens.shopper(userId), "{\"quantity\":1}")
				.header("Idempotency-Key", UUID.randomUUID().toString())
				.header("X-Forwarded-For", address));
	}

	private static Api.Answer purchase(String saleId, String userId, String body) {
		return api.send(purchaseRequest(saleId, Tokens.shopper(userId)).POST(BodyPublishers.ofString(body)));
	}

	private static HttpRequest.Builder purchaseRequest(String saleId, String token) {
		HttpRequest.Builder builder = api.request("/api/sales/" + saleId + "/purchases")
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", UUID.randomUUID().toString());
		return (token != null) ? builder.header("Authorization", "Bearer " + token) : builder;
	}

	private static String newSale(int perUserLimit) {
		String saleId = "hostile-" + shortId();
		assertThat(api.createSale(saleId, STOCK, perUserLimit).status()).isEqualTo(201);
		return saleId;
	}

	private static long remaining(String saleId) {
		return api.sale(saleId).json().get("remaining").asLong();
	}

	/**
	 * Redis still offers the whole stock, and the database holds no reservation or order.
	 */
	private static void assertUntouched(String saleId) {
		assertThat(remaining(saleId)).as("remaining stock of " + saleId).isEqualTo(STOCK);
		assertThat(Database.reserved(saleId)).as("reserved in the database").isZero();
		assertThat(Database.orderRows(saleId)).as("order rows").isZero();
	}

	private static void assertRefusal(Api.Answer answer, int status, String error) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		if (answer.response() != null) {
			assertThat(answer.response().headers().firstValue("Content-Type")).as(answer.body())
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		}
		JsonNode json = answer.json();
		if (status == 409) {
			// limit_reached names what the shopper holds.
			assertThat(json.propertyNames()).as(answer.body())
				.containsExactlyInAnyOrder("error", "message", "purchaseIds");
		}
		else {
			assertThat(json.propertyNames()).as(answer.body()).containsExactlyInAnyOrder("error", "message");
		}
		assertThat(json.get("error").asString()).as(answer.body()).isEqualTo(error);
		assertThat(json.get("message").asString()).as(answer.body())
			.isNotBlank()
			.doesNotContain("Exception", "\tat ", "org.springframework", "io.seckill");
	}

	private static String shortId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
