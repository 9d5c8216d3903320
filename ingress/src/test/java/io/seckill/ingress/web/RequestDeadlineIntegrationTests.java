package io.seckill.ingress.web;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request deadlines keep nothing of a request once it was answered. Reactor Netty's
 * request timeout, used before, held every request (its headers, its operations) in a
 * scheduled task until the timeout passed: at the bench's 10,000 requests a second and
 * the default 10 s, 100,000 requests lived in the heap and a 256 MB ingress ran out of
 * memory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "seckill.http.header-timeout=60s", "seckill.http.body-timeout=60s", "management.server.port=0",
				"seckill.relay.enabled=false", "seckill.security.jwt.secret=http-server-test-secret-0123456789-abcdef",
				"seckill.redis.sentinels=${SECKILL_TEST_SENTINELS:127.0.0.1:26390,127.0.0.1:26391,127.0.0.1:26392}",
				"seckill.redis.master-name=${SECKILL_TEST_REDIS_MASTER:seckill-test}",
				"spring.rabbitmq.virtual-host=${SECKILL_TEST_VHOST:seckill-test}" })
@TestPropertySource(locations = "classpath:test-database.properties")
class RequestDeadlineIntegrationTests {

	private static final int REQUESTS = 30_000;

	@LocalServerPort
	private int port;

	@Test
	void answeredRequestsAreNotKeptUntilTheirDeadline() throws Exception {
		HttpRequest liveness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/liveness"))
			.timeout(Duration.ofSeconds(10))
			.build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			// Warm up (classes, connection) before the first measurement.
			for (int i = 0; i < 1_000; i++) {
				assertThat(client.send(liveness, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
			}
			long before = heapAfterCollection();
			for (int i = 0; i < REQUESTS; i++) {
				assertThat(client.send(liveness, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
			}
			long grown = heapAfterCollection() - before;
			// About 1 KB a request stayed before (30 MB here); nothing should now.
			assertThat(grown).as("heap kept by %d answered requests", REQUESTS).isLessThan(10L * 1024 * 1024);
		}
	}

	private static long heapAfterCollection() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
