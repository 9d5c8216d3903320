package io.seckill.ingress.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.redis.PurchaseHash;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.redis.TestRedis;
import io.seckill.ingress.room.TestRooms;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two long-polls of issue 11 over HTTP, as a client meets them: a ticket's
 * ({@code GET /api/sales/{saleId}/queue/{ticket}}) and a purchase's ({@code GET
 * /api/purchases/{purchaseId}}), answered on Reactor Netty ahead of Spring WebFlux with
 * the answers WebFlux gave: the JSON, the refusals in the order a client is told about
 * them (address budget, token, {@code Accept}, {@code ?wait=}, ownership) and the
 * headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "seckill.relay.enabled=false",
				"seckill.security.jwt.secret=" + LongPollRoutesIntegrationTests.SECRET,
				"seckill.redis.sentinels=${SECKILL_TEST_SENTINELS:127.0.0.1:26390,127.0.0.1:26391,127.0.0.1:26392}",
				"seckill.redis.master-name=${SECKILL_TEST_REDIS_MASTER:seckill-test}",
				"spring.rabbitmq.virtual-host=${SECKILL_TEST_VHOST:seckill-test}" })
@TestPropertySource(locations = "classpath:test-database.properties")
class LongPollRoutesIntegrationTests {

	static final String SECRET = "long-poll-routes-test-secret-0123456789-abcdef";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, String> SECURITY_HEADERS = Map.of("cache-control",
			"no-cache, no-store, max-age=0, must-revalidate", "pragma", "no-cache", "expires", "0",
			"x-content-type-options", "nosniff", "x-frame-options", "DENY", "x-xss-protection", "0", "referrer-policy",
			"no-referrer");

	private static SeckillRedis redis;

	private static TestRooms rooms;

	private static HttpClient client;

	private final String saleId = "polls-" + UUID.randomUUID().toString().substring(0, 8);

	private final String purchaseId = UUID.randomUUID().toString();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@BeforeAll
	static void connect() {
		redis = TestRedis.connect();
		rooms = new TestRooms(redis);
		client = HttpClient.newHttpClient();
	}

	@AfterAll
	static void disconnect() {
		client.close();
		redis.close();
	}

	@AfterEach
	void removeRoomAndPurchase() {
		rooms.remove(this.saleId);
		redis.sync().del(RedisKeys.purchase(this.purchaseId));
	}

	@Test
	void aTicketPollAnswersTheTicketAsJson() throws Exception {
		String ticket = waitingTicket("alice");

		HttpResponse<String> answer = get(ticketPath(ticket), token("alice"));

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode body = JSON.readTree(answer.body());
		assertThat(body.propertyNames()).containsExactly("ticket", "saleId", "status", "position",
				"estimatedWaitSeconds", "refreshAfterSeconds");
		assertThat(body.get("ticket").asString()).isEqualTo(ticket);
		assertThat(body.get("saleId").asString()).isEqualTo(this.saleId);
		assertThat(body.get("status").asString()).isEqualTo("WAITING");
		assertThat(body.get("position").asLong()).isEqualTo(2);
		assertThat(body.get("refreshAfterSeconds").asLong()).isBetween(1L, 20L);
		assertSecurityHeaders(answer);
	}

