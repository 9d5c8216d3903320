package io.seckill.ingress.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AlertWebhookUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<Integer> received = new CopyOnWriteArrayList<>();

	private HttpServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void noticesArriveInTheOrderTheyWerePosted() throws Exception {
		AlertWebhook webhook = new AlertWebhook(startServer(), Duration.ofSeconds(2), JSON, "123@host");

		IntStream.range(0, 50).forEach((i) -> webhook.post(new Numbered(i)));

		await().atMost(Duration.ofSeconds(20)).until(() -> this.received.size() == 50);
		assertThat(this.received).isEqualTo(IntStream.range(0, 50).boxed().toList());
	}

	@Test
	void withoutAWebhookNothingIsSent() throws Exception {
		AlertWebhook webhook = new AlertWebhook(null, Duration.ofSeconds(2), JSON, "123@host");

		assertThat(webhook.post(new Numbered(1)).get(1, TimeUnit.SECONDS)).isZero();
	}

	private URI startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		// Several handler threads, as a real receiver has: order is the sender's to keep.
		this.server.setExecutor(Executors.newFixedThreadPool(8));
		this.server.createContext("/alerts", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.received.add(JSON.readTree(body).get("number").asInt());
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.start();
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/alerts");
	}

	record Numbered(int number) {
	}

}
