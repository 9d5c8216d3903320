package io.seckill.ingress.purchase;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.purchase.PurchaseStatus;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.intThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Thousands of generated purchase requests through the real web layer (Jackson as the
 * application configures it, validation, {@code PurchaseController},
 * {@code PurchaseService}'s checks, {@code ApiErrors}) with only the Redis script mocked.
 * For every input: never a 5xx, every refusal is {@code {"error","message"}}, and the
 * script runs exactly when the request is valid, with the quantity the client meant.
 * Valid bodies are known by construction, so the oracle does not reuse the parser under
 * test. Inputs come from a seeded generator ({@code -Dfuzz.seed=N} replays a run; the
 * seed is in every assertion message).
 */
@WebMvcTest(PurchaseController.class)
class PurchaseRequestFuzzUnitTests {

	private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());

	private static final Pattern ALLOWED_KEY_CHARS = Pattern.compile("[A-Za-z0-9._:-]*");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PURCHASE_ID = "3f1c7c0e-1b2a-4c5d-8e9f-0a1b2c3d4e5f";

	private final Random random = new Random(SEED);

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private PurchaseService purchases;

	@MockitoBean
	private PurchaseQuery query;

	@BeforeEach
	void resetService() {
		Mockito.reset(this.purchases);
		given(this.purchases.purchase(anyString(), anyString(), anyInt(), anyString()))
			.willReturn(new PurchaseAnswer(PURCHASE_ID, PurchaseStatus.PENDING));
	}

	private void tries(int count, ThrowingRunnable oneTry) throws Exception {
		for (int i = 0; i < count; i++) {
			resetService();
			oneTry.run();
		}
	}

	@Test
	void constructedBodyIsAcceptedExactlyWhenValidWithTheMeantQuantity() throws Exception {
		tries(2000, () -> {
			Body body = constructedBody();
			MockHttpServletResponse answer = purchase("s1", "key-0000001", body.json());

			if (body.quantity() != null) {
				assertThat(answer.getStatus()).as(seeded(body.json())).isEqualTo(202);
				verify(this.purchases).purchase("s1", "alice", body.quantity(), "key-0000001");
			}
			else {
				assertRefusal(answer, 400, body.error(), body.json());
			}
		});
	}

	@Test
	void arbitraryTextIsNeverAServerErrorAndReachesTheServiceOnlyWhenValid() throws Exception {
		tries(1500, () -> {
			String body = arbitraryBody();
			MockHttpServletResponse answer = purchase("s1", "key-0000001", body);

			assertThat(answer.getStatus()).as(seeded(body)).isIn(202, 400);
			if (answer.getStatus() == 202) {
				verify(this.purchases).purchase(eq("s1"), eq("alice"), intThat((q) -> q >= 1 && q <= 100),
						eq("key-0000001"));
			}
			else {
				assertRefusal(answer, 400, null, body);
			}
		});
	}

	@Test
	void quantityIsAcceptedFrom1To100Only() throws Exception {
		tries(300, () -> {
			int quantity = (this.random.nextBoolean()) ? this.random.nextInt(-5, 110) : this.random.nextInt();
			MockHttpServletResponse answer = purchase("s1", "key-0000001", "{\"quantity\":" + quantity + "}");

			if (quantity >= 1 && quantity <= 100) {
				assertThat(answer.getStatus()).as(seeded(Integer.toString(quantity))).isEqualTo(202);
				verify(this.purchases).purchase("s1", "alice", quantity, "key-0000001");
			}
			else {
				assertRefusal(answer, 400, "invalid_request", Integer.toString(quantity));
			}
		});
	}

	@Test
	void idempotencyKeyIsAcceptedOnlyInItsShape() throws Exception {
		tries(700, () -> idempotencyKeyTry(idempotencyKey()));
	}

	private void idempotencyKeyTry(String key) throws Exception {
		MockHttpServletResponse answer = purchase("s1", key, "{\"quantity\":1}");

		boolean valid = key.length() >= 8 && key.length() <= 100 && ALLOWED_KEY_CHARS.matcher(key).matches();
		if (valid) {
			assertThat(answer.getStatus()).as(seeded(key)).isEqualTo(202);
			verify(this.purchases).purchase("s1", "alice", 1, key);
		}
		else {
			// A blank header may read as missing: either way a 400 that names the key.
			assertRefusal(answer, 400, key.isBlank() ? null : "invalid_idempotency_key", key);
		}
	}

	@Test
	void saleIdOutsideItsShapeIsNotFoundWithoutReachingTheService() throws Exception {
		tries(700, () -> {
			String saleId = saleId();
			MockHttpServletResponse answer = purchase(saleId, "key-0000001", "{\"quantity\":1}");

			boolean valid = saleId.length() >= 1 && saleId.length() <= 64 && Character.isLetterOrDigit(saleId.charAt(0))
					&& saleId.charAt(0) < 128 && saleId.chars()
						.allMatch((c) -> Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-');
			if (valid) {
				assertThat(answer.getStatus()).as(seeded(saleId)).isEqualTo(202);
			}
			else {
				assertRefusal(answer, 404, "not_found", saleId);
			}
		});
	}

	private MockHttpServletResponse purchase(String saleId, String idempotencyKey, String body) throws Exception {
		MockHttpServletRequestBuilder request = post("/api/sales/{saleId}/purchases", saleId)
			.with(jwt().jwt((token) -> token.subject("alice")))
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", idempotencyKey)
			.content(body);
		return this.mvc.perform(request).andReturn().getResponse();
	}

	private void assertRefusal(MockHttpServletResponse answer, int status, @Nullable String error, String input)
			throws Exception {
		assertThat(answer.getStatus()).as(seeded(input)).isEqualTo(status);
		assertThat(answer.getContentType()).as(seeded(input)).startsWith(MediaType.APPLICATION_JSON_VALUE);
		JsonNode json = JSON.readTree(answer.getContentAsString());
		assertThat(json.propertyNames()).as(seeded(input)).containsExactlyInAnyOrder("error", "message");
		assertThat(json.get("message").asString()).as(seeded(input)).isNotBlank();
		if (error != null) {
			assertThat(json.get("error").asString()).as(seeded(input)).isEqualTo(error);
		}
		verify(this.purchases, never()).purchase(anyString(), anyString(), anyInt(), anyString());
	}

	private static String seeded(String input) {
		return "input <" + input + "> (replay with -Dfuzz.seed=" + SEED + ")";
	}

	private Body constructedBody() {
		List<Field> fields = new ArrayList<>();
		int count = this.random.nextInt(4);
		for (int i = 0; i < count; i++) {
			fields.add(new Field(pick(KEYS), value()));
		}
		List<String> spaces = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			spaces.add(text(" \t\r\n", 0, 3));
		}
		String trailer = (this.random.nextInt(11) < 8) ? "" : pick(List.of(" x", "{}", ","));
		return Body.of(fields, spaces, trailer);
	}

	private String arbitraryBody() {
		return switch (this.random.nextInt(3)) {
			case 0 -> anyText(60);
			case 1 -> text("{}[]\":,.-+0123456789eEtrufalsn quantity\\", 0, 40);
			default -> {
				String valid = pick(List.of("{\"quantity\":1}", "{\"quantity\":100}", "{}"));
				int position = Math.min(this.random.nextInt(17), valid.length());
				yield valid.substring(0, position) + anyChar() + valid.substring(position);
			}
		};
	}

	private String idempotencyKey() {
		return this.random.nextBoolean()
				? text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-", 0, 110)
				: text("ab1._:-/\\{}*?[] %$|;'\"\u00e9\u4e2d", 0, 110);
	}

	private String saleId() {
		String id;
		do {
			id = this.random.nextBoolean() ? text("abcdefghijklmnopqrstuvwxyz0123456789._-", 1, 70)
					: text("ab1._-{}*?:$|'\"\u00e9\u4e2d\u0660 ", 1, 70);
		}
		while (id.equals(".") || id.equals(".."));
		return id;
	}

	private static final List<String> KEYS = List.of("quantity", "quantity", "quantity", "quantity", "quantity",
			"quantity", "\\u0071uantity", "Quantity", "QUANTITY", "qty", "price", "userId", "saleId", "", " quantity",
			"quantity ", "quantity\\u0000", "__proto__");

	private Value value() {
		int roll = this.random.nextInt(14);
		int n = this.random.nextBoolean() ? this.random.nextInt(-5, 111) : this.random.nextInt();
		if (roll < 8) {
			return new Value(Integer.toString(n), n, false);
		}
		if (roll < 12) {
			return new Value(pick(List.of(n + ".0", n + ".5", n + "e0", "1E+1", "\"" + n + "\"", "[" + n + "]",
					"{\"n\":" + n + "}", "true", "false", "0" + Math.abs(n), "+" + n, "0x10", "NaN", "Infinity",
					"99999999999999999999", "1_0", "'1'", "\"\"")), null, false);
		}
		return (roll == 12) ? new Value("-0", 0, false) : new Value("null", null, true);
	}

	private <T> T pick(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	private String text(String alphabet, int minLength, int maxLength) {
		int length = minLength + this.random.nextInt(maxLength - minLength + 1);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	private String anyText(int maxLength) {
		int length = this.random.nextInt(maxLength + 1);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(anyChar());
		}
		return text.toString();
	}

	private char anyChar() {
		// Mostly ASCII, sometimes anything a char can hold (control, surrogate, BMP).
		return (char) (this.random.nextInt(4) == 0 ? this.random.nextInt(Character.MAX_VALUE + 1)
				: this.random.nextInt(128));
	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

	/**
	 * A JSON value and what it means as a quantity.
	 *
	 * @param text the JSON text
	 * @param number the int it is, if it is a plain JSON integer that fits an int
	 * @param isNull whether it is {@code null} (the same as leaving quantity out)
	 */
	record Value(String text, @Nullable Integer number, boolean isNull) {
	}

	record Field(String key, Value value) {

		boolean isQuantity() {
			// The escape spells "quantity" too: the parser sees the same name.
			return this.key.equals("quantity") || this.key.equals("\\u0071uantity");
		}

	}

	/**
	 * A generated body with its expected outcome.
	 *
	 * @param json the body
	 * @param quantity what the script must be called with, or {@code null} if refused
	 * @param error the expected error code when refused
	 */
	record Body(String json, @Nullable Integer quantity, @Nullable String error) {

		static Body of(List<Field> fields, List<String> spaces, String trailer) {
			StringBuilder json = new StringBuilder(spaces.get(0)).append('{').append(spaces.get(1));
			List<String> members = new ArrayList<>();
			for (int i = 0; i < fields.size(); i++) {
				Field field = fields.get(i);
				members.add("\"" + field.key() + "\"" + spaces.get(2 + i) + ":" + spaces.get(5) + field.value().text());
			}
			json.append(String.join("," + spaces.get(6), members)).append(spaces.get(7)).append('}').append(trailer);
			return new Body(json.toString(), expectedQuantity(fields, trailer), expectedError(fields, trailer));
		}

		private static boolean wellFormed(List<Field> fields, String trailer) {
			long quantities = fields.stream().filter(Field::isQuantity).count();
			boolean onlyQuantity = fields.stream().allMatch(Field::isQuantity);
			boolean numbersOrNull = fields.stream()
				.allMatch((field) -> field.value().number() != null || field.value().isNull());
			return trailer.isEmpty() && onlyQuantity && quantities <= 1 && numbersOrNull;
		}

		private static @Nullable Integer expectedQuantity(List<Field> fields, String trailer) {
			if (!wellFormed(fields, trailer)) {
				return null;
			}
			Integer quantity = fields.stream()
				.map((field) -> field.value().number())
				.filter(Objects::nonNull)
				.findFirst()
				.orElse(1);
			return (quantity >= 1 && quantity <= 100) ? quantity : null;
		}

		private static String expectedError(List<Field> fields, String trailer) {
			return wellFormed(fields, trailer) ? "invalid_request" : "malformed_body";
		}

	}

}
