package io.seckill.ingress.system;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP edge with the real security and filters in front of a probe controller:
 * refusals are the documented status and JSON body, before any application code runs.
 */
@WebMvcTest(controllers = HttpEdgeUnitTests.ProbeController.class)
@Import({ SecurityConfiguration.class, HttpEdgeConfiguration.class, HttpEdgeUnitTests.ProbeController.class })
@TestPropertySource(properties = { "seckill.security.jwt.secret=" + HttpEdgeUnitTests.SECRET,
		"seckill.http.max-body-size=64B", "seckill.rate-limit.address.requests-per-second=1",
		"seckill.rate-limit.address.burst=3", "seckill.rate-limit.address.exempt=10.0.0.0/8" })
class HttpEdgeUnitTests {

	static final String SECRET = "edge-unit-test-secret-0123456789-abcdefghij";

	@Autowired
	private MockMvc mvc;

	@Test
	void missingGarbageUnsignedExpiredOrForgedTokensAre401WithBearerChallenge() throws Exception {
		String[] tokens = { null, "garbage", unsigned("alice"), token("alice", "purchase", -120, SECRET),
				token("alice", "purchase", 600, "not-the-secret-not-the-secret-not-the-secret") };
		for (int i = 0; i < tokens.length; i++) {
			String token = tokens[i];
			MockHttpServletRequestBuilder request = post("/api/probe").contentType(MediaType.APPLICATION_JSON)
				.content("{\"value\":1}")
				.with(from("192.0.2." + (100 + i)));
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			assertError(this.mvc.perform(request), 401, "unauthorized")
				.andExpect(header().string("WWW-Authenticate", "Bearer"));
		}
	}

	@Test
	void tokenInTheQueryStringIsNotAccepted() throws Exception {
		assertError(this.mvc.perform(post("/api/probe").param("access_token", token("alice", "purchase", 600, SECRET))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"value\":1}")
			.with(from("192.0.2.11"))), 401, "unauthorized");
	}

	@Test
	void adminCallNeedsTheAdminScope() throws Exception {
		assertError(this.mvc.perform(
				post("/api/admin/probe").header("Authorization", bearer("alice", "purchase")).with(from("192.0.2.12"))),
				403, "forbidden");
		this.mvc
			.perform(post("/api/admin/probe").header("Authorization", bearer("ops", "admin")).with(from("192.0.2.12")))
			.andExpect(status().isOk());
	}

	@Test
	void addressOverItsBudgetIs429WithRetryAfterWhileOthersGoOn() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.mvc.perform(get("/api/sales/s1").with(from("198.51.100.7"))).andExpect(status().isOk());
		}

		assertError(this.mvc.perform(get("/api/sales/s1").with(from("198.51.100.7"))), 429, "rate_limited")
			.andExpect(header().string("Retry-After", "1"));
		this.mvc.perform(get("/api/sales/s1").with(from("198.51.100.8"))).andExpect(status().isOk());
	}

	@Test
	void limitCountsBeforeAuthenticationSoForgedTokenFloodsAreCutToo() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.mvc.perform(post("/api/probe").header("Authorization", "Bearer forged").with(from("198.51.100.20")))
				.andExpect(status().isUnauthorized());
		}

		assertError(
				this.mvc
					.perform(post("/api/probe").header("Authorization", "Bearer forged").with(from("198.51.100.20"))),
				429, "rate_limited");
	}

	@Test
	void exemptRangesAreNeverLimited() throws Exception {
		for (int i = 0; i < 10; i++) {
			this.mvc.perform(get("/api/sales/s1").with(from("10.1.2.3"))).andExpect(status().isOk());
		}
	}

	@Test
	void bodyOverTheLimitIs413BeforeAuthentication() throws Exception {
		assertError(this.mvc.perform(post("/api/probe").contentType(MediaType.APPLICATION_JSON)
			.content("{\"value\":1" + " ".repeat(100) + "}")
			.with(from("192.0.2.13"))), 413, "payload_too_large");
	}

	@Test
	void jsonNullBodyIsRefused() throws Exception {
		assertError(this.mvc.perform(post("/api/probe").header("Authorization", bearer("alice", "purchase"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("null")
			.with(from("192.0.2.14"))), 400, "malformed_body");
	}

	@Test
	void wrongMethodIs405WithAllowAndWrongContentTypeIs415() throws Exception {
		assertError(this.mvc.perform(
				delete("/api/probe").header("Authorization", bearer("alice", "purchase")).with(from("192.0.2.15"))),
				405, "method_not_allowed")
			.andExpect(header().string("Allow", containsString("POST")));
		assertError(this.mvc.perform(post("/api/probe").header("Authorization", bearer("alice", "purchase"))
			.contentType(MediaType.TEXT_PLAIN)
			.content("value=1")
			.with(from("192.0.2.15"))), 415, "unsupported_media_type");
	}

	@Test
	void refusalIsJsonEvenWhenTheClientAcceptsOnlyHtml() throws Exception {
		assertError(this.mvc.perform(post("/api/probe").header("Authorization", bearer("alice", "purchase"))
			.accept(MediaType.TEXT_HTML)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"value\":1}")
			.with(from("192.0.2.16"))), 406, "not_acceptable");
		assertError(this.mvc.perform(post("/api/probe").header("Authorization", bearer("alice", "purchase"))
			.accept(MediaType.TEXT_HTML, MediaType.APPLICATION_JSON)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"value\":\"x\"}")
			.with(from("192.0.2.16"))), 400, "malformed_body");
	}

	private static ResultActions assertError(ResultActions result, int status, String error) throws Exception {
		return result.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.error").value(error))
			.andExpect(jsonPath("$.message").isNotEmpty())
			.andExpect(jsonPath("$.length()").value(2));
	}

	private static RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	private static String bearer(String subject, String scope) {
		return "Bearer " + token(subject, scope, 600, SECRET);
	}

	private static String token(String subject, String scope, long expiresInSeconds, String secret) {
		String header = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		String claims = base64("{\"sub\":\"" + subject + "\",\"scope\":\"" + scope + "\",\"exp\":"
				+ Instant.now().plusSeconds(expiresInSeconds).getEpochSecond() + "}");
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8));
			return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String unsigned(String subject) {
		return base64("{\"alg\":\"none\"}") + "."
				+ base64(
						"{\"sub\":\"" + subject + "\",\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond() + "}")
				+ ".";
	}

	private static String base64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	@RestController
	static class ProbeController {

		@PostMapping(path = "/api/probe", consumes = "application/json", produces = "application/json")
		Probe probe(@RequestBody Probe probe) {
			return probe;
		}

		@PostMapping(path = "/api/admin/probe", produces = "application/json")
		Probe admin() {
			return new Probe(0);
		}

		@GetMapping(path = "/api/sales/{saleId}", produces = "application/json")
		Probe sale(@PathVariable String saleId) {
			return new Probe(1);
		}

	}

	record Probe(int value) {
	}

}
