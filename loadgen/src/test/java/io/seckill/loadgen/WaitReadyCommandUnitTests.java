package io.seckill.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WaitReadyCommandUnitTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@TempDir
	Path dir;

	@Test
	void saysEachServiceIsReadyOnItsPort() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/actuator/health/readiness", (exchange) -> {
			byte[] body = "{\"status\":\"UP\",\"groups\":[]}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream response = exchange.getResponseBody()) {
				response.write(body);
			}
		});
		server.start();
		try {
			String port = Integer.toString(server.getAddress().getPort());
			Path pidfile = Files.writeString(this.dir.resolve("ingress.pid"), ProcessHandle.current().pid() + "\n");

			int exit = run("--", "ingress", port, pidfile.toString(), this.dir.resolve("ingress.log").toString());

			assertThat(exit).isZero();
			assertThat(text(this.out)).isEqualTo("ingress is ready on :" + port + "\n");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void aServiceWithoutAProcessExitedDuringStartUp() throws Exception {
		Path log = Files.writeString(this.dir.resolve("order-worker.log"), "APPLICATION FAILED TO START\n");

		int exit = run("--timeout", "5", "--", "order-worker", "1", this.dir.resolve("order-worker.pid").toString(),
				log.toString());

		assertThat(exit).isEqualTo(1);
		assertThat(text(this.err)).isEqualTo("seckill: order-worker exited during start-up; last lines of " + log
				+ ":\nAPPLICATION FAILED TO START\n");
	}

	@Test
	void servicesComeInFours() throws Exception {
		assertThat(run("--", "ingress", "8080")).isEqualTo(2);
		assertThat(text(this.err)).contains("NAME PORT PIDFILE LOG");
	}

	private int run(String... args) throws InterruptedException {
		String[] command = new String[args.length + 1];
		command[0] = "wait-ready";
		System.arraycopy(args, 0, command, 1, args.length);
		return Loadgen.run(command, Map.of(), print(this.out), print(this.err));
	}

	private static PrintStream print(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

	private static String text(ByteArrayOutputStream bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
