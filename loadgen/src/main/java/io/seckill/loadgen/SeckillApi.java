package io.seckill.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The calls of the public HTTP contract the demo makes (DESIGN.md, "HTTP contract (v1)").
 * Never throws for an HTTP or network failure: every outcome is an {@link ApiAnswer}, so
 * a burst counts refused connections next to status codes. Thread-safe; one instance
 * shares its connections between all shoppers.
 */
final class SeckillApi implements AutoCloseable {

	private static final String PURCHASE_BODY = "{\"quantity\":1}";

	private final URI base;

	private final Duration requestTimeout;

	private final HttpClient http;

	private final JsonMapper json;

	SeckillApi(URI base, Duration requestTimeout, JsonMapper json) {
		this.base = base;
		this.requestTimeout = requestTimeout;
		this.json = json;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	ApiAnswer createSale(String adminToken, NewSale sale) {
		return send(post("/api/admin/sales", adminToken, this.json.writeValueAsString(sale)).build());
	}

	ApiAnswer purchase(String token, String saleId, UUID idempotencyKey) {
		return send(post("/api/sales/" + saleId + "/purchases", token, PURCHASE_BODY)
			.header("Idempotency-Key", idempotencyKey.toString())
			.build());
	}

	ApiAnswer createSale(String adminToken, NewRoomSale sale) {
		return send(post("/api/admin/sales", adminToken, this.json.writeValueAsString(sale)).build());
	}

	ApiAnswer queue(String token, String saleId) {
		return send(post("/api/sales/" + saleId + "/queue", token, "").build());
	}

	ApiAnswer ticket(String token, String saleId, String ticket, int waitSeconds) {
		return send(get("/api/sales/" + saleId + "/queue/" + ticket + "?wait=" + waitSeconds + "s")
			.header("Authorization", "Bearer " + token)
			.build());
	}

	ApiAnswer purchase(String token, String saleId, UUID idempotencyKey, String ticket) {
		return send(post("/api/sales/" + saleId + "/purchases", token, PURCHASE_BODY)
			.header("Idempotency-Key", idempotencyKey.toString())
			.header("Seckill-Ticket", ticket)
			.build());
	}

	ApiAnswer purchaseStatus(String token, String purchaseId) {
		return send(get("/api/purchases/" + purchaseId).header("Authorization", "Bearer " + token).build());
	}

	ApiAnswer sale(String saleId) {
		return send(get("/api/sales/" + saleId).build());
	}

	private HttpRequest.Builder post(String path, String token, String body) {
		return request(path).header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body));
	}

	private HttpRequest.Builder get(String path) {
		return request(path).GET();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(this.base.resolve(path))
			.timeout(this.requestTimeout)
			.header("Accept", "application/json");
	}

	private ApiAnswer send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
			return ApiAnswer.of(response.statusCode(), parse(response.body()));
		}
		catch (IOException ex) {
			return ApiAnswer
				.failed(ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : ""));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ApiAnswer.failed("interrupted");
		}
	}

	private JsonNode parse(String body) {
		if (body.isBlank()) {
			return MissingNode.getInstance();
		}
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return MissingNode.getInstance();
		}
	}

	@Override
	public void close() {
		this.http.close();
	}

	/**
	 * Body of {@code POST /api/admin/sales}; times serialize as ISO-8601 UTC instants.
	 *
	 * @param saleId the sale's id
	 * @param item what is sold
	 * @param stock items for sale
	 * @param perUserLimit most items per shopper
	 * @param startsAt when purchases open
	 * @param endsAt when purchases close
	 */
	record NewSale(String saleId, String item, int stock, int perUserLimit, Instant startsAt, Instant endsAt) {
	}

	/**
	 * Body of {@code POST /api/admin/sales} for a sale with a waiting room.
	 *
	 * @param saleId the sale's id
	 * @param item what is sold
	 * @param stock items for sale
	 * @param perUserLimit most items per shopper
	 * @param startsAt when purchases open
	 * @param endsAt when purchases close
	 * @param waitingRoom its waiting room
	 */
	record NewRoomSale(String saleId, String item, int stock, int perUserLimit, Instant startsAt, Instant endsAt,
			Room waitingRoom) {
	}

	/**
	 * A waiting room's settings.
	 *
	 * @param admissionRate shoppers per second, or {@code "automatic"}
	 * @param preQueueSeconds how long before the opening tickets are handed out
	 * @param admissionWindowSeconds how long an admitted shopper may buy
	 */
	record Room(Object admissionRate, int preQueueSeconds, int admissionWindowSeconds) {
	}

}
