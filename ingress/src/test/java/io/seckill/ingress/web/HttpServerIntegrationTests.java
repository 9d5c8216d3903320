package io.seckill.ingress.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingress's HTTP server as a client meets it, on a real socket: requests the codec
 * cannot read or that ask for what the API does not speak are refused with the documented
 * JSON and the connection closed, a client that dribbles its headers is cut off while
 * others are served, and the actuator lives on the management port alone (issue 12, items
 * 10, 11, 13 and 15).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "seckill.http.header-timeout=1s", "seckill.http.body-timeout=1s", "management.server.port=0",
				"seckill.relay.enabled=false", "seckill.security.jwt.secret=http-server-test-secret-0123456789-abcdef",
				"seckill.redis.sentinels=${SECKILL_TEST_SENTINELS:127.0.0.1:26390,127.0.0.1:26391,127.0.0.1:26392}",
				"seckill.redis.master-name=${SECKILL_TEST_REDIS_MASTER:seckill-test}",
				"spring.rabbitmq.virtual-host=${SECKILL_TEST_VHOST:seckill-test}" })
@TestPropertySource(locations = "classpath:test-database.properties")
class HttpServerIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String CLOSE = "Host: localhost\r\nConnection: close\r\n";

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Test
	void unreadableRequestsAre400JsonAndTheConnectionIsClosed() throws IOException {
		assertRefusal(raw("G@T /api/sales/x HTTP/1.1\r\n" + CLOSE + "\r\n"), 400, "bad_request");
		assertRefusal(raw("GET /api/sales/x HTTP/1.1\r\nHost: localhost\r\nHeader-Without-Colon\r\n\r\n"), 400,
				"bad_request");
		assertRefusal(raw("GET /api/sales/%zz HTTP/1.1\r\n" + CLOSE + "\r\n"), 400, "bad_request");
		assertRefusal(raw("GET /api/sales/a{b} HTTP/1.1\r\n" + CLOSE + "\r\n"), 400, "bad_request");
		// No Connection: close here: the server closes after refusing.
		assertRefusal(raw("GET /api/sales/x HTTP/1.1\r\nHost: localhost\r\nX-Name: caf\u00e9\r\n\r\n"), 400,
				"bad_request");
	}

	@Test
	void oversizedRequestLineAndHeadersHaveTheirOwnCodes() throws IOException {
		assertRefusal(raw("GET /api/sales/" + "y".repeat(20_000) + " HTTP/1.1\r\n" + CLOSE + "\r\n"), 414,
				"uri_too_long");
		assertRefusal(raw("GET /api/sales/x HTTP/1.1\r\n" + CLOSE + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n"), 431,
				"headers_too_large");
	}

	@Test
	void httpVersionsAndTransferCodingsTheApiDoesNotSpeakAreNamed() throws IOException {
		assertRefusal(raw("GET /api/sales/x HTTP/2.0\r\n" + CLOSE + "\r\n"), 505, "http_version_not_supported");
		assertRefusal(
				raw("POST /api/admin/sales HTTP/1.1\r\n" + CLOSE
						+ "Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
				501, "not_implemented");
	}

	@Test
	void traceIsAMethodNotAllowedAndTraversalIsRefusedByTheFirewall() throws IOException {
		Raw trace = raw("TRACE /api/sales/x HTTP/1.1\r\n" + CLOSE + "\r\n");
		assertThat(trace.status()).isEqualTo(405);
		assertThat(JSON.readTree(trace.body()).get("error").asString()).isEqualTo("method_not_allowed");
		Raw traversal = raw("GET /api/sales/..%2F..%2Fadmin HTTP/1.1\r\n" + CLOSE + "\r\n");
		assertThat(traversal.status()).isEqualTo(400);
		assertThat(JSON.readTree(traversal.body()).get("error").asString()).isEqualTo("bad_request");
	}

	@Test
	void clientThatDribblesItsHeadersIsCutOffWhileOthersAreServed() throws Exception {
		Dribbled dribbled = dribble("",
				"GET /api/sales/slow HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "z".repeat(100) + "\r\n\r\n");
		assertRefusal(dribbled.answer(), 408, "request_timeout");
		assertThat(dribbled.tookMillis()).as("cut off near the 1 s deadline").isBetween(800L, 3_000L);
	}

	@Test
	void clientThatDribblesItsBodyIsCutOffWhileOthersAreServed() throws Exception {
		Dribbled dribbled = dribble("POST /api/admin/sales HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n", "x".repeat(200));
		assertThat(dribbled.answer().closed()).as("the connection is closed").isTrue();
		assertThat(dribbled.tookMillis()).as("cut off near the 1 s deadline, not after the 10 s the body would take")
			.isBetween(800L, 3_000L);
	}

	/**
	 * Sends {@code atOnce}, then {@code slowly} a byte every 50 ms (which resets any idle
	 * timeout), checking that another client is served meanwhile.
	 */
	private Dribbled dribble(String atOnce, String slowly) throws Exception {
		try (Socket slow = new Socket("127.0.0.1", this.port)) {
			slow.setSoTimeout(5_000);
			OutputStream out = slow.getOutputStream();
			CompletableFuture<Raw> answer = CompletableFuture.supplyAsync(() -> read(slow));
			long started = System.nanoTime();
			out.write(atOnce.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			for (int i = 0; i < slowly.length() && !answer.isDone(); i++) {
				try {
					out.write(slowly.charAt(i));
					out.flush();
				}
				catch (IOException ex) {
					break;
				}
				Thread.sleep(50);
				if (i == 5) {
					assertThat(publicGet("/actuator/health/liveness").statusCode()).as("another client meanwhile")
						.isEqualTo(200);
				}
			}
			Raw received = answer.get();
			return new Dribbled(received, (System.nanoTime() - started) / 1_000_000);
		}
	}

	@Test
	void publicPortAnswersTheHealthChecksWithoutDetailsAndNothingElseOfTheActuator() throws Exception {
		for (String check : new String[] { "/actuator/health/liveness", "/actuator/health/readiness",
				"/actuator/health" }) {
			HttpResponse<String> answer = publicGet(check);
			JsonNode body = JSON.readTree(answer.body());
			assertThat(body.propertyNames()).as(check + ": " + answer.body()).containsExactly("status");
		}
		assertThat(publicGet("/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
		for (String endpoint : new String[] { "/actuator/prometheus", "/actuator/metrics", "/actuator" }) {
			HttpResponse<String> answer = publicGet(endpoint);
			assertThat(answer.statusCode()).as(endpoint).isEqualTo(404);
			assertThat(answer.body()).as(endpoint).doesNotContain("seckill_");
		}
		HttpResponse<String> metrics = get(this.managementPort, "/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("seckill_admission_limit");
		assertThat(JSON.readTree(get(this.managementPort, "/actuator/health").body()).has("components")).isTrue();
	}

	private HttpResponse<String> publicGet(String path) throws IOException, InterruptedException {
		return get(this.port, path);
	}

	private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

	private Raw raw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return read(socket);
		}
	}

	private static Raw read(Socket socket) {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		boolean closed = false;
		try {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			int n;
			while ((n = in.read(buffer)) >= 0) {
				received.write(buffer, 0, n);
			}
			closed = true;
		}
		catch (SocketTimeoutException ex) {
			// Still open after the wait: the caller asserts it was closed.
		}
		catch (IOException ex) {
			closed = true;
		}
		String answer = received.toString(StandardCharsets.UTF_8);
		int bodyStart = answer.indexOf("\r\n\r\n");
		return new Raw((answer.length() >= 12) ? Integer.parseInt(answer.substring(9, 12)) : -1,
				(bodyStart >= 0) ? answer.substring(0, bodyStart) : answer,
				(bodyStart >= 0) ? answer.substring(bodyStart + 4) : "", closed);
	}

	private static void assertRefusal(Raw answer, int status, String error) {
		assertThat(answer.status()).as(answer.head()).isEqualTo(status);
		assertThat(answer.head().toLowerCase()).contains("content-type: application/json");
		JsonNode json = JSON.readTree(answer.body());
		assertThat(json.propertyNames()).containsExactlyInAnyOrder("error", "message");
		assertThat(json.get("error").asString()).isEqualTo(error);
		assertThat(answer.closed()).as("the connection is closed after the refusal").isTrue();
	}

	private record Raw(int status, String head, String body, boolean closed) {
	}

	private record Dribbled(Raw answer, long tookMillis) {
	}

}
