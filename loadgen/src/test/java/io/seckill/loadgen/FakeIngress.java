package io.seckill.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process stand-in for ingress that speaks the HTTP contract of DESIGN.md well
 * enough for the load generator: one sale, stock and per-user limit in memory, purchases
 * decided on their first poll. Behaviours can be bent to fake a broken pipeline.
 */
final class FakeIngress implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final String secret;

	private final Behaviour behaviour;

	private final AtomicInteger remaining = new AtomicInteger();

	private final Map<String, AtomicInteger> bought = new ConcurrentHashMap<>();

	private final Map<String, Purchase> purchases = new ConcurrentHashMap<>();

	private volatile @Nullable JsonNode sale;

	private FakeIngress(String secret, Behaviour behaviour) throws IOException {
		this.secret = secret;
		this.behaviour = behaviour;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	static FakeIngress start(String secret, Behaviour behaviour) throws IOException {
		return new FakeIngress(secret, behaviour);
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	@Nullable JsonNode createdSale() {
		return this.sale;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			String[] path = exchange.getRequestURI().getPath().split("/");
			if (method.equals("POST") && exchange.getRequestURI().getPath().equals("/api/admin/sales")) {
				createSale(exchange);
			}
			else if (method.equals("POST") && path.length == 5 && path[4].equals("purchases")) {
				purchase(exchange);
			}
			else if (method.equals("GET") && path.length == 4 && path[2].equals("purchases")) {
				poll(exchange, path[3]);
			}
			else if (method.equals("GET") && path.length == 4 && path[2].equals("sales")) {
				saleView(exchange);
			}
			else {
				send(exchange, 404, "{\"error\":\"not_found\"}");
			}
		}
	}

	private void createSale(HttpExchange exchange) throws IOException {
		JWTClaimsSet claims = claims(exchange);
		if (claims == null || !"admin".equals(claims.getClaim("scope"))) {
			send(exchange, 403, "{\"error\":\"forbidden\"}");
			return;
		}
		if (this.behaviour == Behaviour.REFUSE_SALE) {
			send(exchange, 409, "{\"error\":\"sale_exists\",\"message\":\"A sale with this id exists.\"}");
			return;
		}
		JsonNode body = JSON.readTree(exchange.getRequestBody());
		this.sale = body;
		this.remaining.set(body.path("stock").asInt());
		send(exchange, 201, body.toString());
	}

	private void purchase(HttpExchange exchange) throws IOException {
		JWTClaimsSet claims = claims(exchange);
		JsonNode body = JSON.readTree(exchange.getRequestBody());
		if (claims == null) {
			send(exchange, 401, "{\"error\":\"unauthorized\"}");
			return;
		}
		if (exchange.getRequestHeaders().getFirst("Idempotency-Key") == null
				|| !"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
				|| body.path("quantity").asInt() != 1) {
			send(exchange, 400, "{\"error\":\"invalid\"}");
			return;
		}
		String user = claims.getSubject();
		AtomicInteger held = this.bought.computeIfAbsent(user, (key) -> new AtomicInteger());
		int limit = this.sale.path("perUserLimit").asInt();
		if (this.behaviour != Behaviour.OVERSELL && held.incrementAndGet() > limit) {
			held.decrementAndGet();
			send(exchange, 409, "{\"error\":\"limit_reached\",\"message\":\"You hold the limit.\"}");
			return;
		}
		if (this.behaviour != Behaviour.OVERSELL && this.remaining.decrementAndGet() < 0) {
			this.remaining.incrementAndGet();
			held.decrementAndGet();
			send(exchange, 410, "{\"error\":\"sold_out\",\"message\":\"Sold out.\"}");
			return;
		}
		String purchaseId = UUID.randomUUID().toString();
		this.purchases.put(purchaseId, new Purchase(user));
		send(exchange, 202, "{\"purchaseId\":\"" + purchaseId + "\",\"status\":\"PENDING\"}");
	}

	private void poll(HttpExchange exchange, String purchaseId) throws IOException {
		JWTClaimsSet claims = claims(exchange);
		Purchase purchase = this.purchases.get(purchaseId);
		if (claims == null || purchase == null || !purchase.user().equals(claims.getSubject())) {
			send(exchange, 404, "{\"error\":\"not_found\"}");
			return;
		}
		String status = (this.behaviour == Behaviour.NEVER_DECIDE) ? "PENDING" : "CONFIRMED";
		send(exchange, 200, "{\"purchaseId\":\"" + purchaseId + "\",\"saleId\":\"" + this.sale.path("saleId").asString()
				+ "\",\"status\":\"" + status + "\",\"orderId\":\"" + UUID.randomUUID() + "\"}");
	}

	private void saleView(HttpExchange exchange) throws IOException {
		int left = this.remaining.get();
		send(exchange, 200,
				"{\"saleId\":\"" + this.sale.path("saleId").asString() + "\",\"item\":\"x\",\"stock\":"
						+ this.sale.path("stock").asInt() + ",\"remaining\":" + left + ",\"status\":\""
						+ ((left > 0) ? "OPEN" : "SOLD_OUT") + "\"}");
	}

	private @Nullable JWTClaimsSet claims(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		if (header == null || !header.startsWith("Bearer ")) {
			return null;
		}
		try {
			SignedJWT jwt = SignedJWT.parse(header.substring("Bearer ".length()));
			return jwt.verify(new MACVerifier(this.secret)) ? jwt.getJWTClaimsSet() : null;
		}
		catch (ParseException | JOSEException ex) {
			return null;
		}
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	enum Behaviour {

		/** Keeps the contract. */
		HONEST,

		/** Refuses to create the sale. */
		REFUSE_SALE,

		/** Accepts every purchase, beyond stock and limit, and confirms them all. */
		OVERSELL,

		/** Accepts purchases but never decides them. */
		NEVER_DECIDE

	}

	private record Purchase(String user) {
	}

}