	@Test
	void aTicketPollWithWaitAnswersWhenItsWaitEnds() throws Exception {
		String ticket = waitingTicket("alice");
		long start = System.nanoTime();

		HttpResponse<String> answer = get(ticketPath(ticket) + "?wait=1s", token("alice"));

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(JSON.readTree(answer.body()).get("status").asString()).isEqualTo("WAITING");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
				Duration.ofSeconds(5));
	}

	@Test
	void ticketPollRefusalsAreTheDocumentedJsonInTheirOrder() throws Exception {
		String ticket = waitingTicket("alice");
		String unknown = "0123456789abcdef0123456789abcdef";

		assertUnauthorized(get(ticketPath(ticket), null));
		assertUnauthorized(get(ticketPath(ticket) + "?wait=abc", "not-a-token"));
		assertUnauthorized(get(ticketPath(ticket), token("alice") + "x"));
		assertRefusal(get(ticketPath(ticket), token("mallory")), 404, "not_found");
		assertRefusal(get(ticketPath(unknown), token("alice")), 404, "not_found");
		assertRefusal(get("/api/sales/" + this.saleId + "x/queue/" + ticket, token("alice")), 404, "not_found");
		for (String wait : new String[] { "abc", "-1", "1.5", "20ms", "PT5S", "12345", "", "1s&wait=2s" }) {
			assertRefusal(get(ticketPath(ticket) + "?wait=" + wait, token("alice")), 400, "invalid_wait");
			assertRefusal(get(ticketPath(unknown) + "?wait=" + wait, token("alice")), 400, "invalid_wait");
		}
		assertRefusal(send(request(ticketPath(ticket) + "?wait=abc", token("alice")).header("Accept", "text/html")),
				406, "not_acceptable");
		assertRefusal(send(request(ticketPath(ticket), token("alice")).header("Accept", "text/html")), 406,
				"not_acceptable");
		assertThat(send(request(ticketPath(ticket), token("alice")).header("Accept", "application/*")).statusCode())
			.isEqualTo(200);
		HttpResponse<String> tooLarge = send(request(ticketPath(ticket), token("alice")).method("GET",
				HttpRequest.BodyPublishers.ofString("x".repeat(9000))));
		assertJsonRefusal(tooLarge, 413, "payload_too_large");
		assertThat(tooLarge.headers().map()).as("refused before Spring Security")
			.doesNotContainKeys(SECURITY_HEADERS.keySet().toArray(String[]::new));
		assertThat(get(ticketPath(ticket) + "?wait=0s&other=1", token("alice")).statusCode()).isEqualTo(200);
	}

	@Test
	void ticketPollEdgeCasesAnswerAsWebFluxDid() throws Exception {
		String ticket = waitingTicket("alice");

		for (String accept : new String[] { "", "application/json;q=0", "*/*;q=0", "application/*+json",
				"text/html;q=1, application/json;q=0.1", "application/json;q=0, text/html" }) {
			assertThat(send(request(ticketPath(ticket), token("alice")).header("Accept", accept)).statusCode())
				.as(accept)
				.isEqualTo(200);
		}
		for (String accept : new String[] { "text/*, application/xml", "application/problem+json", "foo" }) {
			// "foo" (unreadable) was a 406 with an empty body through WebFlux.
			assertRefusal(send(request(ticketPath(ticket), token("alice")).header("Accept", accept)), 406,
					"not_acceptable");
		}
		long start = System.nanoTime();
		assertThat(get(ticketPath(ticket) + "?wait", token("alice")).statusCode()).isEqualTo(200);
		assertThat(get(ticketPath(ticket) + "?wait=0%73", token("alice")).statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("?wait without a value does not wait")
			.isLessThan(Duration.ofMillis(900));
		for (String query : new String[] { "wait=+1", "wait=1s&wait", "wait&wait=1s" }) {
			assertRefusal(get(ticketPath(ticket) + "?" + query, token("alice")), 400, "invalid_wait");
		}
		assertThat(send(request(ticketPath(ticket), token("alice")).header("Authorization", "Bearer x")).statusCode())
			.as("the first Authorization header counts")
			.isEqualTo(200);
		assertThat(send(request(ticketPath(ticket), null).header("Authorization", "bearer " + token("alice")))
			.statusCode()).isEqualTo(200);
		for (String authorization : new String[] { "Bearer", "Bearer ", "Basic YTpi", "Bearer a b",
				"Bearer  " + token("alice") }) {
			assertUnauthorized(send(request(ticketPath(ticket), null).header("Authorization", authorization)));
		}
		assertThat(send(request(ticketPath(ticket), token("alice")).method("HEAD", HttpRequest.BodyPublishers.noBody()))
			.statusCode()).isEqualTo(200);
		assertRefusal(send(request(ticketPath(ticket), token("alice")).POST(HttpRequest.BodyPublishers.noBody())), 405,
				"method_not_allowed");
		assertRefusal(get(ticketPath(ticket) + "/", token("alice")), 404, "not_found");
		assertRefusal(get(ticketPath(ticket.toUpperCase(Locale.ROOT)), token("alice")), 404, "not_found");
	}

	@Test
	void wellFormedPollsAreAnsweredOnTheLeanRoute() throws Exception {
		String ticket = waitingTicket("alice");
		double tickets = answered("ticket", 200);
		double refused = answered("ticket", 404);

		get(ticketPath(ticket), token("alice"));
		get(ticketPath(ticket), token("mallory"));
		get(ticketPath(ticket.toUpperCase(Locale.ROOT)), token("alice"));

		assertThat(answered("ticket", 200)).isEqualTo(tickets + 1);
		assertThat(answered("ticket", 404)).as("the upper-case ticket went to WebFlux").isEqualTo(refused + 1);
	}

	@Test
	void aPurchasePollAnswersItsOwnerAndRefusesTheRest() throws Exception {
		redis.sync()
			.hset(RedisKeys.purchase(this.purchaseId),
					Map.of(PurchaseHash.SALE_ID, "some-sale", PurchaseHash.USER_ID, "alice", PurchaseHash.STATUS,
							"PENDING", PurchaseHash.ACCEPTED_AT, Long.toString(Instant.now().toEpochMilli())));
		String path = "/api/purchases/" + this.purchaseId;
		double answeredBefore = answered("purchase", 200);

		HttpResponse<String> answer = get(path, token("alice"));
		assertThat(answered("purchase", 200)).as("answered on the lean route").isEqualTo(answeredBefore + 1);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(answer.body()).isEqualTo("{\"purchaseId\":\"" + this.purchaseId
				+ "\",\"saleId\":\"some-sale\",\"status\":\"PENDING\",\"refreshAfterSeconds\":1}");
		assertSecurityHeaders(answer);
		long start = System.nanoTime();
		assertThat(get(path + "?wait=1", token("alice")).statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a pending purchase's poll waits")
			.isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));

		assertUnauthorized(get(path, null));
		assertRefusal(get(path, token("mallory")), 404, "not_found");
		assertRefusal(get("/api/purchases/" + UUID.randomUUID(), token("alice")), 404, "not_found");
		assertRefusal(get(path + "?wait=soon", token("alice")), 400, "invalid_wait");
		assertRefusal(get("/api/purchases/" + UUID.randomUUID() + "?wait=soon", token("alice")), 400, "invalid_wait");
		assertRefusal(send(request(path, token("alice")).header("Accept", "text/plain")), 406, "not_acceptable");
	}

	private double answered(String poll, int status) {
		Counter counter = this.meters.find("seckill.poll.answers")
			.tag("poll", poll)
			.tag("status", Integer.toString(status))
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private String waitingTicket(String userId) {
		rooms.load(this.saleId, 10, Instant.now().minusMillis(1), 0.001, Duration.ofMinutes(5), Duration.ofMinutes(2));
		rooms.arrive(this.saleId, "ahead");
		return rooms.arrive(this.saleId, userId);
	}

	private String ticketPath(String ticket) {
		return "/api/sales/" + this.saleId + "/queue/" + ticket;
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		return send(request(path, token));
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertUnauthorized(HttpResponse<String> answer) {
		assertRefusal(answer, 401, "unauthorized");
		assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	private static void assertRefusal(HttpResponse<String> answer, int status, String error) {
		assertJsonRefusal(answer, status, error);
		assertSecurityHeaders(answer);
	}

	/**
	 * As {@link #assertRefusal}, for what is refused before Spring Security's filters.
	 */
	private static void assertJsonRefusal(HttpResponse<String> answer, int status, String error) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode body = JSON.readTree(answer.body());
		assertThat(body.get("error").asString()).as(answer.body()).isEqualTo(error);
		assertThat(body.get("message").asString()).isNotBlank();
	}

	/** Spring Security's defaults, which every answer carried through WebFlux. */
	private static void assertSecurityHeaders(HttpResponse<String> answer) {
		SECURITY_HEADERS
			.forEach((name, value) -> assertThat(answer.headers().allValues(name)).as(name).containsExactly(value));
	}

	private static String token(String userId) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
