package io.seckill.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open-loop client against a real HTTP server on loopback: every request on the
 * schedule is sent once, as a rotating shopper with a fresh Idempotency-Key.
 */
class OpenLoopUnitTests {

	private HttpServer server;

	private final Set<String> keys = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicInteger> byToken = new ConcurrentHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void sendsEveryScheduledPurchaseOnceWithItsOwnKeyAndRotatingShoppers() throws InterruptedException {
		OpenLoop loop = new OpenLoop(settings(200, 4), List.of("t1", "t2", "t3", "t4"));

		OpenLoop.Result result = loop.run((answered) -> {
		});

		assertThat(result.scheduled()).isEqualTo(200);
		assertThat(result.answered()).isEqualTo(200);
		assertThat(result.unanswered()).isZero();
		assertThat(result.statuses()).containsExactly(Map.entry(202, 200));
		assertThat(this.requests).hasValue(200);
		assertThat(this.keys).hasSize(200);
		assertThat(this.byToken).hasSize(4).allSatisfy((token, count) -> assertThat(count).hasValue(50));
		assertThat(result.latencies().count()).isEqualTo(200);
		assertThat(result.toJson()).containsKeys("rate", "achievedPerSecond", "percentiles", "timeline");
	}

	@Test
	void refusedConnectionsAreCountedAsFailuresNotLost() throws InterruptedException {
		int port = this.server.getAddress().getPort();
		this.server.stop(0);
		OpenLoop loop = new OpenLoop(new OpenLoop.Settings("127.0.0.1", port, "/api/sales/s/purchases", "test", 50,
				Duration.ofSeconds(1), 2, Duration.ofSeconds(5)), List.of("t1"));

		OpenLoop.Result result = loop.run((answered) -> {
		});

		assertThat(result.answered()).isEqualTo(50);
		assertThat(result.statuses()).containsExactly(Map.entry(0, 50));
		assertThat(result.failures()).isEqualTo(50);
	}

	private OpenLoop.Settings settings(int rate, int connections) {
		return new OpenLoop.Settings("127.0.0.1", this.server.getAddress().getPort(), "/api/sales/s/purchases", "test",
				rate, Duration.ofSeconds(1), connections, Duration.ofSeconds(10));
	}

	private void answer(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		exchange.getRequestBody().readAllBytes();
		this.keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
		this.byToken.computeIfAbsent(exchange.getRequestHeaders().getFirst("Authorization"), (t) -> new AtomicInteger())
			.incrementAndGet();
		byte[] body = "{\"purchaseId\":\"p\",\"status\":\"PENDING\"}".getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(202, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
