package io.seckill.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's HTTP client against a raw server socket that answers the way servers do at
 * the edges: chunked bodies, and keep-alive connections closed while idle.
 */
class SeckillApiUnitTests {

	private final ServerSocket server = serverSocket();

	private final AtomicInteger connections = new AtomicInteger();

	private final List<String> requestLines = new CopyOnWriteArrayList<>();

	/** Counted down each time the server has closed a connection. */
	private final CountDownLatch closed = new CountDownLatch(1);

	@AfterEach
	void close() throws IOException {
		this.server.close();
	}

	@Test
	void sendsAgainOnANewConnectionWhenTheServerClosedTheIdleOne() throws Exception {
		// Each connection answers one request, then the server closes it without saying
		// so.
		serve(1, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"saleId\":\"s-1\"}");
		try (SeckillApi api = api()) {
			ApiAnswer first = api.sale("s-1");
			assertThat(this.closed.await(5, TimeUnit.SECONDS)).as("the server closed the first connection").isTrue();
			ApiAnswer second = api.sale("s-1");

			assertThat(first.status()).isEqualTo(200);
			assertThat(second.status()).isEqualTo(200);
			assertThat(second.text("saleId")).isEqualTo("s-1");
			assertThat(this.connections).hasValue(2);
			assertThat(this.requestLines).containsExactly("GET /api/sales/s-1 HTTP/1.1", "GET /api/sales/s-1 HTTP/1.1");
		}
	}

	@Test
	void readsChunkedBodiesAndKeepsTheConnection() throws Exception {
		serve(3, "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
				+ "d\r\n{\"purchaseId\"\r\n7;ext=1\r\n:\"p-1\"}\r\n0\r\n\r\n");
		try (SeckillApi api = api()) {
			for (int i = 0; i < 3; i++) {
				ApiAnswer answer = api.purchase("token", "s-1", java.util.UUID.randomUUID());
				assertThat(answer.status()).isEqualTo(202);
				assertThat(answer.text("purchaseId")).isEqualTo("p-1");
			}
			assertThat(this.connections).hasValue(1);
		}
	}

	private SeckillApi api() {
		return new SeckillApi(URI.create("http://127.0.0.1:" + this.server.getLocalPort()), Duration.ofSeconds(5),
				JsonMapper.builder().build());
	}

	/** Answers {@code perConnection} requests on each connection with {@code answer}. */
	private void serve(int perConnection, String answer) {
		Thread.ofVirtual().start(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					this.connections.incrementAndGet();
					Thread.ofVirtual().start(() -> answer(socket, perConnection, answer));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	private void answer(Socket socket, int requests, String answer) {
		try (socket) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			OutputStream out = socket.getOutputStream();
			for (int i = 0; i < requests; i++) {
				this.requestLines.add(in.readLine());
				int length = 0;
				for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
					if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
						length = Integer.parseInt(header.substring(15).trim());
					}
				}
				in.skip(length);
				out.write(answer.getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
		}
		catch (IOException ex) {
			// the client went away
		}
		this.closed.countDown();
	}

	private static ServerSocket serverSocket() {
		try {
			return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
