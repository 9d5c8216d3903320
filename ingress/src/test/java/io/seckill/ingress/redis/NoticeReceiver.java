package io.seckill.ingress.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A webhook receiver on a free local port: keeps every JSON notice posted to it and
 * answers {@code 204}. Several handler threads, as a real receiver has, so the order in
 * which notices arrive is the sender's to keep.
 */
final class NoticeReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ExecutorService handlers = Executors.newFixedThreadPool(8);

	private final List<JsonNode> notices = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	NoticeReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(this.handlers);
		this.server.createContext("/alerts", (exchange) -> {
			this.notices
				.add(JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.start();
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/alerts");
	}

	/** The notices received so far, in arrival order. */
	List<JsonNode> notices() {
		return this.notices;
	}

	/**
	 * Waits for notices.
	 * @param count how many
	 * @return all notices received, once there are at least that many
	 */
	List<JsonNode> awaitNotices(int count) {
		await("%d notices".formatted(count)).atMost(Duration.ofSeconds(20)).until(() -> this.notices.size() >= count);
		return this.notices;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.handlers.shutdownNow();
	}

}
