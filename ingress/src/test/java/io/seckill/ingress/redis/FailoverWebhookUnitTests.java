package io.seckill.ingress.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.redis.HostAndPort;
import io.seckill.common.redis.RedisMasterSwitched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class FailoverWebhookUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CompletableFuture<String> received = new CompletableFuture<>();

	private HttpServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void postsAJsonNoticeForAFailover() throws Exception {
		URI url = startServer(204);
		FailoverWebhook webhook = new FailoverWebhook(new AlertWebhook(url, Duration.ofSeconds(2), JSON, "123@host"));

		webhook.on(switched());

		JsonNode notice = JSON.readTree(this.received.get(5, TimeUnit.SECONDS));
		assertThat(notice.get("event").asString()).isEqualTo("redis.failover");
		assertThat(notice.get("masterName").asString()).isEqualTo("seckill");
		assertThat(notice.get("from").asString()).isEqualTo("127.0.0.1:6380");
		assertThat(notice.get("to").asString()).isEqualTo("127.0.0.1:6381");
		assertThat(notice.get("detectedBy").asString()).isEqualTo("+switch-master from 127.0.0.1:26380");
		assertThat(notice.get("instance").asString()).isEqualTo("123@host");
	}

	@Test
	void aDeadReceiverCostsALogLineNotAnException() throws Exception {
		URI url = startServer(204);
		this.server.stop(0);
		FailoverWebhook webhook = new FailoverWebhook(new AlertWebhook(url, Duration.ofSeconds(1), JSON, "123@host"));

		assertThat(webhook.post(switched()).get(5, TimeUnit.SECONDS)).isEqualTo(-1);
	}

	@Test
	void sendsNothingForTheFirstMasterOfAProcess() throws Exception {
		URI url = startServer(204);
		FailoverWebhook webhook = new FailoverWebhook(new AlertWebhook(url, Duration.ofSeconds(1), JSON, "123@host"));
		Instant at = Instant.now();

		webhook
			.on(new RedisMasterSwitched("seckill", null, new HostAndPort("127.0.0.1", 6380), at, at, "sentinel poll"));

		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(this.received).isNotDone());
	}

	@Test
	void refusesAWebhookThatIsNotAnHttpUrl() {
		assertThat(AlertWebhook.url(" ")).isNull();
		assertThat(AlertWebhook.url("https://alerts.example.com/hook")).hasHost("alerts.example.com");
		assertThatIllegalStateException().isThrownBy(() -> AlertWebhook.url("ftp://alerts.example.com/hook"))
			.withMessageContaining("SECKILL_ALERT_WEBHOOK");
		assertThatIllegalStateException().isThrownBy(() -> AlertWebhook.url("alerts.example.com/hook"))
			.withMessageContaining("SECKILL_ALERT_WEBHOOK");
	}

	private URI startServer(int status) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/alerts", (exchange) -> {
			this.received.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.server.start();
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/alerts");
	}

	private static RedisMasterSwitched switched() {
		Instant at = Instant.parse("2026-11-25T10:00:00Z");
		return new RedisMasterSwitched("seckill", new HostAndPort("127.0.0.1", 6380),
				new HostAndPort("127.0.0.1", 6381), at, at.plusMillis(5), "+switch-master from 127.0.0.1:26380");
	}

}
