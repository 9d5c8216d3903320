package io.seckill.systemtests;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
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

	/**
	 * Creates a sale with a waiting room (issue 11).
	 * @param saleId the sale
	 * @param stock items
	 * @param perUserLimit per-user limit
	 * @param startsAt opening
	 * @param admissionRate admitted per second
	 * @param admissionWindowSeconds how long an admitted ticket may buy
	 * @return the answer
	 */
	Answer createRoomSale(String saleId, int stock, int perUserLimit, Instant startsAt, int admissionRate,
			int admissionWindowSeconds) {
		String body = """
				{"saleId":"%s","item":"Phone %s","stock":%d,"perUserLimit":%d,"startsAt":"%s","endsAt":"%s",
				"waitingRoom":{"admissionRate":%d,"preQueueSeconds":600,"admissionWindowSeconds":%d}}""".formatted(
				saleId, saleId, stock, perUserLimit, startsAt, startsAt.plusSeconds(3600), admissionRate,
				admissionWindowSeconds);
		return send(post("/api/admin/sales", Tokens.admin(), body));
	}

	/**
	 * Takes a ticket of a sale's waiting room.
	 * @param saleId the sale
	 * @param userId the shopper
	 * @return the answer
	 */
	Answer queue(String saleId, String userId) {
		return send(post("/api/sales/" + saleId + "/queue", Tokens.shopper(userId), ""));
	}

	/**
	 * Where a ticket stands.
	 * @param saleId the sale
	 * @param ticket the ticket
	 * @param userId the shopper asking
	 * @param wait the {@code ?wait=} value, or {@code null} for none
	 * @return the answer
	 */
	Answer ticket(String saleId, String ticket, String userId, String wait) {
		String query = (wait != null) ? "?wait=" + wait : "";
		return send(request("/api/sales/" + saleId + "/queue/" + ticket + query)
			.header("Authorization", "Bearer " + Tokens.shopper(userId))
			.GET());
	}

	/**
	 * A purchase carrying a waiting room ticket ({@code Seckill-Ticket}).
	 * @param saleId the sale
	 * @param userId the shopper
	 * @param ticket the ticket, or {@code null} for none
	 * @param idempotencyKey the key
	 * @return the answer
	 */
	Answer purchaseWithTicket(String saleId, String userId, String ticket, String idempotencyKey) {
		HttpRequest.Builder request = post("/api/sales/" + saleId + "/purchases", Tokens.shopper(userId),
				"{\"quantity\":1}")
			.header("Idempotency-Key", idempotencyKey);
		return send((ticket != null) ? request.header("Seckill-Ticket", ticket) : request);
	}

	/**
	 * A purchase poll with a {@code ?wait=} (issue 11).
	 * @param purchaseId the purchase
	 * @param userId the shopper
	 * @param wait the {@code ?wait=} value as sent
	 * @return the answer
	 */
	Answer poll(String purchaseId, String userId, String wait) {
		return send(request("/api/purchases/" + purchaseId + "?wait=" + wait)
			.header("Authorization", "Bearer " + Tokens.shopper(userId))
			.GET());
	}

	Answer pay(String orderId, String userId) {
		return send(post("/api/orders/" + orderId + "/payment", Tokens.shopper(userId), ""));
	}

	/**
	 * A request to any path of this ingress, for calls the methods above do not make.
	 * @param path the path, sent as written (no normalisation, no encoding)
	 * @return the request builder
	 */
	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path));
	}

	/**
	 * Sends bytes as they are over a new connection, for requests an HTTP client refuses
	 * to make (a malformed request line, an invalid escape, a header without a colon).
	 * @param request the whole request; the connection is closed after the answer
	 * @return the answer; its {@code response} is {@code null}
	 */
	Answer raw(String request) {
		URI uri = URI.create(this.baseUrl);
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int status = Integer.parseInt(answer.substring(9, 12));
			int bodyStart = answer.indexOf("\r\n\r\n");
			String body = (bodyStart >= 0) ? answer.substring(bodyStart + 4) : "";
			return new Answer(status, unchunk(answer.substring(0, Math.max(0, bodyStart)), body), null);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Raw request failed: " + ex.getMessage(), ex);
		}
	}

	private static String unchunk(String head, String body) {
		if (!head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
			return body;
		}
		StringBuilder joined = new StringBuilder();
		int at = 0;
		while (at < body.length()) {
			int lineEnd = body.indexOf("\r\n", at);
			int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
			if (size == 0) {
				break;
			}
			joined.append(body, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
		return joined.toString();
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
	 * @param response the whole response, for headers ({@code null} for {@link #raw})
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
