package io.seckill.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public HTTP API, as a client application uses it.
 */
final class Api {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
		.build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String baseUrl;

	Api(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	Answer createSale(String saleId, int stock, int perUserLimit) {
		return createSale(saleId, stock, perUserLimit, Instant.now().minusSeconds(1), Instant.now().plusSeconds(3600));
	}

	Answer createSale(String saleId, int stock, int perUserLimit, Instant startsAt, Instant endsAt) {
		String body = """
				{"saleId":"%s","item":"Phone %s","stock":%d,"perUserLimit":%d,"startsAt":"%s","endsAt":"%s"}"""
			.formatted(saleId, saleId, stock, perUserLimit, startsAt, endsAt);
		return send(post("/api/admin/sales", Tokens.admin(), body));
	}

	Answer sale(String saleId) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/sales/" + saleId)).GET());
	}

	Answer purchase(String saleId, String userId, int quantity) {
		return purchase(saleId, userId, quantity, UUID.randomUUID().toString());
	}

	Answer purchase(String saleId, String userId, int quantity, String idempotencyKey) {
		return send(
				post("/api/sales/" + saleId + "/purchases", Tokens.shopper(userId), "{\"quantity\":" + quantity + "}")
					.header("Idempotency-Key", idempotencyKey));
	}

	Answer poll(String purchaseId, String userId) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/purchases/" + purchaseId))
			.header("Authorization", "Bearer " + Tokens.shopper(userId))
			.GET());
	}

	Answer pay(String orderId, String userId) {
		return send(post("/api/orders/" + orderId + "/payment", Tokens.shopper(userId), ""));
	}

	HttpRequest.Builder post(String path, String token, String body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return (token != null) ? builder.header("Authorization", "Bearer " + token) : builder;
	}

	Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body(), response);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status status code
	 * @param body raw body
	 * @param response the whole response, for headers
	 */
	record Answer(int status, String body, HttpResponse<String> response) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String text(String field) {
			JsonNode node = json().get(field);
			return (node == null || node.isNull()) ? null : node.asString();
		}

	}

}
