package io.seckill.loadgen.service;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReadinessUnitTests {

	private static final Readiness QUICK = new Readiness(Duration.ofSeconds(1), Duration.ofMillis(50));

	@TempDir
	Path dir;

	private HttpServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void returnsOnceTheProbeAnswersUp() throws Exception {
		URI probe = probeAnswering("OUT_OF_SERVICE", "OUT_OF_SERVICE", "UP");

		QUICK.await(new StartingService("ingress", () -> true, probe, log(1)));

		assertThat(QUICK.status(probe)).isEqualTo("UP");
	}

	@Test
	void failsAtOnceWhenTheProcessEndedWithTheEndOfItsLog() throws Exception {
		Path log = log(50);
		Readiness patient = new Readiness(Duration.ofMinutes(5), Duration.ofMillis(50));

		assertThatExceptionOfType(Readiness.NotReadyException.class)
			.isThrownBy(() -> patient.await(new StartingService("order-worker-2", () -> false, unanswered(), log)))
			.withMessageStartingWith("order-worker-2 exited during start-up; last lines of " + log + ":\nline 11\n")
			.withMessageEndingWith("\nline 50");
	}

	@Test
	void failsAfterTheTimeoutSayingWhatTheProbeAnswered() throws Exception {
		URI probe = probeAnswering("DOWN");

		assertThatExceptionOfType(Readiness.NotReadyException.class)
			.isThrownBy(() -> QUICK.await(new StartingService("ingress", () -> true, probe, log(1))))
			.withMessageStartingWith("ingress is not ready after 1s (readiness: DOWN); last lines of ");
	}

	@Test
	void aProbeThatDoesNotAnswerIsNoAnswer() throws Exception {
		assertThatExceptionOfType(Readiness.NotReadyException.class)
			.isThrownBy(() -> QUICK.await(new StartingService("ingress", () -> true, unanswered(), log(1))))
			.withMessageStartingWith("ingress is not ready after 1s (readiness: no answer); ");
	}

	/** A readiness probe that answers the given statuses in turn, then the last one. */
	private URI probeAnswering(String... statuses) throws IOException {
		Deque<String> answers = new ArrayDeque<>(List.of(statuses));
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/actuator/health/readiness", (exchange) -> {
			String status = (answers.size() > 1) ? answers.poll() : answers.peek();
			byte[] body = ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders("UP".equals(status) ? 200 : 503, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/actuator/health/readiness");
	}

	private static URI unanswered() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/actuator/health/readiness");
		}
	}

	private Path log(int lines) throws IOException {
		Path log = this.dir.resolve("service.log");
		Files.write(log, IntStream.rangeClosed(1, lines).mapToObj((i) -> "line " + i).toList());
		return log;
	}

}
