package io.seckill.loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The calls of the public HTTP contract the demo makes (DESIGN.md, "HTTP contract (v1)").
 * Never throws for an HTTP or network failure: every outcome is an {@link ApiAnswer}, so
 * a burst counts refused connections next to status codes. Thread-safe; one instance
 * shares a pool of keep-alive connections ({@link HttpConnection}) between all shoppers:
 * as many as there are calls in flight at once.
 */
final class SeckillApi implements AutoCloseable {

	private static final String PURCHASE_BODY = "{\"quantity\":1}";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final ThreadLocal<Long> CONNECTING = new ThreadLocal<>();

	private final String host;

	private final int port;

	private final Duration requestTimeout;

	private final JsonMapper json;

	/** Idle keep-alive connections, the most recently used first. */
	private final Deque<HttpConnection> idle = new ConcurrentLinkedDeque<>();

	SeckillApi(URI base, Duration requestTimeout, JsonMapper json) {
		if (!"http".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
			throw new UsageException("the demo speaks plain HTTP to the ingress: --url http://host:port, not " + base);
		}
		this.host = base.getHost();
		this.port = (base.getPort() >= 0) ? base.getPort() : 80;
		this.requestTimeout = requestTimeout;
		this.json = json;
	}

	ApiAnswer createSale(String adminToken, NewSale sale) {
		return send("POST", "/api/admin/sales", adminToken, this.json.writeValueAsString(sale));
	}

	ApiAnswer purchase(String token, String saleId, UUID idempotencyKey) {
		return send("POST", "/api/sales/" + saleId + "/purchases", token, PURCHASE_BODY, "Idempotency-Key",
				idempotencyKey.toString());
	}

	ApiAnswer createSale(String adminToken, NewRoomSale sale) {
		return send("POST", "/api/admin/sales", adminToken, this.json.writeValueAsString(sale));
	}

	ApiAnswer queue(String token, String saleId) {
		return send("POST", "/api/sales/" + saleId + "/queue", token, "");
	}

	ApiAnswer ticket(String token, String saleId, String ticket, int waitSeconds) {
		return send("GET", "/api/sales/" + saleId + "/queue/" + ticket + "?wait=" + waitSeconds + "s", token, null);
	}

	ApiAnswer purchase(String token, String saleId, UUID idempotencyKey, String ticket) {
		return send("POST", "/api/sales/" + saleId + "/purchases", token, PURCHASE_BODY, "Idempotency-Key",
				idempotencyKey.toString(), "Seckill-Ticket", ticket);
	}

	ApiAnswer purchaseStatus(String token, String purchaseId) {
		return send("GET", "/api/purchases/" + purchaseId, token, null);
	}

	ApiAnswer sale(String saleId) {
		return send("GET", "/api/sales/" + saleId, null, null);
	}

	/**
	 * One call on a pooled keep-alive connection. A reused connection the server had
	 * closed while idle is replaced and the request sent once more: nothing of it was
	 * answered, and every call the demo repeats this way is idempotent (purchases by
	 * their key, reads, a sale created once).
	 */
	private ApiAnswer send(String method, String path, @Nullable String token, @Nullable String body,
			String... headers) {
		byte[] request = request(method, path, token, body, headers);
		HttpConnection connection = null;
		long connecting = 0;
		try {
			HttpConnection.Answer answer;
			connection = this.idle.pollFirst();
			if (connection == null) {
				long started = System.nanoTime();
				connection = open();
				connecting += System.nanoTime() - started;
			}
			try {
				answer = connection.exchange(request, true);
			}
			catch (HttpConnection.NotAnswered ex) {
				connection.close();
				long started = System.nanoTime();
				connection = open();
				connecting += System.nanoTime() - started;
				answer = connection.exchange(request, true);
			}
			if (connection.mustClose()) {
				connection.close();
			}
			else {
				this.idle.offerFirst(connection);
			}
			connection = null;
			return ApiAnswer.of(answer.status(), parse(answer.body()));
		}
		catch (IOException ex) {
			return ApiAnswer
				.failed(ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : ""));
		}
		finally {
			CONNECTING.set(connecting);
			if (connection != null) {
				connection.close();
			}
		}
	}

	/**
	 * How long the calling thread's last call spent opening a connection (0 when it
	 * reused an idle one): a burst's first requests each open one, and a slow
	 * {@code connect} is latency the server never sees.
	 * @return nanoseconds
	 */
	static long lastConnectingNanos() {
		Long nanos = CONNECTING.get();
		return (nanos != null) ? nanos : 0;
	}

	private byte[] request(String method, String path, @Nullable String token, @Nullable String body,
			String... headers) {
		StringBuilder head = new StringBuilder(512).append(method)
			.append(' ')
			.append(path)
			.append(" HTTP/1.1\r\nHost: ")
			.append(this.host)
			.append(':')
			.append(this.port)
			.append("\r\nAccept: application/json\r\n");
		if (token != null) {
			head.append("Authorization: Bearer ").append(token).append("\r\n");
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (body != null) {
			head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
		}
		byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
		byte[] request = Arrays.copyOf(start, start.length + content.length);
		System.arraycopy(content, 0, request, start.length, content.length);
		return request;
	}

	private HttpConnection open() throws IOException {
		return HttpConnection.open(this.host, this.port, CONNECT_TIMEOUT, this.requestTimeout);
	}

	private JsonNode parse(byte[] body) {
		if (body.length == 0) {
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
		for (HttpConnection connection = this.idle.pollFirst(); connection != null; connection = this.idle
			.pollFirst()) {
			connection.close();
		}
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

		/**
		 * A sale open from now for {@code length}: it starts a second back, so it is open
		 * even if the ingress's clock reads a little earlier.
		 * @param saleId the sale's id
		 * @param item what is sold
		 * @param stock items for sale
		 * @param perUserLimit most items per shopper
		 * @param now the current time
		 * @param length how long it stays open
		 * @return the sale
		 */
		static NewSale openNow(String saleId, String item, int stock, int perUserLimit, Instant now, Duration length) {
			Instant startsAt = now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
			return new NewSale(saleId, item, stock, perUserLimit, startsAt, startsAt.plus(length));
		}

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
